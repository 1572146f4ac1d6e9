import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromHex, pemBlocks, sha256Hex, subtleCrypto, toArrayBuffer, toHex } from './bytes';

/** Attribute types used in e-Cabinet names. `UID` carries the e-Cabinet user id of a member's key. */
export const NAME_OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  country: '2.5.4.6',
  userId: '0.9.2342.19200300.100.1.1',
} as const;

/**
 * Extended key usages. A seal carries `emailProtection`, what PDF readers expect of a document
 * signer. A member's answer key is recognised by its subject (a UID naming the member) and by not
 * being a CA; it needs no private key purpose.
 */
export const KEY_PURPOSE = {
  emailProtection: '1.3.6.1.5.5.7.3.4',
} as const;

export const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
export const EC_SIGN: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

export interface NameParts {
  commonName: string;
  organization?: string;
  country?: string;
  userId?: string;
}

/** One attribute per RDN (C, O, UID, CN), as X.500 names are usually written. */
export function buildName(parts: NameParts): pkijs.RelativeDistinguishedNames {
  const attributes: pkijs.AttributeTypeAndValue[] = [];
  const add = (type: string, value: string | undefined, printable = false) => {
    if (value === undefined || value === '') return;
    const encoded = printable ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value });
    attributes.push(new pkijs.AttributeTypeAndValue({ type, value: encoded }));
  };
  add(NAME_OID.country, parts.country, true);
  add(NAME_OID.organization, parts.organization);
  add(NAME_OID.userId, parts.userId);
  add(NAME_OID.commonName, parts.commonName);
  // pkijs would put every attribute in one multi-valued RDN; encode one SET per attribute and read it back.
  const sequence = new asn1js.Sequence({ value: attributes.map((attribute) => new asn1js.Set({ value: [attribute.toSchema()] })) });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

export function nameField(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const attribute = name.typesAndValues.find((item) => item.type === oid);
  const value = (attribute?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof value === 'string' ? value : null;
}

/** "CN=…, O=…" for messages. */
export function describeName(name: pkijs.RelativeDistinguishedNames): string {
  const labels: Record<string, string> = { [NAME_OID.commonName]: 'CN', [NAME_OID.organization]: 'O', [NAME_OID.userId]: 'UID', [NAME_OID.country]: 'C' };
  return name.typesAndValues.map((item) => `${labels[item.type] ?? item.type}=${nameField(name, item.type) ?? '?'}`).join(', ');
}

export function parseCertificate(der: Uint8Array | ArrayBuffer): pkijs.Certificate | null {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(der));
  } catch {
    return null;
  }
}

export function certificateDer(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

export function serialHex(certificate: pkijs.Certificate): string {
  return toHex(certificate.serialNumber.valueBlock.valueHexView);
}

/** SHA-256 of the SubjectPublicKeyInfo DER: the fingerprint a member compares with his device. */
export function spkiFingerprint(certificate: pkijs.Certificate): Promise<string> {
  return sha256Hex(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
}

export function isCertificateAuthority(certificate: pkijs.Certificate): boolean {
  const extension = certificate.extensions?.find((item) => item.extnID === '2.5.29.19');
  return (extension?.parsedValue as pkijs.BasicConstraints | undefined)?.cA === true;
}

export function publicKeyOf(certificate: pkijs.Certificate): Promise<CryptoKey> {
  return certificate.getPublicKey();
}

export interface IssueRequest {
  subject: NameParts;
  publicKey: CryptoKey;
  /** The issuer's certificate, or null for a self-signed root. */
  issuerCertificate: pkijs.Certificate | null;
  issuerKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  /** For a CA: how many CAs may follow it (0: it issues end entities only). */
  authority?: { pathLength: number };
  purposes?: string[];
  serial?: Uint8Array;
}

/** Issues an X.509 v3 certificate; all the keys are WebCrypto keys, which may be non-extractable. */
export async function issueCertificate(request: IssueRequest): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = request.serial ?? globalThis.crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
  certificate.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  certificate.subject = buildName(request.subject);
  certificate.issuer = request.issuerCertificate ? request.issuerCertificate.subject : buildName(request.subject);
  certificate.notBefore.value = request.notBefore;
  certificate.notAfter.value = request.notAfter;
  await certificate.subjectPublicKeyInfo.importKey(request.publicKey);

  const subjectKeyId = new Uint8Array(await subtleCrypto().digest('SHA-1', certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice()));
  const issuerKeyId = request.issuerCertificate
    ? new Uint8Array(await subtleCrypto().digest('SHA-1', request.issuerCertificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice()))
    : subjectKeyId;
  const keyUsageBits = request.authority ? 0x06 /* keyCertSign, cRLSign */ : 0xc0; /* digitalSignature, nonRepudiation */
  const extensions: pkijs.Extension[] = [
    extension('2.5.29.19', true, request.authority ? new pkijs.BasicConstraints({ cA: true, pathLenConstraint: request.authority.pathLength }) : new pkijs.BasicConstraints({ cA: false })),
    extension('2.5.29.15', true, new asn1js.BitString({ valueHex: new Uint8Array([keyUsageBits]).buffer, unusedBits: request.authority ? 1 : 6 })),
    extension('2.5.29.14', false, new asn1js.OctetString({ valueHex: subjectKeyId.buffer })),
    extension('2.5.29.35', false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: issuerKeyId.buffer }) })),
  ];
  if (request.purposes?.length) extensions.push(extension('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: request.purposes })));
  certificate.extensions = extensions;
  await certificate.sign(request.issuerKey, 'SHA-256');
  return certificateDer(certificate);
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType } | asn1js.AsnType): pkijs.Extension {
  const schema = 'toSchema' in value && typeof value.toSchema === 'function' ? value.toSchema() : (value as asn1js.AsnType);
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

export interface Revocation {
  serialHex: string;
  revokedAt: Date;
}

/** A CRL signed by the issuing CA's key: revocations take effect from their date. */
export async function issueCrl(issuerCertificate: pkijs.Certificate, issuerKey: CryptoKey, revoked: readonly Revocation[], thisUpdate: Date, nextUpdate: Date): Promise<Uint8Array> {
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuerCertificate.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: nextUpdate });
  if (revoked.length) {
    crl.revokedCertificates = revoked.map(
      (item) => new pkijs.RevokedCertificate({ userCertificate: new asn1js.Integer({ valueHex: toArrayBuffer(fromHex(item.serialHex)) }), revocationDate: new pkijs.Time({ type: 0, value: item.revokedAt }) }),
    );
  }
  await crl.sign(issuerKey, 'SHA-256');
  return new Uint8Array(crl.toSchema(true).toBER(false));
}

export function parseCrl(der: Uint8Array | ArrayBuffer): pkijs.CertificateRevocationList | null {
  try {
    return pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
  } catch {
    return null;
  }
}

export interface CrlContent {
  thisUpdate: Date;
  nextUpdate: Date | null;
  revoked: Revocation[];
}

/** What each parsed list says under each issuer, checked once (a bundle asks it for every answer). */
const crlContents = new WeakMap<pkijs.CertificateRevocationList, WeakMap<pkijs.Certificate, Promise<CrlContent | null>>>();

/** A revocation list's content once its issuer and signature are checked against `issuer`; null when they are not. */
export function readCrl(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate): Promise<CrlContent | null> {
  let known = crlContents.get(crl);
  let content = known?.get(issuer);
  if (!content) {
    content = checkCrl(crl, issuer);
    if (!known) crlContents.set(crl, (known = new WeakMap()));
    known.set(issuer, content);
  }
  return content;
}

async function checkCrl(crl: pkijs.CertificateRevocationList, issuer: pkijs.Certificate): Promise<CrlContent | null> {
  if (!crl.issuer.isEqual(issuer.subject)) return null;
  let genuine = false;
  try {
    genuine = await crl.verify({ issuerCertificate: issuer });
  } catch {
    genuine = false;
  }
  if (!genuine) return null;
  const revoked = (crl.revokedCertificates ?? []).map((entry) => ({ serialHex: toHex(entry.userCertificate.valueBlock.valueHexView), revokedAt: entry.revocationDate.value }));
  return { thisUpdate: crl.thisUpdate.value, nextUpdate: crl.nextUpdate?.value ?? null, revoked };
}

export interface ChainInput {
  /** Certificates that may be intermediates (officer CAs). */
  intermediates: readonly pkijs.Certificate[];
  /** The caller's trust anchors: never taken from the document being checked. */
  anchors: readonly pkijs.Certificate[];
  crls: readonly pkijs.CertificateRevocationList[];
  /** The time the signature was made: validity and revocation are judged then. */
  at: Date;
}

/**
 * Walks from `leaf` up to one of the anchors: each link's signature, each certificate's
 * validity at `at`, every issuer a CA, and no certificate revoked on or before `at` by a CRL
 * that its issuer signed. Returns the problems found (none: the chain holds).
 */
export async function validateChain(leaf: pkijs.Certificate, input: ChainInput): Promise<string[]> {
  let current = leaf;
  for (let depth = 0; depth < 6; depth++) {
    if (!validAt(current, input.at)) return [`the certificate of ${describeName(current.subject)} was not valid at ${input.at.toISOString()}`];
    const anchor = await findIssuer(current, input.anchors);
    const issuer = anchor ?? (await findIssuer(current, input.intermediates));
    if (!issuer) return [`the certificate of ${describeName(current.subject)} does not chain to a trust anchor`];
    if (!isCertificateAuthority(issuer)) return [`${describeName(issuer.subject)} is not a certification authority`];
    if (!validAt(issuer, input.at)) return [`the certificate of ${describeName(issuer.subject)} was not valid at ${input.at.toISOString()}`];
    const revokedAt = await revocationDate(current, issuer, input.crls);
    if (revokedAt && revokedAt.getTime() <= input.at.getTime()) {
      return [`the certificate of ${describeName(current.subject)} was revoked on ${revokedAt.toISOString()}, before the signature`];
    }
    if (anchor) return [];
    current = issuer;
  }
  return ['the certificate chain is too long'];
}

function validAt(certificate: pkijs.Certificate, at: Date): boolean {
  return certificate.notBefore.value.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.value.getTime();
}

/**
 * Whether `issuer` signed `certificate`, remembered per pair of parsed certificates: a bundle's
 * thousand answers chain through the same officer CA to the same root, whose signature need not
 * be checked a thousand times. Keyed by the objects, so nothing outlives them.
 */
const signedBy = new WeakMap<pkijs.Certificate, WeakMap<pkijs.Certificate, boolean>>();

async function issuerSigned(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  let known = signedBy.get(certificate);
  const remembered = known?.get(issuer);
  if (remembered !== undefined) return remembered;
  let verified = false;
  try {
    verified = await certificate.verify(issuer);
  } catch {
    // A malformed candidate is not the issuer.
  }
  if (!known) signedBy.set(certificate, (known = new WeakMap()));
  known.set(issuer, verified);
  return verified;
}

async function findIssuer(certificate: pkijs.Certificate, candidates: readonly pkijs.Certificate[]): Promise<pkijs.Certificate | null> {
  for (const candidate of candidates) {
    if (!candidate.subject.isEqual(certificate.issuer)) continue;
    if (await issuerSigned(certificate, candidate)) return candidate;
  }
  return null;
}

async function revocationDate(certificate: pkijs.Certificate, issuer: pkijs.Certificate, crls: readonly pkijs.CertificateRevocationList[]): Promise<Date | null> {
  const serial = serialHex(certificate);
  let earliest: Date | null = null;
  for (const crl of crls) {
    const content = await readCrl(crl, issuer);
    for (const entry of content?.revoked ?? []) {
      if (entry.serialHex !== serial) continue;
      if (!earliest || entry.revokedAt < earliest) earliest = entry.revokedAt;
    }
  }
  return earliest;
}

/** Every certificate in a PEM text (a roots file); unreadable blocks are left out. */
export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  return pemBlocks(pem, 'CERTIFICATE')
    .map((der) => parseCertificate(der))
    .filter((item): item is pkijs.Certificate => item !== null);
}

/** Every CRL in a PEM text. */
export function crlsFromPem(pem: string): pkijs.CertificateRevocationList[] {
  return pemBlocks(pem, 'X509 CRL')
    .map((der) => parseCrl(der))
    .filter((item): item is pkijs.CertificateRevocationList => item !== null);
}
