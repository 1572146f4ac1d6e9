import { createPrivateKey, webcrypto } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import { EC_KEY, certificatesFromPem, isCertificateAuthority, issueCertificate, pemBlocks, readCertificationRequest, spkiFingerprint, toPem, parseCertificate } from '@ecabinet/shared/trust';

const DAY = 86_400_000;
type Print = (line: string) => void;

/**
 * `ca`: the root holder's command, run offline on the machine that holds the root key.
 *   ca init-root --out <dir> --name "<common name>" [--org "<organisation>"] [--days 3650]
 *       a root of your own (where no national root is used): <dir>/root.pem and <dir>/root.key
 *   ca sign-officer --csr officer.csr --root-cert root.pem --root-key root.key --out officer.pem [--days 730]
 *       the certificate officer's CA certificate, from the request his device made (its key never
 *       leaves the device): a CA that issues members' device certificates only (path length 0)
 * Exit 0: done; 1: refused (a bad request, a key that is not the root's); 2: a usage error.
 */
export async function caCommand(args: string[], print: Print): Promise<number> {
  const [sub, ...rest] = args;
  const options = readOptions(rest);
  if (!options) {
    print(USAGE);
    return 2;
  }
  try {
    if (sub === 'init-root') return await initRoot(options, print);
    if (sub === 'sign-officer') return await signOfficer(options, print);
  } catch (error) {
    print(`Could not complete: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  print(USAGE);
  return 2;
}

const USAGE = [
  'Usage:',
  '  ca init-root --out <dir> --name "<common name>" [--org "<organisation>"] [--days 3650]',
  '  ca sign-officer --csr <officer.csr> --root-cert <root.pem> --root-key <root.key> --out <officer.pem> [--days 730]',
].join('\n');

function readOptions(args: string[]): Map<string, string> | null {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (!name?.startsWith('--') || value === undefined || value.startsWith('--')) return null;
    options.set(name.slice(2), value);
  }
  return options;
}

function days(options: Map<string, string>, fallback: number): number | null {
  const value = Number(options.get('days') ?? fallback);
  return Number.isInteger(value) && value > 0 && value <= 36_500 ? value : null;
}

async function initRoot(options: Map<string, string>, print: Print): Promise<number> {
  const out = options.get('out');
  const name = options.get('name');
  const validity = days(options, 3650);
  if (!out || !name || validity === null) {
    print(USAGE);
    return 2;
  }
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = new Date();
  const der = await issueCertificate({
    subject: { commonName: name, organization: options.get('org') },
    publicKey: keys.publicKey,
    issuerCertificate: null,
    issuerKey: keys.privateKey,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + validity * DAY),
    authority: { pathLength: 1 },
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'root.pem'), toPem(der, 'CERTIFICATE'));
  writeFileSync(join(out, 'root.key'), toPem(new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), 'PRIVATE KEY'), { mode: 0o600 });
  chmodSync(join(out, 'root.key'), 0o600);
  print(`Root written: ${join(out, 'root.pem')} (give it as TRUST_ANCHORS) and ${join(out, 'root.key')} (keep it offline).`);
  return 0;
}

async function signOfficer(options: Map<string, string>, print: Print): Promise<number> {
  const [csrFile, certFile, keyFile, out] = [options.get('csr'), options.get('root-cert'), options.get('root-key'), options.get('out')];
  const validity = days(options, 730);
  if (!csrFile || !certFile || !keyFile || !out || validity === null) {
    print(USAGE);
    return 2;
  }
  const request = await readCertificationRequest(derOf(readFileSync(csrFile), 'CERTIFICATE REQUEST'));
  if (!request) {
    print(`${csrFile} is not a certificate request whose signature verifies with the P-256 key it carries.`);
    return 1;
  }
  if (request.subject.userId) {
    print("The request names a user (UID): it is a member's device key, not a certificate officer's.");
    return 1;
  }
  const [root] = certificatesFromPem(readFileSync(certFile, 'utf8'));
  if (!root || !isCertificateAuthority(root)) {
    print(`${certFile} holds no CA certificate.`);
    return 1;
  }
  const rootKey = await importPrivateKey(readFileSync(keyFile, 'utf8'));
  if (!(await keyMatches(root, rootKey))) {
    print(`${keyFile} is not the private key of ${certFile}.`);
    return 1;
  }
  const now = new Date();
  const der = await issueCertificate({
    subject: request.subject,
    publicKey: request.publicKey,
    issuerCertificate: root,
    issuerKey: rootKey,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(Math.min(now.getTime() + validity * DAY, root.notAfter.value.getTime())),
    authority: { pathLength: 0 },
  });
  writeFileSync(out, toPem(der, 'CERTIFICATE'));
  const fingerprint = await spkiFingerprint(parseCertificate(der) as pkijs.Certificate);
  print(`Officer CA certificate written: ${out}, for "${request.subject.commonName}".`);
  print(`Key fingerprint (compare it with the officer's device before handing the file over): ${fingerprint.match(/.{4}/g)?.join(' ')}`);
  return 0;
}

/** A PEM block of `label`, or the bytes as they are (DER). */
function derOf(bytes: Buffer, label: string): Uint8Array {
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return new Uint8Array(bytes);
  return pemBlocks(text, label)[0] ?? new Uint8Array(0);
}

/** A PEM private key in any form OpenSSL writes (PKCS#8 or SEC1 "EC PRIVATE KEY"), as a WebCrypto signing key. */
async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const pkcs8 = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, EC_KEY, false, ['sign']) as Promise<CryptoKey>;
}

async function keyMatches(certificate: pkijs.Certificate, privateKey: CryptoKey): Promise<boolean> {
  const probe = new TextEncoder().encode('ecabinet-ca-probe');
  const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, probe);
  return webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await certificate.getPublicKey(), signature, probe);
}
