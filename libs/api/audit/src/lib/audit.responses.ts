import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntryResponse as AuditEntryContract, type AuditVerifyResponse as AuditVerifyContract, type PageResponse } from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the audit routes; each `implements` its contract so a change there fails to compile here. */
export class AuditEntryResponse implements AuditEntryContract {
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorUsername!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' }) action!: AuditAction;
  @ApiProperty({ type: String, nullable: true }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details!: Record<string, unknown> | null;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
}

export class AuditEntryPageResponse implements PageResponse<AuditEntryContract> {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
}

export class AuditVerifyResponse implements AuditVerifyContract {
  @ApiProperty() ok!: boolean;
  @ApiProperty() checked!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'First entry whose hash or link does not match' }) firstBrokenSeq!: number | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}
