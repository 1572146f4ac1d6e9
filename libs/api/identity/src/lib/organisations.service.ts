import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { CreateOrganisationRequest, OrganisationResponse, UpdateOrganisationRequest } from '@ecabinet/shared/contracts';
import { Clock } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { OrganisationEntity } from './entities/organisation.entity';
import { UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';

/** Who may lead an organisation: an enabled member of the Government, or the chair. */
const mayLead = (user: UserEntity | null) => !!user && !user.disabled && (user.roles.includes('member') || user.roles.includes('chair'));

/** Organisations of the Government, managed by the administrator; everyone signed in may read them. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every organisation (active ones first, then by name), with its head's name and its enabled users' count. */
  async list(): Promise<OrganisationResponse[]> {
    const rows = await this.dataSource.getRepository(OrganisationEntity).find();
    const responses = await this.toResponses(this.dataSource.manager, rows);
    return responses.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'vi'));
  }

  async get(id: string): Promise<OrganisationResponse> {
    const row = await this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id } });
    if (!row) throw identityErrors.organisationNotFound();
    return (await this.toResponses(this.dataSource.manager, [row]))[0] as OrganisationResponse;
  }

  async create(request: CreateOrganisationRequest): Promise<OrganisationResponse> {
    const now = this.clock.now();
    const row: OrganisationEntity = {
      id: randomUUID(),
      name: request.name.trim(),
      shortName: request.shortName.trim(),
      symbol: request.symbol.trim().toUpperCase(),
      headUserId: request.headUserId ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    await this.transactions.run(async (manager) => {
      await this.checkSymbolFree(manager, row.symbol, null);
      await this.checkHead(manager, row.headUserId);
      await manager.getRepository(OrganisationEntity).insert(row);
      await this.audit.record({ action: 'organisation.created', targetType: 'organisation', targetId: row.id, details: { name: row.name, symbol: row.symbol, headUserId: row.headUserId } }, manager);
    });
    return this.get(row.id);
  }

  async update(id: string, request: UpdateOrganisationRequest): Promise<OrganisationResponse> {
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(OrganisationEntity);
      const row = await repository.findOne({ where: { id } });
      if (!row) throw identityErrors.organisationNotFound();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const apply = <K extends 'name' | 'shortName' | 'symbol' | 'headUserId' | 'active'>(key: K, value: OrganisationEntity[K] | undefined) => {
        if (value === undefined || row[key] === value) return;
        changes[key] = { from: row[key], to: value };
        row[key] = value;
      };
      apply('name', request.name?.trim());
      apply('shortName', request.shortName?.trim());
      apply('symbol', request.symbol?.trim().toUpperCase());
      apply('headUserId', request.headUserId);
      apply('active', request.active);
      if (Object.keys(changes).length === 0) return;
      if (changes['symbol']) await this.checkSymbolFree(manager, row.symbol, row.id);
      if (changes['headUserId']) await this.checkHead(manager, row.headUserId);
      row.updatedAt = this.clock.now();
      await repository.save(row);
      await this.audit.record({ action: 'organisation.updated', targetType: 'organisation', targetId: id, details: { name: row.name, changes } }, manager);
    });
    return this.get(id);
  }

  /** For a user's organisation: it must exist and be active (null: none). */
  async checkAssignable(manager: EntityManager, organisationId: string | null): Promise<void> {
    if (organisationId === null) return;
    const row = await manager.getRepository(OrganisationEntity).findOne({ where: { id: organisationId } });
    if (!row) throw identityErrors.organisationNotFound();
    if (!row.active) throw identityErrors.organisationInactive();
  }

  private async checkSymbolFree(manager: EntityManager, symbol: string, exceptId: string | null): Promise<void> {
    const other = await manager.getRepository(OrganisationEntity).findOne({ where: { symbol } });
    if (other && other.id !== exceptId) throw identityErrors.organisationSymbolTaken(symbol);
  }

  private async checkHead(manager: EntityManager, headUserId: string | null): Promise<void> {
    if (headUserId === null) return;
    if (!mayLead(await manager.getRepository(UserEntity).findOne({ where: { id: headUserId } }))) throw identityErrors.organisationHeadInvalid();
  }

  private async toResponses(manager: EntityManager, rows: readonly OrganisationEntity[]): Promise<OrganisationResponse[]> {
    if (!rows.length) return [];
    const ids = rows.map((row) => row.id);
    const headIds = [...new Set(rows.flatMap((row) => (row.headUserId ? [row.headUserId] : [])))];
    const heads = headIds.length ? await manager.getRepository(UserEntity).find({ where: { id: In(headIds) }, select: { id: true, fullName: true } }) : [];
    const names = new Map(heads.map((user) => [user.id, user.fullName]));
    const grouped: { organisationId: string; count: string | number }[] = await manager
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .select('user.organisationId', 'organisationId')
      .addSelect('COUNT(*)', 'count')
      .where('user.organisationId IN (:...ids)', { ids })
      .andWhere('user.disabled = :disabled', { disabled: false })
      .groupBy('user.organisationId')
      .getRawMany();
    const counts = new Map(grouped.map((group) => [group.organisationId, Number(group.count)]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      shortName: row.shortName,
      symbol: row.symbol,
      headUserId: row.headUserId,
      headName: row.headUserId ? (names.get(row.headUserId) ?? null) : null,
      active: row.active,
      memberCount: counts.get(row.id) ?? 0,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }));
  }
}
