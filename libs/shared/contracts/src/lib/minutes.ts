import type { AgendaItemStatus, AttendanceState, MeetingKind, MeetingRole, QuorumResponse, VoteChoice } from './meetings';

/** One vote as the minutes record it: a secret vote by its totals only. */
export interface MinutesVote {
  question: string;
  secret: boolean;
  agree: number;
  disagree: number;
  abstain: number;
  eligible: number;
  passed: boolean;
  /** Named votes: who chose what; null for a secret vote. */
  names: Record<VoteChoice, string[]> | null;
}

export interface MinutesItem {
  itemId: string;
  number: string;
  title: string;
  presenter: string | null;
  status: AgendaItemStatus;
  adoptedWithoutDebate: boolean;
  /** Who took no part in the item (conflict of interest). */
  excluded: string[];
  /** Positions marked before the session. */
  positions: { noObjection: number; objection: number; wishToSpeak: number };
  /** Who spoke, in the order they had the floor. */
  speakers: string[];
  votes: MinutesVote[];
  /** The conclusion the chair approved; null when none was. */
  conclusion: string | null;
}

/**
 * The facts of the minutes, drafted from the session's record: nobody edits them. While the
 * minutes are a draft they follow the record; the chair's approval freezes them.
 */
export interface MinutesRecord {
  meeting: { id: string; title: string; kind: MeetingKind; place: string | null; startsAt: string; endsAt: string | null };
  chair: string | null;
  secretary: string | null;
  attendance: { fullName: string; title: string | null; role: MeetingRole; attendance: AttendanceState; delegateFor: string | null }[];
  quorum: QuorumResponse;
  items: MinutesItem[];
}

/** What the secretariat writes: the prose around the facts. */
export interface MinutesProse {
  opening: string;
  /** Per agenda item id: the account of the discussion. */
  items: Record<string, string>;
  closing: string;
}

export interface MinutesResponse {
  meetingId: string;
  status: 'draft' | 'approved';
  /** For optimistic concurrency: each save increments it. */
  version: number;
  /** "05/BB-CP": given at approval. */
  number: string | null;
  record: MinutesRecord;
  prose: MinutesProse;
  updatedBy: { id: string; fullName: string } | null;
  updatedAt: string;
  approvedBy: { id: string; fullName: string } | null;
  approvedAt: string | null;
  /** SHA-256 of the signed PDF kept at approval. */
  pdfSha256: string | null;
  /** Conclusions drafted but not approved: the chair approves them before the minutes. */
  conclusionsPending: number;
}

export interface UpdateMinutesRequest {
  version: number;
  prose: MinutesProse;
}

export interface ApproveMinutesRequest {
  version: number;
}
