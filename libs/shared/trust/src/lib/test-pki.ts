import { EC_KEY, issueCertificate, parseCertificate } from './certificates';
import type * as pkijs from 'pkijs';

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
