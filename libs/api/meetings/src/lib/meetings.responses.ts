import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGENDA_ITEM_STATUSES,
  ATTENDANCE_STATES,
  MEETING_KINDS,
  MEETING_ROLES,
  MEETING_STATUSES,
  POSITIONS,
  ROLES,
  SPEAKER_STATES,
  VOTE_CHOICES,
  VOTE_RULES,
  type AgendaItemResponse as AgendaItemContract,
  type AgendaItemStatus,
  type AttendanceState,
  type ConclusionVersionResponse as ConclusionVersionContract,
  type ItemExclusionsResponse as ItemExclusionsContract,
  type MeetingKind,
  type MeetingParticipantChoice as MeetingParticipantChoiceContract,
  type MeetingResponse as MeetingContract,
  type MeetingRole,
  type MeetingSnapshot,
  type MeetingStatus,
  type MeetingSummaryResponse as MeetingSummaryContract,
  type ParticipantResponse as ParticipantContract,
  type PositionChoice,
  type PositionResponse as PositionContract,
  type PositionTally as PositionTallyContract,
  type QuorumResponse as QuorumContract,
  type Role,
  type SpeakerResponse as SpeakerContract,
  type SpeakerState,
  type VoteChoice,
  type VoteResponse as VoteContract,
  type VoteResultResponse as VoteResultContract,
  type VoteRule,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the meeting, agenda and vote routes; each `implements` its contract so a change there fails to compile here. */
export class ParticipantResponse implements ParticipantContract {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ enum: MEETING_ROLES, enumName: 'MeetingRole' }) role!: MeetingRole;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) delegateForUserId!: string | null;
  @ApiProperty({ enum: ATTENDANCE_STATES, enumName: 'AttendanceState' }) attendance!: AttendanceState;
}

export class QuorumResponse implements QuorumContract {
  @ApiProperty() members!: number;
  @ApiProperty() present!: number;
  @ApiProperty() required!: number;
  @ApiProperty() reached!: boolean;
  @ApiPropertyOptional({ description: 'Members excluded from the item (conflict of interest)' }) excluded?: number;
}

export class MeetingSummaryResponse implements MeetingSummaryContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: MEETING_KINDS, enumName: 'MeetingKind' }) kind!: MeetingKind;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, nullable: true }) onlineLink!: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt!: string | null;
  @ApiProperty({ enum: MEETING_STATUSES, enumName: 'MeetingStatus' }) status!: MeetingStatus;
  @ApiProperty({ enum: MEETING_ROLES, enumName: 'MeetingRole', nullable: true }) myRole!: MeetingRole | null;
  @ApiProperty() itemCount!: number;
}

export class MeetingResponse extends MeetingSummaryResponse implements MeetingContract {
  @ApiProperty() version!: number;
  @ApiProperty() agendaVersion!: number;
  @ApiProperty() quorumNumerator!: number;
  @ApiProperty() quorumDenominator!: number;
  @ApiProperty({ enum: VOTE_RULES, enumName: 'VoteRule' }) voteRule!: VoteRule;
  @ApiProperty() delegatesMayVote!: boolean;
  @ApiProperty({ type: Number, nullable: true }) speakingLimitMinutes!: number | null;
  @ApiProperty({ type: [ParticipantResponse] }) participants!: ParticipantResponse[];
  @ApiProperty({ type: QuorumResponse }) quorum!: QuorumResponse;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) currentItemId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) adoptedWithoutDebateAt!: string | null;
}

export class MeetingParticipantChoice implements MeetingParticipantChoiceContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId!: string | null;
}

export class VoteResultResponse implements VoteResultContract {
  @ApiProperty() agree!: number;
  @ApiProperty() disagree!: number;
  @ApiProperty() abstain!: number;
  @ApiProperty() eligible!: number;
  @ApiProperty() needed!: number;
  @ApiProperty() passed!: boolean;
  @ApiProperty() excluded!: number;
  @ApiPropertyOptional({ type: QuorumResponse }) quorum?: QuorumResponse;
}

export class AgendaItemResponse implements AgendaItemContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId!: string | null;
  @ApiProperty({ example: '2.1' }) number!: string;
  @ApiProperty() position!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty({ type: String, nullable: true }) presenter!: string | null;
  @ApiProperty({ type: Number, nullable: true }) plannedMinutes!: number | null;
  @ApiProperty({ enum: AGENDA_ITEM_STATUSES, enumName: 'AgendaItemStatus' }) status!: AgendaItemStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The conclusion the chair approved.' }) conclusion!: string | null;
  @ApiProperty({ description: "A newer draft of the conclusion waits for the chair's approval." }) conclusionPending!: boolean;
  @ApiProperty() adoptedWithoutDebate!: boolean;
  @ApiProperty({ type: VoteResultResponse, nullable: true }) voteResult!: VoteResultResponse | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
}

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class ConclusionVersionResponse implements ConclusionVersionContract {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: PersonRef }) draftedBy!: PersonRef;
  @ApiProperty({ format: 'date-time' }) draftedAt!: string;
  @ApiProperty({ enum: ['draft', 'approved', 'superseded'] }) status!: 'draft' | 'approved' | 'superseded';
  @ApiProperty({ type: PersonRef, nullable: true }) approvedBy!: PersonRef | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
}

export class PositionResponse implements PositionContract {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: POSITIONS, enumName: 'PositionChoice' }) position!: PositionChoice;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PositionTally implements PositionTallyContract {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() noObjection!: number;
  @ApiProperty() objection!: number;
  @ApiProperty() wishToSpeak!: number;
}

export class SpeakerResponse implements SpeakerContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: SPEAKER_STATES, enumName: 'SpeakerState' }) state!: SpeakerState;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
}

type VoteBallotContract = NonNullable<VoteContract['ballots']>[number];

export class VoteBallotResponse implements VoteBallotContract {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: VOTE_CHOICES, enumName: 'VoteChoice' }) choice!: VoteChoice;
}

export class VoteResponse implements VoteContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() question!: string;
  @ApiProperty() secret!: boolean;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty() eligible!: number;
  @ApiProperty() excluded!: number;
  @ApiProperty({ type: QuorumResponse }) quorum!: QuorumResponse;
  @ApiProperty() votedCount!: number;
  @ApiProperty({ type: [String], nullable: true, description: 'Who voted (open votes, to the secretariat)' }) voterIds!: string[] | null;
  @ApiProperty({ type: [VoteBallotResponse], nullable: true, description: 'Each ballot (open votes, once closed)' }) ballots!: VoteBallotResponse[] | null;
  @ApiProperty({ enum: VOTE_CHOICES, enumName: 'VoteChoice', nullable: true, description: 'Named votes; in a secret vote only in the answer to the caller’s own cast' }) myChoice!: VoteChoice | null;
  @ApiProperty({ description: 'The caller has cast a ballot' }) voted!: boolean;
  @ApiProperty({ type: VoteResultResponse, nullable: true }) result!: VoteResultResponse | null;
}

export class ItemExclusionsResponse implements ItemExclusionsContract {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) userIds!: string[];
}

export class MeetingSnapshotResponse implements MeetingSnapshot {
  @ApiProperty({ description: 'Sequence number of the last live event the snapshot includes' }) seq!: number;
  @ApiProperty({ type: MeetingResponse }) meeting!: MeetingResponse;
  @ApiProperty({ type: [AgendaItemResponse] }) agenda!: AgendaItemResponse[];
  @ApiProperty({ type: [SpeakerResponse] }) speakers!: SpeakerResponse[];
  @ApiProperty({ type: VoteResponse, nullable: true }) openVote!: VoteResponse | null;
  @ApiProperty({ type: [VoteResponse] }) votes!: VoteResponse[];
  @ApiProperty({ type: [PositionResponse] }) myPositions!: PositionResponse[];
  @ApiProperty({ type: [PositionTally] }) positionTallies!: PositionTally[];
  @ApiProperty({ type: [PositionResponse], nullable: true }) positions!: PositionResponse[] | null;
  @ApiProperty({ type: [ItemExclusionsResponse] }) exclusions!: ItemExclusionsResponse[];
}
