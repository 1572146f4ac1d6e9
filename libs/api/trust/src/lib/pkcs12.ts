import * as pkijs from 'pkijs';
import { toArrayBuffer } from '@ecabinet/shared/trust';

const BAG = { key: '1.2.840.113549.1.12.10.1.2', certificate: '1.2.840.113549.1.12.10.1.3' } as const;

export interface Pkcs12Content {
  /** DER certificates, in the file's order (the signer's first is not guaranteed). */
  certificates: Uint8Array[];
  /** The private key, PKCS#8 DER. */
  privateKey: Uint8Array;
}

/**
 * Reads a password-protected PKCS#12 file as OpenSSL and the common CA tools write it (PBES2 /
 * AES, or the legacy PKCS#12 ciphers pkijs knows), checking its integrity MAC. Throws with a
 * sentence an operator can act on.
 */
export async function readPkcs12(file: Uint8Array, password: string): Promise<Pkcs12Content> {
  const secret = toArrayBuffer(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(file));
  } catch {
    throw new Error('is not a PKCS#12 file');
  }
  try {
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true });
  } catch {
    throw new Error('cannot be opened with SEAL_P12_PASSWORD (wrong password, or a damaged file)');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('holds no content');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: secret })) });
  } catch {
    throw new Error('cannot be decrypted with SEAL_P12_PASSWORD');
  }
  const certificates: Uint8Array[] = [];
  let privateKey: Uint8Array | null = null;
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === BAG.certificate) {
        const parsed = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (parsed instanceof pkijs.Certificate) certificates.push(new Uint8Array(parsed.toSchema(true).toBER(false)));
      } else if (bag.bagId === BAG.key) {
        // Public in pkijs' JavaScript, though its typings mark it protected.
        const shrouded = bag.bagValue as unknown as { parseInternalValues(parameters: { password: ArrayBuffer }): Promise<void>; parsedValue?: pkijs.PrivateKeyInfo };
        await shrouded.parseInternalValues({ password: secret });
        if (shrouded.parsedValue) privateKey = new Uint8Array(shrouded.parsedValue.toSchema().toBER(false));
      }
    }
  }
  if (!privateKey) throw new Error('holds no private key');
  if (certificates.length === 0) throw new Error('holds no certificate');
  return { certificates, privateKey };
}
