/** Meetings (phiên họp), their agenda (chương trình họp) and what happens in session. */

import type { ItemExclusionsResponse } from './papers';
import type { Role } from './roles';

export const MEETING_KINDS = ['regular', 'extraordinary', 'thematic'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['draft', 'published', 'in_session', 'adjourned', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** The allowed moves of a meeting's status. */
export const MEETING_TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  draft: ['published'],
  published: ['in_session', 'draft'],
  in_session: ['adjourned', 'closed'],
  adjourned: ['in_session', 'closed'],
  closed: [],
};

export const MEETING_ROLES = ['chair', 'member', 'delegate', 'observer', 'secretary'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const ATTENDANCE_STATES = ['unknown', 'in_room', 'remote', 'absent', 'represented'] as const;
export type AttendanceState = (typeof ATTENDANCE_STATES)[number];

export const AGENDA_ITEM_STATUSES = ['pending', 'current', 'done', 'deferred', 'withdrawn'] as const;
export type AgendaItemStatus = (typeof AGENDA_ITEM_STATUSES)[number];

export const POSITIONS = ['no_objection', 'objection', 'wish_to_speak'] as const;
export type PositionChoice = (typeof POSITIONS)[number];

export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VOTE_RULES = ['majority_of_all', 'majority_of_present'] as const;
export type VoteRule = (typeof VOTE_RULES)[number];

export const SPEAKER_STATES = ['waiting', 'speaking', 'done', 'withdrawn'] as const;
export type SpeakerState = (typeof SPEAKER_STATES)[number];

export interface ParticipantResponse {
  userId: string;
  fullName: string;
  title: string | null;
  role: MeetingRole;
  /** For a delegate: the member they stand in for. */
  delegateForUserId: string | null;
  attendance: AttendanceState;
}

export interface QuorumResponse {
  /** Members (chair included) who count towards quorum. */
  members: number;
  /** Present in the room, remote, or represented by a delegate. */
  present: number;
  required: number;
  reached: boolean;
  /**
   * An agenda item's quorum only: members excluded from the item (conflict of interest), who are
   * left out of `members` and `present` (not counted as absent).
   */
  excluded?: number;
}

export interface MeetingSummaryResponse {
  id: string;
  title: string;
  kind: MeetingKind;
  place: string | null;
  onlineLink: string | null;
  startsAt: string;
  endsAt: string | null;
  status: MeetingStatus;
  myRole: MeetingRole | null;
  itemCount: number;
}

export interface MeetingResponse extends MeetingSummaryResponse {
  version: number;
  agendaVersion: number;
  quorumNumerator: number;
  quorumDenominator: number;
  voteRule: VoteRule;
  delegatesMayVote: boolean;
  /** How long each speaker may hold the floor (the room screen counts down); null: no limit. */
  speakingLimitMinutes: number | null;
  participants: ParticipantResponse[];
  quorum: QuorumResponse;
  currentItemId: string | null;
  adoptedWithoutDebateAt: string | null;
}

export interface VoteResultResponse {
  agree: number;
  disagree: number;
  abstain: number;
  /** Who could vote when the vote closed. */
  eligible: number;
  /** Agree votes needed to pass under the meeting's rule. */
  needed: number;
  passed: boolean;
  /** Who was excluded from the item (conflict of interest): neither eligible nor absent. 0 in results from before exclusions counted. */
  excluded: number;
  /** The item's quorum when the vote closed, without the excluded members. */
  quorum?: QuorumResponse;
}

export interface AgendaItemResponse {
  id: string;
  parentId: string | null;
  /** "1", "2", "2.1": from the tree order. */
  number: string;
  position: number;
  title: string;
  summary: string | null;
  presenter: string | null;
  plannedMinutes: number | null;
  status: AgendaItemStatus;
  /** The conclusion the chair approved (what members see); null until one is. */
  conclusion: string | null;
  /** A newer draft of the conclusion waits for the chair's approval (its text is the chair's and the secretariat's only). */
  conclusionPending: boolean;
  adoptedWithoutDebate: boolean;
  voteResult: VoteResultResponse | null;
  version: number;
  startedAt: string | null;
}

export interface CreateMeetingRequest {
  title: string;
  kind: MeetingKind;
  place?: string;
  onlineLink?: string;
  startsAt: string;
  endsAt?: string;
  quorumNumerator?: number;
  quorumDenominator?: number;
  voteRule?: VoteRule;
  delegatesMayVote?: boolean;
  /** How long each speaker may hold the floor, in minutes; 0 for no limit (the default). */
  speakingLimitMinutes?: number;
}

export interface UpdateMeetingRequest extends Partial<CreateMeetingRequest> {
  version: number;
}

/**
 * `GET /meetings/participant-choices`: someone the secretariat may name as a participant (an
 * enabled user), with their system roles so the editor can suggest a meeting role.
 */
export interface MeetingParticipantChoice {
  id: string;
  fullName: string;
  title: string | null;
  roles: Role[];
  /** The organisation the user belongs to (a task's responsible person is one of its lead organisation). */
  organisationId: string | null;
}

export interface ParticipantRequest {
  userId: string;
  role: MeetingRole;
  delegateForUserId?: string;
}

export interface SetParticipantsRequest {
  participants: ParticipantRequest[];
}

export interface ChangeMeetingStatusRequest {
  status: MeetingStatus;
}

export interface SetAttendanceRequest {
  attendance: AttendanceState;
}

export interface CreateAgendaItemRequest {
  parentId?: string | null;
  title: string;
  summary?: string;
  presenter?: string;
  plannedMinutes?: number;
  /** The agenda version the editor saw. */
  agendaVersion: number;
}

export interface UpdateAgendaItemRequest {
  title?: string;
  summary?: string | null;
  presenter?: string | null;
  plannedMinutes?: number | null;
  /** The item version the editor saw. */
  version: number;
}

export interface MoveAgendaItemRequest {
  parentId: string | null;
  /** Zero-based index among the new siblings. */
  index: number;
  agendaVersion: number;
}

export interface SetAgendaItemStatusRequest {
  status: Extract<AgendaItemStatus, 'pending' | 'deferred' | 'withdrawn'>;
  version: number;
}

export interface CompleteAgendaItemRequest {
  conclusion: string;
  version: number;
}

/** One version of an item's conclusion: drafted by the secretariat (or the chair), approved by the chair. */
export interface ConclusionVersionResponse {
  itemId: string;
  /** 1, 2, 3… per item; every save is a new version, none is ever changed or deleted. */
  version: number;
  text: string;
  draftedBy: { id: string; fullName: string };
  draftedAt: string;
  /** `approved`: the chair approved it (the latest approved is the item's conclusion); `superseded`: a newer version replaced it before or after approval. */
  status: 'draft' | 'approved' | 'superseded';
  approvedBy: { id: string; fullName: string } | null;
  approvedAt: string | null;
}

export interface DraftConclusionRequest {
  text: string;
  /** The latest version the writer saw (0: none): a newer one in the meantime is a 409, never overwritten. */
  basedOnVersion: number;
}

export interface SetCurrentItemRequest {
  itemId: string | null;
}

export interface AdoptWithoutDebateRequest {
  itemIds: string[];
}

/** HTTP 409 `details`: what the server has now, so the editor can show it. */
export interface AgendaConflictDetails {
  agendaVersion: number;
  items: AgendaItemResponse[];
}

export interface PositionRequest {
  position: PositionChoice;
  note?: string;
  /**
   * The position the device showed before this change (`none`: it showed none): a change made
   * offline is refused (409 STALE_VERSION, with the position as it is) when another device
   * changed it meanwhile, rather than overwriting it. Omitted: the change simply applies.
   */
  baseline?: PositionChoice | 'none';
}

export interface PositionResponse {
  itemId: string;
  userId: string;
  fullName: string;
  position: PositionChoice;
  /** Only for the author, the chair and the secretariat. */
  note: string | null;
  /**
   * When this position was chosen (editing only the note keeps it): pre-session wishes to speak
   * are queued on the item's list of speakers in this order.
   */
  updatedAt: string;
}

export interface PositionTally {
  itemId: string;
  noObjection: number;
  objection: number;
  wishToSpeak: number;
}

export interface SpeakerResponse {
  id: string;
  itemId: string;
  userId: string;
  fullName: string;
  state: SpeakerState;
  requestedAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface OpenVoteRequest {
  itemId: string;
  question: string;
  secret: boolean;
}

export interface CastVoteRequest {
  choice: VoteChoice;
}

export interface VoteResponse {
  id: string;
  itemId: string;
  question: string;
  secret: boolean;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  eligible: number;
  /** Members (and their delegates) excluded from the item: they may not vote and are not counted as absent. */
  excluded: number;
  /** The item's quorum now, without the excluded members. */
  quorum: QuorumResponse;
  votedCount: number;
  /** Chair and secretariat only: who has voted (never how, when secret). */
  voterIds: string[] | null;
  /** Named votes, after closing: each voter's choice. */
  ballots: { userId: string; choice: VoteChoice }[] | null;
  /**
   * The caller's choice: in a named vote as stored; in a secret vote only in the answer to his own
   * cast (the server keeps no link between a voter and a choice, so it cannot tell him later).
   */
  myChoice: VoteChoice | null;
  /** The caller has cast a ballot in this vote. */
  voted: boolean;
  result: VoteResultResponse | null;
}

export interface MeetingSnapshot {
  meeting: MeetingResponse;
  agenda: AgendaItemResponse[];
  speakers: SpeakerResponse[];
  openVote: VoteResponse | null;
  /**
   * Every vote of the meeting, open or closed, oldest first (an item may have several): trimmed
   * for the caller like `openVote`, named votes with each voter's choice once closed.
   */
  votes: VoteResponse[];
  /** The caller's own positions, with notes. */
  myPositions: PositionResponse[];
  /** Per item counts for everyone; the full list only for the chair and the secretariat. */
  positionTallies: PositionTally[];
  positions: PositionResponse[] | null;
  /**
   * Who is excluded from which item (conflict of interest), items without exclusions left out.
   * Recusal is shown in tallies and minutes, so every participant sees it; the papers stay hidden.
   */
  exclusions: ItemExclusionsResponse[];
}
