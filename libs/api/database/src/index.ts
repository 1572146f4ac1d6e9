export * from './lib/date-time-column';
export * from './lib/data-source-options';
export * from './lib/transaction-runner';
export * from './lib/database.module';
export { MIGRATIONS } from './lib/migrations';
