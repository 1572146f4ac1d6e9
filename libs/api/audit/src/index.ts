export * from './lib/audit.module';
export * from './lib/audit.service';
export * from './lib/audit-chain';
export * from './lib/audit-entry.entity';
export * from './lib/audit-outbox.entity';
export * from './lib/audit-checkpoints.service';
export * from './lib/audit-checkpoint.entity';
