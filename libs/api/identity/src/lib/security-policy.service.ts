import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { isRole, type Role, type SecurityPolicyResponse } from '@ecabinet/shared/contracts';
import { Clock } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { SettingEntity } from './entities/setting.entity';
import { identityErrors } from './identity.errors';

const KEY = 'security-policy';
/** Other instances pick up a policy change within this time. */
const CACHE_MS = 5_000;

@Injectable()
export class SecurityPolicyService {
  private cached: { policy: SecurityPolicyResponse; at: number } | null = null;

  private readonly settings: Repository<SettingEntity>;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.settings = dataSource.getRepository(SettingEntity);
  }

  async get(): Promise<SecurityPolicyResponse> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.policy;
    const row = await this.settings.findOne({ where: { key: KEY } });
    const parsed = row ? (JSON.parse(row.value) as Partial<SecurityPolicyResponse>) : {};
    const policy = { totpRequiredRoles: (parsed.totpRequiredRoles ?? []).filter(isRole) };
    this.cached = { policy, at: Date.now() };
    return policy;
  }

  /** Refuses a policy that would shut out the admin making it (no second factor of their own yet). */
  async update(totpRequiredRoles: Role[], actor: { roles: readonly Role[]; totpEnabled: boolean }): Promise<SecurityPolicyResponse> {
    const policy = { totpRequiredRoles: [...new Set(totpRequiredRoles)] };
    if (!actor.totpEnabled && actor.roles.some((role) => policy.totpRequiredRoles.includes(role))) throw identityErrors.policyWouldLockOut();
    await this.transactions.run(async (manager) => {
      await manager.getRepository(SettingEntity).save({ key: KEY, value: JSON.stringify(policy), updatedAt: this.clock.now() });
      await this.audit.record({ action: 'security.policy.updated', targetType: 'settings', targetId: KEY, details: policy }, manager);
    });
    this.cached = null;
    return policy;
  }
}
