import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, In, IsNull, Not, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { CreateUserRequest, PageResponse, Role, UpdateUserRequest, UserResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, DomainEvents, type AppConfig } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserDelegateEntity } from './entities/user-delegate.entity';
import { UserEntity } from './entities/user.entity';
import { DevicesService } from './devices.service';
import { identityErrors } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { OrganisationsService } from './organisations.service';
import { SecurityPolicyService } from './security-policy.service';
import { toUserResponse } from './user.mapper';

export interface UserSearch {
  search?: string;
  /** Only users holding at least one of these roles. */
  roles?: readonly Role[];
  offset?: number;
  limit?: number;
}

/** An enabled delegate and the members (of those asked about) they assist. */
export interface Delegation {
  delegate: UserEntity;
  memberIds: string[];
}

/** Who may be assisted by a delegate: the members of the Government and the chair. */
const ASSISTED_ROLES: readonly Role[] = ['member', 'chair'];
const mayBeAssisted = (user: Pick<UserEntity, 'roles'>) => user.roles.some((role) => ASSISTED_ROLES.includes(role));

@Injectable()
export class UsersService {
  private readonly users: Repository<UserEntity>;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly policy: SecurityPolicyService,
    private readonly organisations: OrganisationsService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DevicesService,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

  /** `providerSecondFactor`: the caller's session was signed in by a provider that asserted a second factor. */
  async toResponse(user: UserEntity, providerSecondFactor = false): Promise<UserResponse> {
    const [{ totpRequiredRoles }, assists] = await Promise.all([this.policy.get(), this.assistedBy([user.id])]);
    const response = toUserResponse(user, totpRequiredRoles, assists.get(user.id) ?? []);
    return providerSecondFactor ? { ...response, totpRequired: false } : response;
  }

  async list(query: UserSearch): Promise<PageResponse<UserResponse>> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const builder = this.users.createQueryBuilder('user');
    if (query.search) {
      const term = `%${query.search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      builder.where("(LOWER(user.username) LIKE :term ESCAPE '\\' OR LOWER(user.fullName) LIKE :term ESCAPE '\\')", { term });
    }
    if (query.roles?.length) withAnyRole(builder, query.roles);
    const [rows, total] = await builder.orderBy('user.username', 'ASC').skip(offset).take(limit).getManyAndCount();
    const [{ totpRequiredRoles }, assists] = await Promise.all([this.policy.get(), this.assistedBy(rows.map((row) => row.id))]);
    return { items: rows.map((row) => toUserResponse(row, totpRequiredRoles, assists.get(row.id) ?? [])), total, offset, limit };
  }

  /** The members each of these users assists as a delegate, by delegate id. */
  private async assistedBy(delegateIds: readonly string[], manager: EntityManager = this.users.manager): Promise<Map<string, string[]>> {
    const assists = new Map<string, string[]>();
    if (delegateIds.length === 0) return assists;
    for (const link of await manager.getRepository(UserDelegateEntity).find({ where: { delegateId: In([...delegateIds]) } })) {
      assists.set(link.delegateId, [...(assists.get(link.delegateId) ?? []), link.memberId]);
    }
    return assists;
  }

  /**
   * The enabled delegates of these members (those still holding the delegate role), each with
   * the members among `memberIds` they assist: who is told when those members are late.
   */
  async delegatesOf(memberIds: readonly string[], manager: EntityManager = this.users.manager): Promise<Delegation[]> {
    if (memberIds.length === 0) return [];
    const links = await manager.getRepository(UserDelegateEntity).find({ where: { memberId: In([...new Set(memberIds)]) } });
    if (links.length === 0) return [];
    const delegates = await manager.getRepository(UserEntity).find({ where: { id: In([...new Set(links.map((link) => link.delegateId))]), disabled: false } });
    return delegates
      .filter((delegate) => delegate.roles.includes('delegate'))
      .sort((a, b) => a.username.localeCompare(b.username))
      .map((delegate) => ({ delegate, memberIds: links.filter((link) => link.delegateId === delegate.id).map((link) => link.memberId).sort() }));
  }

  /**
   * Refuses a delegate's list of members unless each is an existing member or chair other than
   * the delegate. Returns the list without repeats, sorted.
   */
  private async checkAssisted(manager: EntityManager, delegateId: string | null, roles: readonly Role[], memberIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(memberIds)].sort();
    if (ids.length === 0) return ids;
    if (!roles.includes('delegate')) throw identityErrors.invalidDelegation('Only a user with the delegate role assists members.');
    if (delegateId && ids.includes(delegateId)) throw identityErrors.invalidDelegation('A delegate cannot assist themself.', [delegateId]);
    const found = await manager.getRepository(UserEntity).find({ where: { id: In(ids) } });
    const unknown = ids.filter((id) => !found.some((user) => user.id === id));
    if (unknown.length) throw identityErrors.invalidDelegation('Some of the assisted members are not users.', unknown);
    const others = found.filter((user) => !mayBeAssisted(user)).map((user) => user.id);
    if (others.length) throw identityErrors.invalidDelegation('A delegate assists members of the Government or the chair only.', others.sort());
    return ids;
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw identityErrors.userNotFound();
    return user;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { username: username.trim().toLowerCase() } });
  }

  async create(request: CreateUserRequest): Promise<UserEntity> {
    const username = request.username.trim().toLowerCase();
    const passwordHash = await this.hasher.hash(request.password);
    const now = this.clock.now();
    const roles = [...new Set(request.roles)];
    this.checkRoles(roles);
    return this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      if (await repository.exists({ where: { username } })) throw identityErrors.usernameTaken(username);
      const assists = await this.checkAssisted(manager, null, roles, request.assists ?? []);
      await this.organisations.checkAssignable(manager, request.organisationId ?? null);
      const user = await repository.save(
        repository.create({
          id: randomUUID(),
          username,
          fullName: request.fullName.trim(),
          title: request.title?.trim() || null,
          email: request.email?.trim() || null,
          passwordHash,
          roles,
          disabled: false,
          organisationId: request.organisationId ?? null,
          totpSecret: null,
          totpEnabled: false,
          sessionEpoch: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (assists.length) await manager.getRepository(UserDelegateEntity).insert(assists.map((memberId) => ({ memberId, delegateId: user.id })));
      await this.audit.record(
        { action: 'user.created', targetType: 'user', targetId: user.id, details: { username, roles: user.roles, ...(assists.length ? { assists } : {}), ...(user.organisationId ? { organisationId: user.organisationId } : {}) } },
        manager,
      );
      return user;
    });
  }

  /** Who runs the system does not also vouch for members' keys: in production, admin and officer are two people. */
  private checkRoles(roles: readonly Role[]): void {
    if (this.config.env === 'production' && roles.includes('admin') && roles.includes('officer')) throw identityErrors.roleConflict();
  }

  async update(id: string, request: UpdateUserRequest, actorId: string): Promise<UserEntity> {
    if (request.disabled === true && id === actorId) throw identityErrors.cannotDisableSelf();
    let disabledNow = false;
    const user = await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      const user = await repository.findOne({ where: { id } });
      if (!user) throw identityErrors.userNotFound();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const apply = <K extends 'fullName' | 'title' | 'email' | 'roles' | 'disabled' | 'organisationId'>(key: K, value: UserEntity[K] | undefined) => {
        if (value === undefined || JSON.stringify(user[key]) === JSON.stringify(value)) return;
        changes[key] = { from: user[key], to: value };
        user[key] = value;
      };
      apply('fullName', request.fullName?.trim());
      apply('title', request.title === undefined ? undefined : request.title?.trim() || null);
      apply('email', request.email === undefined ? undefined : request.email?.trim() || null);
      if (request.roles) this.checkRoles(request.roles);
      apply('roles', request.roles ? [...new Set(request.roles)] : undefined);
      apply('disabled', request.disabled);
      if (request.organisationId !== undefined && request.organisationId !== user.organisationId) await this.organisations.checkAssignable(manager, request.organisationId);
      apply('organisationId', request.organisationId);
      await this.updateDelegation(manager, user, request.assists, changes);
      if (Object.keys(changes).length === 0) return user;
      if (changes['disabled']?.to === true) {
        disabledNow = true;
        user.sessionEpoch += 1;
        await this.devices.wipeAll(manager, id, 'user-disabled', actorId);
        await manager.getRepository(RefreshTokenEntity).update({ userId: id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      }
      user.updatedAt = this.clock.now();
      await repository.save(user);
      const action = changes['disabled'] ? (user.disabled ? 'user.disabled' : 'user.enabled') : 'user.updated';
      await this.audit.record({ action, targetType: 'user', targetId: id, details: { username: user.username, changes } }, manager);
      return user;
    });
    if (disabledNow) this.events.publish('identity.sessions-revoked', { userId: id, reason: 'disabled' });
    return user;
  }

  /**
   * Keeps the user's delegation links true to their roles: `assists` replaces whom a delegate
   * assists; without the delegate role they assist nobody, and without the member and chair
   * roles nobody assists them. What changes is recorded in `changes` for the audit entry.
   */
  private async updateDelegation(manager: EntityManager, user: UserEntity, assists: string[] | undefined, changes: Record<string, { from: unknown; to: unknown }>): Promise<void> {
    const links = manager.getRepository(UserDelegateEntity);
    const before = (await links.find({ where: { delegateId: user.id } })).map((link) => link.memberId).sort();
    const after = assists === undefined && user.roles.includes('delegate') ? before : await this.checkAssisted(manager, user.id, user.roles, assists ?? []);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changes['assists'] = { from: before, to: after };
      await links.delete({ delegateId: user.id });
      if (after.length) await links.insert(after.map((memberId) => ({ memberId, delegateId: user.id })));
    }
    if (!mayBeAssisted(user)) {
      const assistedBy = (await links.find({ where: { memberId: user.id } })).map((link) => link.delegateId).sort();
      if (assistedBy.length) {
        changes['assistedBy'] = { from: assistedBy, to: [] };
        await links.delete({ memberId: user.id });
      }
    }
  }

  /** Every session of the user ends (but the admin's own, when resetting their own password). */
  async resetPassword(id: string, password: string, actor: { id: string; sessionId?: string }): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const keepSessionId = actor.id === id ? actor.sessionId : undefined;
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      const user = await repository.findOne({ where: { id } });
      if (!user) throw identityErrors.userNotFound();
      await repository.update({ id }, { passwordHash, updatedAt: this.clock.now() });
      await revokeSessions(manager, id, this.clock.now(), keepSessionId);
      await this.audit.record({ action: 'user.password.reset', targetType: 'user', targetId: id, details: { username: user.username } }, manager);
    });
    this.events.publish('identity.sessions-revoked', { userId: id, reason: 'password-changed', exceptSessionId: keepSessionId });
  }

  count(): Promise<number> {
    return this.users.count();
  }
}

/** Revokes the refresh tokens of every session of the user but `keepSessionId`; their access tokens die with them. */
/** "Holds one of these roles" on a query of users aliased `user`: roles are stored as one comma-separated text of plain lower-case words. */
export function withAnyRole(builder: SelectQueryBuilder<UserEntity>, roles: readonly Role[]): SelectQueryBuilder<UserEntity> {
  return builder.andWhere(new Brackets((any) => roles.forEach((role, i) => any.orWhere(`(',' || user.roles || ',') LIKE :role${i}`, { [`role${i}`]: `%,${role},%` }))));
}

/** The ids of the enabled users holding one of these roles (one query, however many users there are). */
export async function enabledUserIdsWithRoles(manager: EntityManager, roles: readonly Role[]): Promise<string[]> {
  const builder = manager.getRepository(UserEntity).createQueryBuilder('user').select(['user.id']).where('user.disabled = :disabled', { disabled: false });
  return (await withAnyRole(builder, roles).getMany()).map((user) => user.id);
}

export async function revokeSessions(manager: EntityManager, userId: string, now: Date, keepSessionId?: string): Promise<void> {
  await manager.getRepository(RefreshTokenEntity).update(
    { userId, revokedAt: IsNull(), ...(keepSessionId ? { familyId: Not(keepSessionId) } : {}) },
    { revokedAt: now },
  );
}
