import { ApiProperty } from '@nestjs/swagger';
import {
  AUDIT_ACTIONS,
  AUDIT_CHECKPOINT_REASONS,
  type AuditAction,
  type AuditCheckpoint,
  type AuditCheckpointFile,
  type AuditCheckpointReason,
  type AuditCheckpointSummary,
  type AuditEntryResponse as AuditEntryContract,
  type AuditInclusionProof,
  type AuditVerifyResponse as AuditVerifyContract,
  type PageResponse,
} from '@ecabinet/shared/contracts';

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

export class AuditCheckpointResponse implements AuditCheckpointSummary {
  @ApiProperty({ enum: ['ecabinet.audit-checkpoint'] }) type!: 'ecabinet.audit-checkpoint';
  @ApiProperty({ description: 'Entries covered: the first `size` of the log' }) size!: number;
  @ApiProperty({ description: 'Merkle root (RFC 6962) over the entries’ hashes, hex' }) rootHash!: string;
  @ApiProperty() lastEntryHash!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: AUDIT_CHECKPOINT_REASONS }) reason!: AuditCheckpointReason;
  @ApiProperty({ description: 'Inspectors it was mailed to' }) mailedTo!: number;
}

class AuditCheckpointSeal {
  @ApiProperty({ description: 'Detached CMS by the seal certificate over the canonical JSON of `checkpoint`, DER base64' }) cms!: string;
}

export class AuditCheckpointFileResponse implements AuditCheckpointFile {
  @ApiProperty({ enum: ['ecabinet.audit-checkpoint/1'] }) format!: 'ecabinet.audit-checkpoint/1';
  @ApiProperty({ type: AuditCheckpointResponse }) checkpoint!: AuditCheckpoint;
  @ApiProperty({ type: AuditCheckpointSeal }) seal!: AuditCheckpointSeal;
}

export class AuditInclusionProofResponse implements AuditInclusionProof {
  @ApiProperty({ enum: ['ecabinet.audit-inclusion/1'] }) format!: 'ecabinet.audit-inclusion/1';
  @ApiProperty() seq!: number;
  @ApiProperty() entryHash!: string;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ type: [String] }) path!: string[];
  @ApiProperty() rootHash!: string;
  @ApiProperty({ type: AuditCheckpointFileResponse }) checkpoint!: AuditCheckpointFile;
}
