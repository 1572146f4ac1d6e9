/** One decided matter of a resolution: usually an agenda item and its approved conclusion. */
export interface ResolutionSection {
  /** The agenda item it comes from; null for a section the secretariat added. */
  itemId: string | null;
  heading: string;
  text: string;
}

export const RESOLUTION_STATUSES = ['draft', 'issued'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/** The session resolution (nghị quyết phiên họp): composed by the secretariat, issued by the chair. */
export interface ResolutionResponse {
  id: string;
  meetingId: string;
  meetingTitle: string;
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

export interface CreateResolutionRequest {
  meetingId: string;
}

export interface UpdateResolutionRequest {
  version: number;
  title: string;
  sections: ResolutionSection[];
}

export interface IssueResolutionRequest {
  version: number;
}
