import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ATTENDANCE_STATES,
  MEETING_KINDS,
  MEETING_ROLES,
  MEETING_STATUSES,
  POSITIONS,
  VOTE_CHOICES,
  VOTE_RULES,
  type AdoptWithoutDebateRequest,
  type AttendanceState,
  type CastVoteRequest,
  type ChangeMeetingStatusRequest,
  type CompleteAgendaItemRequest,
  type CreateAgendaItemRequest,
  type CreateMeetingRequest,
  type DraftConclusionRequest,
  type MeetingKind,
  type MeetingRole,
  type MeetingStatus,
  type MoveAgendaItemRequest,
  type OpenVoteRequest,
  type ParticipantRequest,
  type PositionChoice,
  type PositionRequest,
  type SetAgendaItemStatusRequest,
  type SetAttendanceRequest,
  type SetCurrentItemRequest,
  type SetParticipantsRequest,
  type UpdateAgendaItemRequest,
  type UpdateMeetingRequest,
  type VoteChoice,
  type VoteRule,
} from '@ecabinet/shared/contracts';
import { Omittable, OmittableOrNull } from '@ecabinet/api/platform';

const VERSION = () => (target: object, key: string | symbol) => {
  ApiProperty({ description: 'The version the editor saw (optimistic concurrency)' })(target, key);
  IsInt()(target, key);
  Min(1)(target, key);
};

export class CreateMeetingDto implements CreateMeetingRequest {
  @ApiProperty({ example: 'Phiên họp Chính phủ thường kỳ tháng 12/2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(300)
  place?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  onlineLink?: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Omittable()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ default: 2 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  quorumNumerator?: number;

  @ApiPropertyOptional({ default: 3 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  quorumDenominator?: number;

  @ApiPropertyOptional({ enum: VOTE_RULES })
  @Omittable()
  @IsIn(VOTE_RULES)
  voteRule?: VoteRule;

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  delegatesMayVote?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, description: 'Minutes each speaker may hold the floor; 0 for no limit.' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(60)
  speakingLimitMinutes?: number;
}

/** Every field of a new meeting, each omittable (not null), plus the version the editor saw. */
export class UpdateMeetingDto extends PartialType(CreateMeetingDto, { skipNullProperties: false }) implements UpdateMeetingRequest {
  @VERSION()
  version!: number;
}

export class ParticipantDto implements ParticipantRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  userId!: string;

  @ApiProperty({ enum: MEETING_ROLES })
  @IsIn(MEETING_ROLES)
  role!: MeetingRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID('4')
  delegateForUserId?: string;
}

export class SetParticipantsDto implements SetParticipantsRequest {
  @ApiProperty({ type: [ParticipantDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants!: ParticipantDto[];
}

export class ChangeMeetingStatusDto implements ChangeMeetingStatusRequest {
  @ApiProperty({ enum: MEETING_STATUSES })
  @IsIn(MEETING_STATUSES)
  status!: MeetingStatus;
}

export class SetAttendanceDto implements SetAttendanceRequest {
  @ApiProperty({ enum: ATTENDANCE_STATES })
  @IsIn(ATTENDANCE_STATES)
  attendance!: AttendanceState;
}

export class MeetingListQueryDto {
  @ApiPropertyOptional({ enum: ['upcoming', 'past', 'all'], default: 'upcoming' })
  @Omittable()
  @IsIn(['upcoming', 'past', 'all'])
  scope?: 'upcoming' | 'past' | 'all';
}

export class CreateAgendaItemDto implements CreateAgendaItemRequest {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OmittableOrNull()
  @IsUUID('4')
  parentId?: string | null;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(300)
  presenter?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(600)
  plannedMinutes?: number;

  @VERSION()
  agendaVersion!: number;
}

export class UpdateAgendaItemDto implements UpdateAgendaItemRequest {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OmittableOrNull()
  @IsString()
  @MaxLength(5000)
  summary?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OmittableOrNull()
  @IsString()
  @MaxLength(300)
  presenter?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @OmittableOrNull()
  @IsInt()
  @Min(1)
  @Max(600)
  plannedMinutes?: number | null;

  @VERSION()
  version!: number;
}

export class MoveAgendaItemDto implements MoveAgendaItemRequest {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('4')
  parentId!: string | null;

  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10000)
  index!: number;

  @VERSION()
  agendaVersion!: number;
}

export class SetAgendaItemStatusDto implements SetAgendaItemStatusRequest {
  @ApiProperty({ enum: ['pending', 'deferred', 'withdrawn'] })
  @IsIn(['pending', 'deferred', 'withdrawn'])
  status!: 'pending' | 'deferred' | 'withdrawn';

  @VERSION()
  version!: number;
}

export class CompleteAgendaItemDto implements CompleteAgendaItemRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  conclusion!: string;

  @VERSION()
  version!: number;
}

export class DraftConclusionDto implements DraftConclusionRequest {
  @ApiProperty({ example: 'Chính phủ thống nhất thông qua báo cáo; giao Bộ Tài chính hoàn thiện dự thảo.' })
  @IsString()
  @Matches(/\S/, { message: 'conclusion must not be blank' })
  @MaxLength(20000)
  text!: string;

  @ApiProperty({ description: 'The latest version the writer saw; 0 when there was none.' })
  @IsInt()
  @Min(0)
  basedOnVersion!: number;
}

export class ApproveConclusionDto {
  @ApiProperty({ description: 'The version approved: it must be the latest.' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class SetCurrentItemDto implements SetCurrentItemRequest {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('4')
  itemId!: string | null;
}

export class AdoptWithoutDebateDto implements AdoptWithoutDebateRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('4', { each: true })
  itemIds!: string[];
}

export class PositionDto implements PositionRequest {
  @ApiProperty({ enum: POSITIONS })
  @IsIn(POSITIONS)
  position!: PositionChoice;

  @ApiPropertyOptional({ description: 'For the chair and the secretariat only' })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ enum: [...POSITIONS, 'none'], description: 'The position the device showed before this change: another device\'s change meanwhile is a 409 STALE_VERSION, not overwritten' })
  @Omittable()
  @IsIn([...POSITIONS, 'none'])
  baseline?: PositionChoice | 'none';
}

export class GrantFloorDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A request to speak; omitted: the next one waiting' })
  @Omittable()
  @IsUUID('4')
  speakerId?: string;
}

export class OpenVoteDto implements OpenVoteRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  itemId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  question!: string;

  @ApiProperty()
  @IsBoolean()
  secret!: boolean;
}

export class CastVoteDto implements CastVoteRequest {
  @ApiProperty({ enum: VOTE_CHOICES })
  @IsIn(VOTE_CHOICES)
  choice!: VoteChoice;
}
