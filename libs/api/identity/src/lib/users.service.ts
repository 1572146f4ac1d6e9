import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type Repository } from 'typeorm';
import type { CreateUserRequest, PageResponse, UpdateUserRequest, UserResponse } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { SecurityPolicyService } from './security-policy.service';
import { toUserResponse } from './user.mapper';

export interface UserSearch {
  search?: string;
  offset?: number;
  limit?: number;
}

@Injectable()
export class UsersService {
  private readonly users: Repository<UserEntity>;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly policy: SecurityPolicyService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

  async toResponse(user: UserEntity): Promise<UserResponse> {
    return toUserResponse(user, (await this.policy.get()).totpRequiredRoles);
  }

  async list(query: UserSearch): Promise<PageResponse<UserResponse>> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const builder = this.users.createQueryBuilder('user');
    if (query.search) {
      const term = `%${query.search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      builder.where("(LOWER(user.username) LIKE :term ESCAPE '\\' OR LOWER(user.fullName) LIKE :term ESCAPE '\\')", { term });
    }
    const [rows, total] = await builder.orderBy('user.username', 'ASC').skip(offset).take(limit).getManyAndCount();
    const { totpRequiredRoles } = await this.policy.get();
    return { items: rows.map((row) => toUserResponse(row, totpRequiredRoles)), total, offset, limit };
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
    return this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      if (await repository.exists({ where: { username } })) throw identityErrors.usernameTaken(username);
      const user = await repository.save(
        repository.create({
          id: randomUUID(),
          username,
          fullName: request.fullName.trim(),
          title: request.title?.trim() || null,
          email: request.email?.trim() || null,
          passwordHash,
          roles: [...new Set(request.roles)],
          disabled: false,
          totpSecret: null,
          totpEnabled: false,
          sessionEpoch: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(
        { action: 'user.created', targetType: 'user', targetId: user.id, details: { username, roles: user.roles } },
        manager,
      );
      return user;
    });
  }

  async update(id: string, request: UpdateUserRequest, actorId: string): Promise<UserEntity> {
    if (request.disabled === true && id === actorId) throw identityErrors.cannotDisableSelf();
    let disabledNow = false;
    const user = await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      const user = await repository.findOne({ where: { id } });
      if (!user) throw identityErrors.userNotFound();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const apply = <K extends 'fullName' | 'title' | 'email' | 'roles' | 'disabled'>(key: K, value: UserEntity[K] | undefined) => {
        if (value === undefined || JSON.stringify(user[key]) === JSON.stringify(value)) return;
        changes[key] = { from: user[key], to: value };
        user[key] = value;
      };
      apply('fullName', request.fullName?.trim());
      apply('title', request.title === undefined ? undefined : request.title?.trim() || null);
      apply('email', request.email === undefined ? undefined : request.email?.trim() || null);
      apply('roles', request.roles ? [...new Set(request.roles)] : undefined);
      apply('disabled', request.disabled);
      if (Object.keys(changes).length === 0) return user;
      if (changes['disabled']?.to === true) {
        disabledNow = true;
        user.sessionEpoch += 1;
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

  async resetPassword(id: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(UserEntity);
      const user = await repository.findOne({ where: { id } });
      if (!user) throw identityErrors.userNotFound();
      await repository.update({ id }, { passwordHash, updatedAt: this.clock.now() });
      await this.audit.record({ action: 'user.password.reset', targetType: 'user', targetId: id, details: { username: user.username } }, manager);
    });
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
