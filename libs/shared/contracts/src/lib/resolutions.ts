/** One decided matter of a resolution: usually an agenda item and its approved conclusion. */
export interface ResolutionSection {
  /** The agenda item it comes from; null for a section the secretariat added. */
  itemId: string | null;
  heading: string;
  text: string;
}

export const RESOLUTION_STATUSES = ['draft', 'issued'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/**
 * The session resolution (nghị quyết phiên họp): composed by the secretariat, issued by the chair.
 * A written opinion ballot that closed with an outcome is issued as a resolution the same way.
 */
export interface ResolutionResponse {
  id: string;
  /** The meeting it was composed for, or null for a ballot's. */
  meetingId: string | null;
  meetingTitle: string;
  /** The closed opinion ballot it was composed from, or null for a session's. */
  ballotId: string | null;
  ballotTitle: string;
  status: ResolutionStatus;
  /** For optimistic concurrency: each save increments it. */
  version: number;
  title: string;
  sections: ResolutionSection[];
  /** "12/NQ-CP": given when issued, in sequence per year. */
  number: string | null;
  createdBy: { id: string; fullName: string } | null;
  updatedAt: string;
  issuedBy: { id: string; fullName: string } | null;
  issuedAt: string | null;
  /** SHA-256 of the signed PDF kept when issued. */
  pdfSha256: string | null;
}

/** A page of the resolutions list: issued ones newest first (drafts first for the secretariat and the chair). */
export interface ResolutionPage {
  items: ResolutionResponse[];
  total: number;
}

/** Exactly one: the closed meeting, or the closed opinion ballot, to compose the draft from. */
export interface CreateResolutionRequest {
  meetingId?: string;
  ballotId?: string;
}

export interface UpdateResolutionRequest {
  version: number;
  title: string;
  sections: ResolutionSection[];
}

export interface IssueResolutionRequest {
  version: number;
}
