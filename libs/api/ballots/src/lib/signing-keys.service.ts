import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type Repository } from 'typeorm';
import type { SigningKeyListItem, SigningKeyResponse } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { TrustService } from '@ecabinet/api/trust';
import { fromBase64, readCertificationRequest, toBase64 } from '@ecabinet/shared/trust';
import { keyFingerprint, parseP256PublicKey } from './answer-signature';
import { AnswerStore } from './answer-store';
import { ballotErrors } from './ballot.errors';
import { BallotAnswerEntity, SigningKeyEntity } from './entities';

export function toSigningKeyResponse(key: SigningKeyEntity): SigningKeyResponse {
  return {
    id: key.id,
    userId: key.userId,
    label: key.label,
    fingerprint: key.fingerprint,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    certifiedAt: key.certifiedAt?.toISOString() ?? null,
  };
}

interface KeyUsage {
  signedAnswerCount: number;
  lastUsedAt: Date | null;
}

/** Members' device keys: registered by the device, revocable by the member or an admin. */
@Injectable()
export class SigningKeysService {
  private readonly keys: Repository<SigningKeyEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly answers: AnswerStore,
    private readonly trust: TrustService,
    private readonly events: DomainEvents,
  ) {
    this.keys = dataSource.getRepository(SigningKeyEntity);
  }

  async register(user: AuthenticatedUser, publicKey: string, label: string, csr?: string): Promise<SigningKeyResponse> {
    const parsed = parseP256PublicKey(publicKey);
    if (!parsed) throw ballotErrors.keyInvalid();
    if (csr !== undefined) await this.checkRequest(csr, publicKey, user);
    const now = this.clock.now();
    // The demo certifies the device at once; elsewhere the key waits for the certificate officer.
    const certified = await this.trust.certifyDemoDevice({ id: user.id, fullName: user.fullName }, Buffer.from(publicKey, 'base64'), now);
    const key: SigningKeyEntity = {
      id: randomUUID(),
      userId: user.id,
      label: label.trim(),
      publicKey,
      fingerprint: keyFingerprint(publicKey),
      createdAt: now,
      revokedAt: null,
      certificate: certified ? toBase64(certified.certificate) : null,
      certificateChain: certified ? certified.chain.map((der) => toBase64(der)) : null,
      certifiedAt: certified ? now : null,
      csr: csr ?? null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(SigningKeyEntity).insert(key);
      await this.audit.record({ action: 'signing-key.registered', targetType: 'signing-key', targetId: key.id, details: { fingerprint: key.fingerprint, label: key.label, certified: certified !== null } }, manager);
    });
    // This instance knows the key now: the device's first answer need not read and parse it again.
    if (certified) this.answers.knowKey(key.id, { userId: key.userId, fingerprint: key.fingerprint, publicKey: parsed });
    // The member hears of every key registered in his name (in the app, and by e-mail unless he opted out).
    this.events.publish('signing-key.registered', { userId: user.id, keyId: key.id, label: key.label, fingerprint: key.fingerprint, certified: certified !== null });
    return toSigningKeyResponse(key);
  }

  /** The device's certificate request: signed with this very key, for this key, naming this user. */
  private async checkRequest(csr: string, publicKey: string, user: AuthenticatedUser): Promise<void> {
    const der = fromBase64(csr);
    const request = der ? await readCertificationRequest(der) : null;
    if (!request) throw ballotErrors.csrInvalid('its signature does not verify with the key it carries.');
    if (toBase64(request.spki) !== publicKey) throw ballotErrors.csrInvalid('it is for another key.');
    if (request.subject.userId !== user.id) throw ballotErrors.csrInvalid('its subject (UID) does not name you.');
  }

  /** A user's keys, newest first, with what each has signed. Only an admin may ask for someone else's. */
  async list(user: AuthenticatedUser, userId?: string): Promise<SigningKeyListItem[]> {
    const owner = userId ?? user.id;
    if (owner !== user.id && !user.roles.includes('admin')) throw ballotErrors.keyListForbidden();
    const keys = await this.keys.find({ where: { userId: owner }, order: { createdAt: 'DESC' } });
    const usage = await this.usage(keys.map((key) => key.id));
    return keys.map((key) => {
      const used = usage.get(key.id);
      return { ...toSigningKeyResponse(key), signedAnswerCount: used?.signedAnswerCount ?? 0, lastUsedAt: used?.lastUsedAt?.toISOString() ?? null };
    });
  }

  async revoke(user: AuthenticatedUser, keyId: string): Promise<SigningKeyResponse> {
    const key = await this.keys.findOne({ where: { id: keyId } });
    if (!key || (key.userId !== user.id && !user.roles.includes('admin'))) throw ballotErrors.keyUnknown();
    if (!key.revokedAt) {
      key.revokedAt = this.clock.now();
      await this.transactions.run(async (manager) => {
        await manager.getRepository(SigningKeyEntity).update({ id: keyId, revokedAt: IsNull() }, { revokedAt: key.revokedAt });
        await this.audit.record({ action: 'signing-key.revoked', targetType: 'signing-key', targetId: keyId, details: { fingerprint: key.fingerprint, owner: key.userId } }, manager);
      });
    }
    return toSigningKeyResponse(key);
  }

  /** Accepted answer revisions per key and the latest one's arrival, in one grouped query. */
  private async usage(keyIds: string[]): Promise<Map<string, KeyUsage>> {
    if (keyIds.length === 0) return new Map();
    const receivedAt = this.dataSource.getMetadata(BallotAnswerEntity).findColumnWithPropertyName('receivedAt');
    const rows = await this.dataSource
      .getRepository(BallotAnswerEntity)
      .createQueryBuilder('answer')
      .select('answer.keyId', 'keyId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MAX(answer.receivedAt)', 'lastUsedAt')
      .where('answer.keyId IN (:...keyIds)', { keyIds })
      .groupBy('answer.keyId')
      .getRawMany<{ keyId: string; count: string | number; lastUsedAt: unknown }>();
    // MAX() comes back raw (UTC text on SQLite, a Date on PostgreSQL): hydrate it as the column would be.
    const hydrate = (raw: unknown): Date | null =>
      raw === null || raw === undefined || !receivedAt ? null : new Date(this.dataSource.driver.prepareHydratedValue(raw, receivedAt) as Date | string);
    return new Map(rows.map((row) => [row.keyId, { signedAnswerCount: Number(row.count), lastUsedAt: hydrate(row.lastUsedAt) }]));
  }
}
