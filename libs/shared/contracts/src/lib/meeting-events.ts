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
import type { ItemExclusionsResponse, PapersEventData } from './papers';
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
  /** The participants excluded from an item changed (every participant's screen follows it). */
  exclusions: ItemExclusionsResponse;
  /**
   * Sent instead of an event the recipient may not see (a `papers` event of an item they are
   * excluded from): it only moves `seq` on, so the client needs no catch-up.
   */
  withheld: Record<string, never>;
}

export type MeetingEventKind = keyof MeetingEventData;
export const MEETING_EVENT_KINDS: readonly MeetingEventKind[] = ['agenda', 'current-item', 'status', 'speakers', 'attendance', 'positions', 'vote', 'papers', 'exclusions', 'withheld'];

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
