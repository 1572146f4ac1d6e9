import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource, type EntitySubscriberInterface, type InsertEvent, type QueryRunner, type RemoveEvent, type TransactionCommitEvent, type TransactionRollbackEvent, type UpdateEvent } from 'typeorm';

/** Where REDIS_URL is given to the database module (null: this instance is alone). */
export const COMMITTED_CHANGES_REDIS_URL = Symbol('COMMITTED_CHANGES_REDIS_URL');
/** The Redis channel on which an instance names the tables it changed. */
const CHANNEL = 'ecabinet:tables-changed';
const PENDING = 'committedChanges';

/**
 * Tells what keeps a copy of some tables in memory that they changed, once the change is
 * committed: on this instance at once, and on every other through Redis (when REDIS_URL is set)
 * before the transaction's commit resolves. Sees every insert, update and delete made through
 * TypeORM's repositories and query builders (a TypeORM subscriber); raw SQL goes unseen, so a
 * copy must also expire on its own. Only tables watched here are announced: every instance runs
 * the same code, so watches the same tables.
 */
@Injectable()
export class CommittedChanges implements EntitySubscriberInterface, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CommittedChanges.name);
  private readonly listeners = new Map<string, Set<() => void>>();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(COMMITTED_CHANGES_REDIS_URL) private readonly redisUrl: string | null,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dataSource.subscribers.push(this);
    if (!this.redisUrl) return;
    this.subscriber = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    // No offline queue: while Redis is away a commit is not held up waiting for it to come back.
    this.publisher = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: false });
    // While Redis is away, other instances' copies expire on their own; log, do not crash.
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, message: string) => this.notify(message.split(',')));
    await this.subscriber.subscribe(CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    const index = this.dataSource.subscribers.indexOf(this);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await Promise.allSettled([this.publisher, this.subscriber].map((client) => (client?.status === 'ready' ? client.quit() : client?.disconnect())));
  }

  /** Calls `listener` whenever one of `tables` changed, here or on another instance. */
  on(tables: readonly string[], listener: () => void): void {
    for (const table of tables) {
      const set = this.listeners.get(table) ?? new Set();
      set.add(listener);
      this.listeners.set(table, set);
    }
  }

  afterInsert(event: InsertEvent<unknown>): Promise<void> {
    return this.changed(event.metadata.tableName, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): Promise<void> {
    return this.changed(event.metadata.tableName, event.queryRunner);
  }

  afterRemove(event: RemoveEvent<unknown>): Promise<void> {
    return this.changed(event.metadata.tableName, event.queryRunner);
  }

  /** Told again once committed: a read made between the write and its commit saw the old rows. */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const tables = this.takePending(event.queryRunner);
    if (!tables.length) return;
    this.notify(tables);
    await this.publish(tables);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.takePending(event.queryRunner);
  }

  private async changed(table: string, queryRunner: QueryRunner): Promise<void> {
    if (!this.listeners.has(table)) return;
    this.notify([table]);
    if (!queryRunner.isTransactionActive) return this.publish([table]);
    const pending = (queryRunner.data?.[PENDING] as Set<string> | undefined) ?? new Set<string>();
    pending.add(table);
    queryRunner.data = { ...queryRunner.data, [PENDING]: pending };
  }

  private takePending(queryRunner: QueryRunner): string[] {
    const pending = queryRunner.data?.[PENDING] as Set<string> | undefined;
    if (!pending) return [];
    delete queryRunner.data[PENDING];
    return [...pending];
  }

  /** To every other instance: resolves once Redis has handed them the message, at once if Redis is away. */
  private async publish(tables: string[]): Promise<void> {
    if (!this.publisher) return;
    await this.publisher.publish(CHANNEL, tables.join(',')).catch((error: Error) => this.logger.warn(`Redis: other instances not told of changes to ${tables.join(', ')}: ${error.message}`));
  }

  private notify(tables: readonly string[]): void {
    for (const table of tables) for (const listener of this.listeners.get(table) ?? []) listener();
  }
}

/**
 * Values read from the database, kept until one of their tables changes on any instance
 * (CommittedChanges) or `ttlMs` passes. A read that began before a change is answered but not
 * kept; callers asking for the same key at once share one read.
 */
export class TableCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly reading = new Map<string, Promise<V | null>>();
  private generation = 0;

  constructor(
    changes: CommittedChanges,
    tables: readonly string[],
    private readonly options: { ttlMs: number; maxEntries: number },
  ) {
    changes.on(tables, () => this.forget());
  }

  async through(key: string, read: () => Promise<V | null>, keep: (value: V) => boolean = () => true): Promise<V | null> {
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.at < this.options.ttlMs) return entry.value;
    if (entry) this.entries.delete(key);
    const generation = this.generation;
    const readKey = `${generation} ${key}`;
    let pending = this.reading.get(readKey);
    if (!pending) {
      pending = read().finally(() => this.reading.delete(readKey));
      this.reading.set(readKey, pending);
    }
    const value = await pending;
    if (value !== null && generation === this.generation && keep(value)) {
      if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { value, at: Date.now() });
    }
    return value;
  }

  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
