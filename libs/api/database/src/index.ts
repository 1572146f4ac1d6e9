export * from './lib/date-time-column';
export * from './lib/data-source-options';
export * from './lib/transaction-runner';
export * from './lib/batch-queue';
export { CommittedChanges, TableCache } from './lib/committed-changes';
export * from './lib/sql-dialect';
export * from './lib/database.module';
export { MIGRATIONS } from './lib/migrations';
