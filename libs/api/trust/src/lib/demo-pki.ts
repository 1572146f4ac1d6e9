import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { DEMO_ORGANIZATION, EC_KEY, KEY_PURPOSE, issueCertificate, parseCertificate, toBase64, fromBase64, toPem, type NameParts } from '@ecabinet/shared/trust';

export interface StoredAuthority {
  /** DER certificate. */
  certificate: Uint8Array;
  /** PKCS#8 DER. */
  privateKey: Uint8Array;
}

export interface DemoPki {
  root: StoredAuthority;
  officer: StoredAuthority;
  seal: StoredAuthority;
}

const FILE = 'demo-pki.json';
const YEARS_20 = 20 * 365 * 24 * 3_600_000;

/**
 * The embedded default's certificates, created once in DATA_DIR/pki: a DEMO root, a DEMO
 * certificate officer CA (which certifies demo devices on registration, since the demo has
 * no officer) and a DEMO seal. Instances sharing DATA_DIR race to create it: the first
 * complete file wins (written aside, then hard-linked into place, which fails if one exists), the others read it.
 */
export async function ensureDemoPki(dataDir: string): Promise<DemoPki> {
  const dir = join(dataDir, 'pki');
  const file = join(dir, FILE);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const pki = await createDemoPki();
    const aside = join(dir, `${FILE}.${process.pid}.${Date.now()}`);
    writeFileSync(aside, JSON.stringify(serialise(pki)), { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch {
      // Another instance linked its file first: use theirs.
    }
    unlinkSync(aside);
  }
  const pki = deserialise(JSON.parse(readFileSync(file, 'utf8')));
  const rootPem = join(dir, 'demo-root.pem');
  if (!existsSync(rootPem)) writeFileSync(rootPem, toPem(pki.root.certificate, 'CERTIFICATE'));
  // The demo root's key beside it, so a demo officer's CA can be signed with `npm run ca -- sign-officer`
  // as in production (it is in demo-pki.json anyway; nothing signed under it is trusted outside the demo).
  const rootKey = join(dir, 'demo-root.key');
  if (!existsSync(rootKey)) writeFileSync(rootKey, toPem(pki.root.privateKey, 'PRIVATE KEY'), { mode: 0o600 });
  return pki;
}

async function createDemoPki(): Promise<DemoPki> {
  const now = Date.now() - 3_600_000;
  const notBefore = new Date(now);
  const notAfter = new Date(now + YEARS_20);
  const root = await authority({ commonName: 'DEMO e-Cabinet Root CA', organization: DEMO_ORGANIZATION, country: 'VN' }, null, { pathLength: 1 }, notBefore, notAfter);
  const officer = await authority({ commonName: 'DEMO Certificate Officer CA', organization: DEMO_ORGANIZATION, country: 'VN' }, root, { pathLength: 0 }, notBefore, notAfter);
  const seal = await authority({ commonName: 'DEMO seal of the Government Office', organization: DEMO_ORGANIZATION, country: 'VN' }, root, null, notBefore, notAfter);
  return { root, officer, seal };
}

async function authority(subject: NameParts, issuer: StoredAuthority | null, ca: { pathLength: number } | null, notBefore: Date, notAfter: Date): Promise<StoredAuthority> {
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;
  const keys = (await subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuerCertificate = issuer ? parseCertificate(issuer.certificate) : null;
  const issuerKey = issuer ? await importSigningKey(issuer.privateKey) : keys.privateKey;
  const certificate = await issueCertificate({
    subject,
    publicKey: keys.publicKey,
    issuerCertificate,
    issuerKey,
    notBefore,
    notAfter,
    authority: ca ?? undefined,
    purposes: ca ? undefined : [KEY_PURPOSE.emailProtection],
  });
  return { certificate, privateKey: new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** A PKCS#8 private key (EC P-256/P-384 or RSA) as a non-extractable WebCrypto signing key. */
export async function importSigningKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;
  const data = new Uint8Array(pkcs8).buffer as ArrayBuffer;
  for (const algorithm of [
    { name: 'ECDSA', namedCurve: 'P-256' },
    { name: 'ECDSA', namedCurve: 'P-384' },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ]) {
    try {
      return await subtle.importKey('pkcs8', data, algorithm, false, ['sign']);
    } catch {
      // Try the next kind of key.
    }
  }
  throw new Error('the private key is neither EC P-256/P-384 nor RSA');
}

function serialise(pki: DemoPki): Record<string, { certificate: string; privateKey: string }> {
  const entries = Object.entries(pki) as [keyof DemoPki, StoredAuthority][];
  return Object.fromEntries(entries.map(([name, item]) => [name, { certificate: toBase64(item.certificate), privateKey: toBase64(item.privateKey) }]));
}

function deserialise(stored: Record<string, { certificate: string; privateKey: string }>): DemoPki {
  const read = (name: keyof DemoPki): StoredAuthority => {
    const item = stored[name];
    const certificate = item ? fromBase64(item.certificate) : null;
    const privateKey = item ? fromBase64(item.privateKey) : null;
    if (!certificate || !privateKey) throw new Error(`DATA_DIR/pki/${FILE} is damaged (${name}); delete it to make a new demo PKI`);
    return { certificate, privateKey };
  };
  return { root: read('root'), officer: read('officer'), seal: read('seal') };
}
