import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes';
import { EC_KEY, issueCertificate, parseCertificate } from './certificates';

/** A throwaway root → officer CA → leaf hierarchy for specs. */
export interface TestAuthority {
  der: Uint8Array;
  certificate: pkijs.Certificate;
  keys: CryptoKeyPair;
}

export const YEAR = 365 * 24 * 3_600_000;

export async function testAuthority(commonName: string, parent: TestAuthority | null, pathLength: number, notBefore = new Date(Date.now() - 3_600_000)): Promise<TestAuthority> {
  const keys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const der = await issueCertificate({
    subject: { commonName, organization: 'Test' },
    publicKey: keys.publicKey,
    issuerCertificate: parent?.certificate ?? null,
    issuerKey: parent?.keys.privateKey ?? keys.privateKey,
    notBefore,
    notAfter: new Date(notBefore.getTime() + YEAR),
    authority: { pathLength },
  });
  return { der, certificate: parseCertificate(der) as pkijs.Certificate, keys };
}

export async function testLeaf(issuer: TestAuthority, userId: string, purposes: string[] = []): Promise<TestAuthority> {
  const keys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const der = await issueCertificate({
    subject: { commonName: `User ${userId}`, userId },
    publicKey: keys.publicKey,
    issuerCertificate: issuer.certificate,
    issuerKey: issuer.keys.privateKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + YEAR),
    purposes,
  });
  return { der, certificate: parseCertificate(der) as pkijs.Certificate, keys };
}

/** id-kp-timeStamping: the only purpose a TSA's certificate has. */
export const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/**
 * What a time-stamp authority answers to an RFC 3161 request, for tests (a TSA is outside the
 * product): a token over the request's imprint with its nonce, signed by `tsa`, dated `genTime`.
 */
export async function testTimestampResponse(requestDer: Uint8Array, tsa: TestAuthority, genTime = new Date()): Promise<Uint8Array> {
  const request = pkijs.TimeStampReq.fromBER(toArrayBuffer(requestDer));
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.99999.1',
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ value: Math.floor(Math.random() * 1_000_000) + 1 }),
    genTime,
    nonce: request.nonce,
  });
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.9.16.1.4', eContent: new asn1js.OctetString({ valueHex: info.toSchema().toBER(false) }) }),
    signerInfos: [new pkijs.SignerInfo({ version: 1, sid: new pkijs.IssuerAndSerialNumber({ issuer: tsa.certificate.issuer, serialNumber: tsa.certificate.serialNumber }) })],
    certificates: [tsa.certificate],
  });
  await signedData.sign(tsa.keys.privateKey, 0, 'SHA-256');
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}
