import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditOutboxEntity } from './audit-outbox.entity';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

export const AUDIT_ENTITIES = [AuditEntryEntity, AuditOutboxEntity];
