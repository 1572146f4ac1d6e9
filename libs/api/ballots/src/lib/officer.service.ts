import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import type * as pkijs from 'pkijs';
import type { OfficerAuthorityResponse, PendingKeyResponse, RevokedKeyResponse, SigningKeyResponse } from '@ecabinet/shared/contracts';
import { Clock, DomainError, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { TrustService } from '@ecabinet/api/trust';
import { BallotErrorCode, CommonErrorCode } from '@ecabinet/shared/contracts';
import { NAME_OID, describeName, fromBase64, isCertificateAuthority, nameField, parseCertificate, parseCrl, readCrl, spkiFingerprint, toBase64, validateChain } from '@ecabinet/shared/trust';
import { AnswerStore } from './answer-store';
import { usersById } from './ballot-access';
import { parseP256PublicKey } from './answer-signature';
import { ballotErrors } from './ballot.errors';
import { revocationOf } from './bundle-sealer';
import { SIGNING_CLOCK_SKEW_MS } from './ballot-approvals';
import { OfficerAuthorityEntity, SigningKeyEntity } from './entities';
import { toSigningKeyResponse } from './signing-keys.service';

const refused = (reason: string) => new DomainError(BallotErrorCode.CERTIFICATE_INVALID, `The certificate is not accepted: ${reason}.`, { reason });
const crlRefused = (reason: string) => new DomainError(BallotErrorCode.CRL_INVALID, `The revocation list is not accepted: ${reason}.`, { reason });

function toAuthorityResponse(row: OfficerAuthorityEntity): OfficerAuthorityResponse {
  return {
    id: row.id,
    certificate: row.certificate,
    subject: row.subject,
    fingerprint: row.fingerprint,
    notAfter: row.notAfter.toISOString(),
    createdAt: row.createdAt.toISOString(),
    crlThisUpdate: row.crlThisUpdate?.toISOString() ?? null,
  };
}

/**
 * The certificate officer's side of the server. His CA key lives on his device only: the server
 * stores the CA certificate the root holder signed (checked against the anchors), lists the keys
 * waiting, and attaches a certificate his device issued once it checks that it chains through
 * his CA to the anchors, names the key's owner and certifies exactly that key. It never signs.
 */
@Injectable()
export class OfficerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly trust: TrustService,
    private readonly events: DomainEvents,
    private readonly answers: AnswerStore,
  ) {}

  async authorities(user: AuthenticatedUser): Promise<OfficerAuthorityResponse[]> {
    const rows = await this.dataSource.getRepository(OfficerAuthorityEntity).find({ where: { userId: user.id }, order: { createdAt: 'DESC' } });
    return rows.map(toAuthorityResponse);
  }

  /** Registers the officer's CA certificate: a CA, valid now, chaining to the anchors (the same one twice is the same). */
  async registerAuthority(user: AuthenticatedUser, certificateBase64: string): Promise<OfficerAuthorityResponse> {
    const certificate = this.parse(certificateBase64);
    if (!isCertificateAuthority(certificate)) throw refused('it is not a CA certificate (a certificate officer issues certificates)');
    if (nameField(certificate.subject, NAME_OID.userId)) throw refused("it names a user: it is a device's certificate");
    const now = this.clock.now();
    const problems = await validateChain(certificate, { intermediates: [], anchors: this.trust.anchors, crls: [], at: now });
    if (problems.length) throw refused(problems[0] as string);
    const fingerprint = await spkiFingerprint(certificate);
    const repository = this.dataSource.getRepository(OfficerAuthorityEntity);
    const existing = await repository.findOne({ where: { fingerprint } });
    if (existing) {
      if (existing.userId !== user.id) throw refused('another officer registered this CA');
      return toAuthorityResponse(existing);
    }
    const row: OfficerAuthorityEntity = {
      id: randomUUID(),
      userId: user.id,
      certificate: toBase64(fromBase64(certificateBase64) as Uint8Array),
      fingerprint,
      subject: describeName(certificate.subject),
      notAfter: certificate.notAfter.value,
      createdAt: now,
      crl: null,
      crlThisUpdate: null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(OfficerAuthorityEntity).insert(row);
      await this.audit.record({ action: 'officer.authority.registered', targetType: 'officer-authority', targetId: row.id, details: { subject: row.subject, fingerprint } }, manager);
    });
    return toAuthorityResponse(row);
  }

  /** Keys waiting for a certificate (not revoked), oldest first, with their owner and the device's request. */
  async pendingKeys(): Promise<PendingKeyResponse[]> {
    const keys = await this.dataSource.getRepository(SigningKeyEntity).find({ where: { certifiedAt: IsNull(), revokedAt: IsNull() }, order: { createdAt: 'ASC' }, take: 500, select: { id: true, userId: true, label: true, fingerprint: true, publicKey: true, createdAt: true, csr: true } });
    const byId = await usersById(this.dataSource.manager, keys.map((key) => key.userId));
    return keys
      .filter((key) => byId.has(key.userId) && !byId.get(key.userId)?.disabled)
      .map((key) => ({
        id: key.id,
        userId: key.userId,
        username: byId.get(key.userId)?.username ?? '',
        fullName: byId.get(key.userId)?.fullName ?? '',
        label: key.label,
        fingerprint: key.fingerprint,
        publicKey: key.publicKey,
        csr: key.csr ?? null,
        createdAt: key.createdAt.toISOString(),
      }));
  }

  /**
   * Attaches the certificate the officer's device issued for `keyId`: for exactly that key, naming
   * its owner (UID), an end entity, chaining through one of this officer's CAs to the anchors now.
   */
  async certify(user: AuthenticatedUser, keyId: string, certificateBase64: string): Promise<SigningKeyResponse> {
    const repository = this.dataSource.getRepository(SigningKeyEntity);
    const key = await repository.findOne({ where: { id: keyId } });
    if (!key) throw ballotErrors.keyUnknown();
    if (key.revokedAt) throw ballotErrors.keyRevoked();
    if (key.certifiedAt) throw new DomainError(BallotErrorCode.SIGNING_KEY_CERTIFIED, 'This key is already certified.');
    const certificate = this.parse(certificateBase64);
    if (isCertificateAuthority(certificate)) throw refused('it is a CA certificate, not a device key’s');
    const spki = toBase64(new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false)));
    if (spki !== key.publicKey) throw refused('it certifies another key than the one registered');
    if (nameField(certificate.subject, NAME_OID.userId) !== key.userId) throw refused('its subject (UID) does not name the key’s owner');
    const authorities = await this.dataSource.getRepository(OfficerAuthorityEntity).find({ where: { userId: user.id } });
    if (!authorities.length) throw refused('you have no certificate authority registered yet');
    const now = this.clock.now();
    let issuer: OfficerAuthorityEntity | null = null;
    let problem = 'it was not issued by your certificate authority';
    for (const authority of authorities) {
      const ca = parseCertificate(fromBase64(authority.certificate) as Uint8Array) as pkijs.Certificate;
      const problems = await validateChain(certificate, { intermediates: [ca], anchors: this.trust.anchors, crls: [], at: now });
      if (!problems.length) {
        issuer = authority;
        break;
      }
      problem = problems[0] as string;
    }
    if (!issuer) throw refused(problem);
    const chain = [issuer.certificate];
    const certified = await this.transactions.run(async (manager) => {
      const updated = await manager
        .getRepository(SigningKeyEntity)
        .update({ id: keyId, certifiedAt: IsNull(), revokedAt: IsNull() }, { certificate: toBase64(fromBase64(certificateBase64) as Uint8Array), certificateChain: chain, issuerAuthorityId: issuer.id, certifiedAt: now });
      if (!updated.affected) return false;
      await this.audit.record({ action: 'signing-key.certified', targetType: 'signing-key', targetId: keyId, details: { owner: key.userId, fingerprint: key.fingerprint, authority: issuer.fingerprint } }, manager);
      return true;
    });
    if (!certified) throw new DomainError(BallotErrorCode.SIGNING_KEY_CERTIFIED, 'This key is already certified, or was revoked meanwhile.');
    const publicKey = parseP256PublicKey(key.publicKey);
    if (publicKey) this.answers.knowKey(keyId, { userId: key.userId, fingerprint: key.fingerprint, publicKey });
    // The member hears that a key in his name can sign now (in the app, and by e-mail unless he opted out).
    this.events.publish('signing-key.registered', { userId: key.userId, keyId, label: key.label, fingerprint: key.fingerprint, certified: true });
    return toSigningKeyResponse({ ...key, certifiedAt: now });
  }

  /** The keys this officer's CA certified that were since revoked, newest revocation first, each marked if the list kept names it. */
  async revokedKeys(user: AuthenticatedUser, authorityId: string): Promise<RevokedKeyResponse[]> {
    const authority = await this.ownAuthority(user, authorityId);
    const ca = parseCertificate(fromBase64(authority.certificate) as Uint8Array) as pkijs.Certificate;
    const kept = authority.crl ? parseCrl(fromBase64(authority.crl) ?? new Uint8Array()) : null;
    const listed = new Set(((kept ? await readCrl(kept, ca) : null)?.revoked ?? []).map((entry) => entry.serialHex));
    const keys = await this.revokedBy(authority);
    const users = await usersById(this.dataSource.manager, keys.map((key) => key.userId));
    return keys
      .flatMap((key) => {
        const entry = revocationOf(key);
        if (!entry) return [];
        return [{ keyId: key.id, userId: key.userId, fullName: users.get(key.userId)?.fullName ?? '', label: key.label, fingerprint: key.fingerprint, serialHex: entry.serialHex, revokedAt: entry.revokedAt.toISOString(), listed: listed.has(entry.serialHex) }];
      })
      .sort((a, b) => b.revokedAt.localeCompare(a.revokedAt));
  }

  /**
   * Keeps the revocation list the officer's device signed with this CA's key: it must be that CA's
   * (issuer and signature), newer than the one kept, made now (within the clock skew allowed), and
   * name every key the CA certified that is revoked, from no later than its revocation. Bundles
   * carry the list kept; verifiers refuse a signature made with a listed key after its date.
   */
  async publishCrl(user: AuthenticatedUser, authorityId: string, crlBase64: string): Promise<OfficerAuthorityResponse> {
    const authority = await this.ownAuthority(user, authorityId);
    const ca = parseCertificate(fromBase64(authority.certificate) as Uint8Array) as pkijs.Certificate;
    const der = fromBase64(crlBase64);
    const crl = der ? parseCrl(der) : null;
    if (!crl) throw crlRefused('it is not an X.509 revocation list (DER, base64)');
    const content = await readCrl(crl, ca);
    if (!content) throw crlRefused('it is not signed by this certificate authority');
    const now = this.clock.now();
    if (Math.abs(content.thisUpdate.getTime() - now.getTime()) > SIGNING_CLOCK_SKEW_MS) throw crlRefused("its date is too far from the server's clock; check the device's date and time");
    if (authority.crlThisUpdate && content.thisUpdate <= authority.crlThisUpdate) throw crlRefused('it is not newer than the list published last');
    const listed = new Map(content.revoked.map((entry) => [entry.serialHex, entry.revokedAt]));
    const missing = (await this.revokedBy(authority)).filter((key) => {
      const entry = revocationOf(key);
      const at = entry ? listed.get(entry.serialHex) : undefined;
      return entry !== null && (at === undefined || at > entry.revokedAt);
    });
    if (missing.length) throw crlRefused(`it leaves out ${missing.length} revoked key(s) or dates them too late`);
    authority.crl = toBase64(der as Uint8Array);
    authority.crlThisUpdate = content.thisUpdate;
    await this.transactions.run(async (manager) => {
      await manager.getRepository(OfficerAuthorityEntity).update({ id: authority.id }, { crl: authority.crl, crlThisUpdate: authority.crlThisUpdate });
      await this.audit.record(
        { action: 'officer.crl.published', targetType: 'officer-authority', targetId: authority.id, details: { thisUpdate: content.thisUpdate.toISOString(), revoked: content.revoked.length } },
        manager,
      );
    });
    return toAuthorityResponse(authority);
  }

  private async ownAuthority(user: AuthenticatedUser, authorityId: string): Promise<OfficerAuthorityEntity> {
    const authority = await this.dataSource.getRepository(OfficerAuthorityEntity).findOne({ where: { id: authorityId, userId: user.id } });
    if (!authority) throw new DomainError(CommonErrorCode.NOT_FOUND, 'You have no certificate authority with this id.');
    return authority;
  }

  /** Revoked keys whose certificate this CA issued. */
  private async revokedBy(authority: OfficerAuthorityEntity): Promise<SigningKeyEntity[]> {
    return this.dataSource.getRepository(SigningKeyEntity).find({ where: { issuerAuthorityId: authority.id, revokedAt: Not(IsNull()), certifiedAt: Not(IsNull()) } });
  }

  private parse(base64: string): pkijs.Certificate {
    const der = fromBase64(base64);
    const certificate = der ? parseCertificate(der) : null;
    if (!certificate) throw refused('it is not an X.509 certificate (DER, base64)');
    return certificate;
  }
}
