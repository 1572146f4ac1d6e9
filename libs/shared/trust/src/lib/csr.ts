import * as pkijs from 'pkijs';
import { subtleCrypto, toArrayBuffer } from './bytes';
import { EC_KEY, NAME_OID, buildName, nameField, type NameParts } from './certificates';

/**
 * Certificate requests (PKCS#10): a device, or a certificate officer's device, asks for a
 * certificate of its own key with one, signed with that key so the request proves its holder has
 * it. The private key may be non-extractable: only WebCrypto's sign is used.
 */
export async function createCertificationRequest(keys: { publicKey: CryptoKey; privateKey: CryptoKey }, subject: NameParts): Promise<Uint8Array> {
  const request = new pkijs.CertificationRequest();
  request.version = 0;
  request.subject = buildName(subject);
  await request.subjectPublicKeyInfo.importKey(keys.publicKey);
  await request.sign(keys.privateKey, 'SHA-256');
  return new Uint8Array(request.toSchema().toBER(false));
}

export interface CertificationRequestInfo {
  /** The requested subject's fields. */
  subject: NameParts;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  /** The requester's public key, as a WebCrypto key (to certify it). */
  publicKey: CryptoKey;
}

/**
 * Reads a request and checks its signature with the key it carries (a P-256 key): null when the
 * bytes are not a request, the key is not P-256, or the signature does not verify.
 */
export async function readCertificationRequest(der: Uint8Array | ArrayBuffer): Promise<CertificationRequestInfo | null> {
  let request: pkijs.CertificationRequest;
  try {
    request = pkijs.CertificationRequest.fromBER(toArrayBuffer(der));
  } catch {
    return null;
  }
  try {
    if (!(await request.verify())) return null;
    const spki = new Uint8Array(request.subjectPublicKeyInfo.toSchema().toBER(false));
    const publicKey = await subtleCrypto().importKey('spki', toArrayBuffer(spki), EC_KEY, true, ['verify']);
    const field = (oid: string) => nameField(request.subject, oid) ?? undefined;
    return {
      subject: { commonName: field(NAME_OID.commonName) ?? '', organization: field(NAME_OID.organization), country: field(NAME_OID.country), userId: field(NAME_OID.userId) },
      spki,
      publicKey,
    };
  } catch {
    return null;
  }
}
