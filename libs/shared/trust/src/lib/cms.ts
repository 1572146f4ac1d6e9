import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256, toArrayBuffer } from './bytes';
import { parseCertificate } from './certificates';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface DetachedSigner {
  certificate: Uint8Array;
  /** Issuing CAs up to (not including) the anchor, carried in the signature for verifiers. */
  chain: readonly Uint8Array[];
  privateKey: CryptoKey;
}

/**
 * A detached CMS SignedData (CAdES baseline B: content type, message digest, signing time and
 * the ESS signing-certificate-v2 attribute) over `content`. PAdES uses the same structure
 * without the signing-time attribute (pass null).
 */
export async function signDetached(content: Uint8Array, signer: DetachedSigner, signingTime: Date | null): Promise<Uint8Array> {
  const certificate = parseCertificate(signer.certificate);
  if (!certificate) throw new Error('The signing certificate cannot be read.');
  const chain = signer.chain.map((der) => parseCertificate(der)).filter((item): item is pkijs.Certificate => item !== null);
  const certificateHash = await sha256(signer.certificate);
  const essCertId = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: toArrayBuffer(certificateHash) }),
              new asn1js.Sequence({
                value: [
                  new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }).toSchema(),
                  new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView.slice().buffer }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            // PAdES keeps the claimed time in the PDF's /M instead (signingTime null).
            ...(signingTime ? [new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] })] : []),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(await sha256(content)) })] }),
            new pkijs.Attribute({ type: OID.signingCertificateV2, values: [essCertId] }),
          ],
        }),
      }),
    ],
    certificates: [certificate, ...chain],
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export interface DetachedSignature {
  /** True when the signature over the signed attributes verifies and the digest matches `content`. */
  intact: boolean;
  signer: pkijs.Certificate | null;
  /** Every certificate the signature carries (candidates for intermediates). */
  certificates: pkijs.Certificate[];
  signingTime: Date | null;
  problem: string | null;
}

/** Checks a detached CMS signature over `content`; trust in the signer is the caller's next step. */
export async function verifyDetached(cms: Uint8Array, content: Uint8Array): Promise<DetachedSignature> {
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return { intact: false, signer: null, certificates: [], signingTime: null, problem: 'the seal is not a CMS signature' };
  }
  const certificates = (signedData.certificates ?? []).filter((item): item is pkijs.Certificate => item instanceof pkijs.Certificate);
  const signerInfo = signedData.signerInfos[0];
  const signingTimeAttribute = signerInfo?.signedAttrs?.attributes.find((attribute) => attribute.type === OID.signingTime);
  const timeValue = signingTimeAttribute?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const signingTime = timeValue && 'toDate' in timeValue ? timeValue.toDate() : null;
  if (signedData.signerInfos.length !== 1 || !signerInfo?.signedAttrs) {
    return { intact: false, signer: null, certificates, signingTime, problem: 'the seal must hold exactly one signer with signed attributes' };
  }
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(content), extendedMode: true, checkChain: false });
    const signer = result.signerCertificate ?? null;
    return { intact: result.signatureVerified === true, signer, certificates, signingTime, problem: result.signatureVerified ? null : 'the seal does not match the content' };
  } catch (error) {
    const message = (error as { message?: string } | undefined)?.message;
    return { intact: false, signer: null, certificates, signingTime, problem: `the seal does not match the content${message ? ` (${message})` : ''}` };
  }
}
