import type {
  AgendaItemResponse,
  MeetingSnapshot,
  MeetingStatus,
  ParticipantResponse,
  PositionResponse,
  PositionTally,
  QuorumResponse,
  SpeakerResponse,
  VoteResponse,
} from './meetings';
import type { PapersEventData } from './papers';
import type { RealtimeError } from './realtime';

/** What each `meeting:event` kind carries. */
export interface MeetingEventData {
  agenda: { agendaVersion: number; items: AgendaItemResponse[]; adoptedWithoutDebate?: string[] };
  'current-item': { currentItemId: string | null; items: AgendaItemResponse[] };
  status: { status: MeetingStatus; version: number };
  speakers: { itemId: string; speakers: SpeakerResponse[] };
  attendance: { participants: ParticipantResponse[]; quorum: QuorumResponse };
  /** Tallies for everyone; `positions` only for the chair and the secretariat. */
  positions: { tallies: PositionTally[]; positions: PositionResponse[] | null };
  vote: { vote: VoteResponse };
  /** A paper was added, replaced by a new version, or changed; clients re-read the papers. */
  papers: PapersEventData;
}

export type MeetingEventKind = keyof MeetingEventData;
export const MEETING_EVENT_KINDS: readonly MeetingEventKind[] = ['agenda', 'current-item', 'status', 'speakers', 'attendance', 'positions', 'vote', 'papers'];

export type MeetingEvent = {
  [K in MeetingEventKind]: { meetingId: string; seq: number; kind: K; data: MeetingEventData[K]; at: string };
}[MeetingEventKind];

export interface MeetingJoinRequest {
  meetingId: string;
  sinceSeq?: number;
}

export type MeetingJoinAck =
  | { seq: number; snapshot: MeetingSnapshot }
  | { seq: number; events: MeetingEvent[] }
  | { error: RealtimeError };
