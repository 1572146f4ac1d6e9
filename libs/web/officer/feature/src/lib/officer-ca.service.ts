import { Injectable, inject } from '@angular/core';
import type { PendingKeyResponse, RevokedKeyResponse } from '@ecabinet/shared/contracts';
import { EC_KEY, createCertificationRequest, fromBase64, issueCertificate, issueCrl, parseCertificate, readCertificationRequest, sha256Hex, toBase64, certificatesFromPem } from '@ecabinet/shared/trust';
import { OFFICER_CA_VAULT, type StoredOfficerCa } from './officer-ca.vault';

/** How long a device certificate lasts. */
const DEVICE_CERTIFICATE_DAYS = 730;

/** When verifiers should expect the next revocation list (the officer publishes sooner whenever a key is revoked). */
const CRL_VALIDITY_DAYS = 30;

/** Why this device refused to certify or to take a CA certificate; the page says it in the user's language. */
export type OfficerRefusal = 'no-ca' | 'csr-missing' | 'csr-invalid' | 'csr-mismatch' | 'not-a-certificate' | 'wrong-key';

export class OfficerRefusedError extends Error {
  constructor(readonly reason: OfficerRefusal) {
    super(`refused: ${reason}`);
    this.name = 'OfficerRefusedError';
  }
}

/**
 * The certificate officer's CA on this device. Its key is made here, non-extractable; the root
 * holder signs the request offline (`npm run ca -- sign-officer`); the certificates this device
 * issues are signed by that key in the browser. The server only ever sees certificates.
 */
@Injectable({ providedIn: 'root' })
export class OfficerCaService {
  private readonly vault = inject(OFFICER_CA_VAULT);

  load(userId: string): Promise<StoredOfficerCa | null> {
    return this.vault.load(userId);
  }

  /** A new CA key on this device and its request for the root holder (replacing any earlier one not yet certified). */
  async create(userId: string, name: string): Promise<StoredOfficerCa> {
    const keyPair = (await crypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    const csr = toBase64(await createCertificationRequest(keyPair, { commonName: name }));
    const fingerprint = await sha256Hex(new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey)));
    const stored: StoredOfficerCa = { keyPair, csr, fingerprint, certificate: null };
    await this.vault.save(userId, stored);
    return stored;
  }

  /** Takes the CA certificate the root holder signed (PEM or DER), only if it is for this device's key. */
  async install(userId: string, file: Uint8Array): Promise<StoredOfficerCa> {
    const stored = await this.vault.load(userId);
    if (!stored) throw new OfficerRefusedError('no-ca');
    const text = new TextDecoder().decode(file);
    const certificate = text.includes('-----BEGIN') ? certificatesFromPem(text)[0] : parseCertificate(file);
    if (!certificate) throw new OfficerRefusedError('not-a-certificate');
    const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false));
    if ((await sha256Hex(spki)) !== stored.fingerprint) throw new OfficerRefusedError('wrong-key');
    const updated: StoredOfficerCa = { ...stored, certificate: toBase64(new Uint8Array(certificate.toSchema(true).toBER(false))) };
    await this.vault.save(userId, updated);
    return updated;
  }

  /**
   * Issues the certificate of a waiting key: reads the device's request, checks its signature, that
   * it is for the key the server lists (the fingerprint the officer compared) and names the user,
   * then signs a certificate for that key, subject the member (UID), with this device's CA key.
   */
  async certify(userId: string, pending: PendingKeyResponse): Promise<string> {
    const stored = await this.vault.load(userId);
    const ca = stored?.certificate ? parseCertificate(fromBase64(stored.certificate) ?? new Uint8Array()) : null;
    if (!stored || !ca) throw new OfficerRefusedError('no-ca');
    const der = pending.csr ? fromBase64(pending.csr) : null;
    if (!der) throw new OfficerRefusedError('csr-missing');
    const request = await readCertificationRequest(der);
    if (!request) throw new OfficerRefusedError('csr-invalid');
    if (toBase64(request.spki) !== pending.publicKey || (await sha256Hex(request.spki)) !== pending.fingerprint || request.subject.userId !== pending.userId) {
      throw new OfficerRefusedError('csr-mismatch');
    }
    const now = Date.now();
    const certificate = await issueCertificate({
      subject: { commonName: pending.fullName, userId: pending.userId },
      publicKey: request.publicKey,
      issuerCertificate: ca,
      issuerKey: stored.keyPair.privateKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(Math.min(now + DEVICE_CERTIFICATE_DAYS * 86_400_000, ca.notAfter.value.getTime())),
    });
    return toBase64(certificate);
  }

  /**
   * The revocation list of every key this device's CA certified that is now revoked, each from the
   * moment the server recorded its revocation, signed with this device's CA key: the list the
   * verifiers honour. Made now; the next one is due within {@link CRL_VALIDITY_DAYS} days.
   */
  async signCrl(userId: string, revoked: readonly RevokedKeyResponse[]): Promise<string> {
    const stored = await this.vault.load(userId);
    const ca = stored?.certificate ? parseCertificate(fromBase64(stored.certificate) ?? new Uint8Array()) : null;
    if (!stored || !ca) throw new OfficerRefusedError('no-ca');
    const now = new Date();
    const next = new Date(Math.min(now.getTime() + CRL_VALIDITY_DAYS * 86_400_000, ca.notAfter.value.getTime()));
    const crl = await issueCrl(ca, stored.keyPair.privateKey, revoked.map((key) => ({ serialHex: key.serialHex, revokedAt: new Date(key.revokedAt) })), now, next);
    return toBase64(crl);
  }
}
