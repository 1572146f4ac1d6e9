import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type Repository } from 'typeorm';
import type { SigningKeyResponse } from '@ecabinet/shared/contracts';
import { Clock, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { keyFingerprint, parseP256PublicKey } from './answer-signature';
import { ballotErrors } from './ballot.errors';
import { SigningKeyEntity } from './entities';

export function toSigningKeyResponse(key: SigningKeyEntity): SigningKeyResponse {
  return {
    id: key.id,
    userId: key.userId,
    label: key.label,
    fingerprint: key.fingerprint,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** Members' device keys: registered by the device, revocable by the member or an admin. */
@Injectable()
export class SigningKeysService {
  private readonly keys: Repository<SigningKeyEntity>;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.keys = dataSource.getRepository(SigningKeyEntity);
  }

  async register(user: AuthenticatedUser, publicKey: string, label: string): Promise<SigningKeyResponse> {
    if (!parseP256PublicKey(publicKey)) throw ballotErrors.keyInvalid();
    const key: SigningKeyEntity = {
      id: randomUUID(),
      userId: user.id,
      label: label.trim(),
      publicKey,
      fingerprint: keyFingerprint(publicKey),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(SigningKeyEntity).insert(key);
      await this.audit.record({ action: 'signing-key.registered', targetType: 'signing-key', targetId: key.id, details: { fingerprint: key.fingerprint, label: key.label } }, manager);
    });
    return toSigningKeyResponse(key);
  }

  async list(user: AuthenticatedUser, userId?: string): Promise<SigningKeyResponse[]> {
    const owner = userId ?? user.id;
    if (owner !== user.id && !user.roles.includes('admin')) throw ballotErrors.keyUnknown();
    const keys = await this.keys.find({ where: { userId: owner }, order: { createdAt: 'DESC' } });
    return keys.map(toSigningKeyResponse);
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
}
