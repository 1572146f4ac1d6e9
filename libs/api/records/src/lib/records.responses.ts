import { ApiProperty } from '@nestjs/swagger';
import {
  RESOLUTION_STATUSES,
  type MinutesProse,
  type MinutesRecord,
  type MinutesResponse as MinutesContract,
  type ResolutionPage as ResolutionPageContract,
  type ResolutionResponse as ResolutionContract,
  type ResolutionSection,
  type ResolutionStatus,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the minutes routes; each `implements` its contract so a change there fails to compile here. */
export class MinutesPersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class MinutesProseSchema implements MinutesProse {
  @ApiProperty() opening!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Per agenda item id: the account of its discussion.' }) items!: Record<string, string>;
  @ApiProperty() closing!: string;
}

export class MinutesResponse implements MinutesContract {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ enum: ['draft', 'approved'] }) status!: 'draft' | 'approved';
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true, example: '05/BB-CP' }) number!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The facts from the record (meeting, chair, secretary, attendance, quorum, items with speakers, votes and approved conclusions); see MinutesRecord in the contracts.',
  })
  record!: MinutesRecord;
  @ApiProperty({ type: MinutesProseSchema }) prose!: MinutesProseSchema;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) updatedBy!: MinutesPersonRef | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) approvedBy!: MinutesPersonRef | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) pdfSha256!: string | null;
  @ApiProperty() conclusionsPending!: number;
}

export class ResolutionSectionSchema implements ResolutionSection {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) itemId!: string | null;
  @ApiProperty() heading!: string;
  @ApiProperty() text!: string;
}

export class ResolutionResponse implements ResolutionContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The meeting it was composed for; null for a ballot's." }) meetingId!: string | null;
  @ApiProperty() meetingTitle!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The closed opinion ballot it was composed from; null for a session's." }) ballotId!: string | null;
  @ApiProperty() ballotTitle!: string;
  @ApiProperty({ enum: RESOLUTION_STATUSES, enumName: 'ResolutionStatus' }) status!: ResolutionStatus;
  @ApiProperty() version!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [ResolutionSectionSchema] }) sections!: ResolutionSectionSchema[];
  @ApiProperty({ type: String, nullable: true, example: '12/NQ-CP' }) number!: string | null;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) createdBy!: MinutesPersonRef | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) issuedBy!: MinutesPersonRef | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) issuedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) pdfSha256!: string | null;
}

export class ResolutionPageSchema implements ResolutionPageContract {
  @ApiProperty({ type: [ResolutionResponse] }) items!: ResolutionResponse[];
  @ApiProperty() total!: number;
}
