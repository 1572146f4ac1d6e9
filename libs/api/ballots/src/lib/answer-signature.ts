import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * ECDSA P-256 with SHA-256, signatures in IEEE P1363 form (r||s, 64 bytes): what WebCrypto's
 * `crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, …)` produces in the browser.
 */
export function parseP256PublicKey(spkiBase64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? key : null;
  } catch {
    return null;
  }
}

export function keyFingerprint(spkiBase64: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex');
}

export function verifyP256(message: string, signatureBase64: string, key: KeyObject): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== signatureBase64) return false;
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

export const sha256Hex = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
