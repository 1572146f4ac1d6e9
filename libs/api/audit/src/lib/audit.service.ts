import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { AuditAction, AuditEntryResponse, AuditQuery, PageResponse } from '@ecabinet/shared/contracts';
import { canonicalJson, Clock, requestContext } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditOutboxEntity } from './audit-outbox.entity';
import { AuditChainVerifier, GENESIS_HASH, hashAuditEntry, type ChainCheck } from './audit-chain';

export interface AuditRecord {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** Who acted, when not the authenticated caller (e.g. a failed login names the username tried). */
  actor?: { id: string | null; username: string | null };
}

/** Any lock key; PostgreSQL lets one chain writer run at a time across every API instance. */
const AUDIT_LOCK_KEY = 724_001;
/** How many outbox entries one chaining transaction moves. */
const CHAIN_BATCH = 1000;
/** Entries written by another instance, or left by a crash, are chained within this time. */
const CHAIN_INTERVAL_MS = 1000;
/**
 * How soon after a change its entry is chained. Under a burst of answers one chaining transaction
 * then takes a hundred entries rather than a few (readers of the log chain what is pending first,
 * so they never wait for it).
 */
const CHAIN_DELAY_MS = 100;

/** The columns an outbox row and a chained entry share, as stored. */
const CHAINED_COLUMNS = 'at, actor_id, actor_username, action, target_type, target_id, ip, correlation_id, details';

interface OutboxRow {
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  correlation_id: string | null;
  details: string | null;
}

/**
 * The audit trail. A change records its entry in the outbox inside its own transaction, so the
 * two commit or fail together without any global lock; the chain writer then appends outbox
 * entries to the hash chain in batches, one writer at a time. Reads chain what is pending first.
 */
@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private scheduled: NodeJS.Timeout | null = null;
  private chaining: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void requestContext.runJob('audit-chain', () => this.chainPending()).catch(() => undefined), CHAIN_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.scheduled) clearTimeout(this.scheduled);
    await this.chainPending().catch(() => undefined);
  }

  /**
   * Records an entry. Pass the manager of the transaction that makes the change, so the change
   * and its audit entry commit or fail together; without one, the entry gets its own.
   */
  async record(record: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager) await this.append(manager, record);
    else await this.transactions.run((own) => this.append(own, record));
    this.recorded();
  }

  /**
   * Appends an entry to the outbox inside the caller's transaction. Callers that use this (or
   * {@link outboxRow} in their own SQL) call {@link recorded} once their transaction commits.
   */
  async append(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.appendRow(manager, this.outboxRow(record));
  }

  /** Appends an outbox row made earlier by {@link outboxRow} (in the request's own context). */
  async appendRow(manager: EntityManager, row: Omit<AuditOutboxEntity, 'id'>): Promise<void> {
    await manager.getRepository(AuditOutboxEntity).insert(row);
  }

  /** The outbox row for an entry: who acted (the caller unless named), from where, when. */
  outboxRow(record: AuditRecord): Omit<AuditOutboxEntity, 'id'> {
    const context = requestContext.current();
    const actor = record.actor ?? { id: context?.user?.id ?? null, username: context?.user?.username ?? null };
    return {
      at: this.clock.now().toISOString(),
      actorId: actor.id,
      actorUsername: actor.username,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      ip: context?.ip ?? null,
      correlationId: context?.correlationId ?? null,
      details: record.details ? canonicalJson(record.details) : null,
    };
  }

  /** Chains what was just committed, soon (entries left behind are chained by the timer). */
  recorded(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      // A pass chains many requests' entries: it runs under an id of its own, not the first caller's.
      void requestContext.runJob('audit-chain', () => this.chainPending()).catch(() => undefined);
    }, CHAIN_DELAY_MS);
    this.scheduled.unref();
  }

  /** Moves every committed outbox entry into the hash chain. Concurrent calls share one run. */
  async chainPending(): Promise<void> {
    if (this.chaining) {
      this.again = true;
      return this.chaining;
    }
    this.chaining = (async () => {
      do {
        this.again = false;
        while ((await this.chainBatch()) === CHAIN_BATCH);
      } while (this.again);
    })().finally(() => (this.chaining = null));
    return this.chaining;
  }

  /**
   * One batch of the outbox into the chain, in hand-written SQL (it runs for every burst of
   * answers, and TypeORM's building of a thousand-row insert cost more than the hashing).
   */
  private chainBatch(): Promise<number> {
    return this.transactions.run(async (manager) => {
      const sql = this.transactions.dialect;
      if (sql.postgres) await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const pending = (await manager.query(
        ...sql.statement(`SELECT id, ${CHAINED_COLUMNS} FROM audit_outbox ORDER BY id LIMIT $1`, [CHAIN_BATCH]),
      )) as (OutboxRow & { id: number | string })[];
      if (pending.length === 0) return 0;
      const [last] = (await manager.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')) as { seq: number | string; hash: string }[];
      let seq = last ? Number(last.seq) : 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const entries = pending.map((item): AuditEntryEntity => {
        seq += 1;
        const entry: AuditEntryEntity = {
          seq,
          at: item.at,
          actorId: item.actor_id,
          actorUsername: item.actor_username,
          action: item.action,
          targetType: item.target_type,
          targetId: item.target_id,
          ip: item.ip,
          correlationId: item.correlation_id,
          details: item.details,
          prevHash,
          hash: '',
        };
        entry.hash = hashAuditEntry(entry);
        prevHash = entry.hash;
        return entry;
      });
      await manager.query(...this.insertEntries(entries));
      await manager.query(...sql.statement(`DELETE FROM audit_outbox WHERE ${sql.inList('id', 1)}`, [sql.list(pending.map((item) => Number(item.id)))]));
      return pending.length;
    });
  }

  /** Every entry in one statement: column arrays for PostgreSQL, one JSON array for SQLite. */
  private insertEntries(entries: AuditEntryEntity[]): [string, unknown[]] {
    const columns = `seq, ${CHAINED_COLUMNS}, prev_hash, hash`;
    if (this.transactions.dialect.postgres) {
      const pick = <K extends keyof AuditEntryEntity>(key: K) => entries.map((entry) => entry[key]);
      return [
        `INSERT INTO audit_log (${columns})
         SELECT * FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[], $9::varchar[], $10::text[], $11::varchar[], $12::varchar[])`,
        [pick('seq'), pick('at'), pick('actorId'), pick('actorUsername'), pick('action'), pick('targetType'), pick('targetId'), pick('ip'), pick('correlationId'), pick('details'), pick('prevHash'), pick('hash')],
      ];
    }
    const fields = ['seq', 'at', 'actorId', 'actorUsername', 'action', 'targetType', 'targetId', 'ip', 'correlationId', 'details', 'prevHash', 'hash'];
    return [`INSERT INTO audit_log (${columns}) SELECT ${fields.map((field) => `json_extract(value, '$.${field}')`).join(', ')} FROM json_each(?)`, [JSON.stringify(entries)]];
  }

  async list(query: AuditQuery): Promise<PageResponse<AuditEntryResponse>> {
    await this.chainPending();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const builder = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('entry');
    if (query.action) builder.andWhere('entry.action = :action', { action: query.action });
    if (query.actor) {
      builder.andWhere(
        new Brackets((where) =>
          where.where('entry.actorUsername = :actor', { actor: query.actor }).orWhere('entry.actorId = :actor', { actor: query.actor }),
        ),
      );
    }
    if (query.from) builder.andWhere('entry.at >= :from', { from: new Date(query.from).toISOString() });
    if (query.to) builder.andWhere('entry.at <= :to', { to: new Date(query.to).toISOString() });
    const [rows, total] = await builder.orderBy('entry.seq', 'DESC').skip(offset).take(limit).getManyAndCount();
    return { items: rows.map(toAuditEntryResponse), total, offset, limit };
  }

  /** Checks the whole chain, a page at a time so memory stays flat however long the log. */
  async verifyChain(pageSize = 1000): Promise<ChainCheck> {
    await this.chainPending();
    return verifyAuditChain(this.dataSource, pageSize);
  }
}

export async function verifyAuditChain(dataSource: DataSource, pageSize = 1000): Promise<ChainCheck> {
  const verifier = new AuditChainVerifier();
  const repository = dataSource.getRepository(AuditEntryEntity);
  let afterSeq = 0;
  for (;;) {
    const page = await repository
      .createQueryBuilder('entry')
      .where('entry.seq > :afterSeq', { afterSeq })
      .orderBy('entry.seq', 'ASC')
      .take(pageSize)
      .getMany();
    if (page.length === 0 || !verifier.feed(page)) break;
    afterSeq = page[page.length - 1].seq;
  }
  return verifier.result();
}

export function toAuditEntryResponse(entry: AuditEntryEntity): AuditEntryResponse {
  return {
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actorId,
    actorUsername: entry.actorUsername,
    action: entry.action as AuditAction,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    correlationId: entry.correlationId,
    details: entry.details ? (JSON.parse(entry.details) as Record<string, unknown>) : null,
    hash: entry.hash,
    prevHash: entry.prevHash,
  };
}
