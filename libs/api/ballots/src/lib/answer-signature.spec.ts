import { generateKeyPairSync, sign } from 'node:crypto';
import { keyFingerprint, parseP256PublicKey, verifyP256 } from './answer-signature';

describe('answer signatures (ECDSA P-256, SHA-256, IEEE P1363)', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const message = '{"answers":[{"choice":"agree"}]}';
  const signature = sign('sha256', Buffer.from(message), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');

  it('verifies what a WebCrypto-style signer produced, and nothing else', () => {
    const key = parseP256PublicKey(spki);
    if (!key) throw new Error('the P-256 key was refused');
    expect(verifyP256(message, signature, key)).toBe(true);
    expect(verifyP256(message.replace('agree', 'other'), signature, key)).toBe(false);
    const der = sign('sha256', Buffer.from(message), { key: pair.privateKey }).toString('base64');
    expect(verifyP256(message, der, key)).toBe(false); // DER form is not the contract
    expect(verifyP256(message, `${signature.slice(0, -2)}<=`, key)).toBe(false);
  });

  it('accepts only P-256 public keys', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseP256PublicKey(other)).toBeNull();
    expect(parseP256PublicKey('not base64 at all')).toBeNull();
  });

  it('fingerprints the key as the SHA-256 of its SPKI bytes', () => {
    expect(keyFingerprint(spki)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFingerprint(spki)).not.toBe(keyFingerprint(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64')));
  });
});
