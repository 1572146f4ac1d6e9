import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { AppConfig } from '@ecabinet/api/platform';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { useDriverColumnTypes } from './date-time-column';
import { MIGRATIONS } from './migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;

/**
 * The one place that turns configuration into TypeORM options. `synchronize` is never on:
 * the schema comes from {@link MIGRATIONS} on both drivers.
 */
export function buildDataSourceOptions(database: AppConfig['database'], entities: EntityList): DataSourceOptions {
  useDriverColumnTypes(database.driver);
  const common = { entities, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (database.driver === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      // Names the connections in pg_stat_activity: the operator (and a test) can tell whose they are.
      applicationName: database.schema ? `ecabinet/${database.schema}` : 'ecabinet',
      ...(database.schema
        ? { schema: database.schema, extra: { options: `-c search_path=${database.schema}`, max: 20 } }
        : { extra: { max: 20 } }),
    };
  }
  mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL lets readers proceed during a write; a busy timeout rides out a second process.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      // With WAL, NORMAL survives a crash of the process (kill -9) and syncs at checkpoints
      // rather than on every commit; only a power loss can drop the last transactions.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
