import { Global, Module } from '@nestjs/common';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditController } from './audit.controller';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditOutboxEntity } from './audit-outbox.entity';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditCheckpoints],
  exports: [AuditService, AuditCheckpoints],
})
export class AuditModule {}

export const AUDIT_ENTITIES = [AuditEntryEntity, AuditOutboxEntity, AuditCheckpointEntity];
