import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlDialect } from './sql-dialect';

/**
 * Runs units of work in a transaction. TypeORM drives SQLite through a single connection, so
 * two transactions started at once would nest into each other; on SQLite they are queued here,
 * one at a time. PostgreSQL runs them concurrently on pooled connections.
 */
@Injectable()
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();
  /** For SQL written by hand on hot paths. */
  readonly dialect: SqlDialect;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = new SqlDialect(dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite');
  }

  get driver(): 'sqlite' | 'postgres' {
    return this.dialect.driver;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.driver === 'postgres') return this.dataSource.transaction(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }
}
