/** Meeting papers (tài liệu họp): versions, access, members' watermarked copies, the meeting book. */

/**
 * - `normal`: every participant of the meeting;
 * - `restricted`: the named participants only;
 * - `confidential` (mật): the named participants, read in the app only (no download).
 * A participant excluded from an agenda item (conflict of interest) reads none of its papers.
 */
export const PAPER_CLASSIFICATIONS = ['normal', 'restricted', 'confidential'] as const;
export type PaperClassification = (typeof PAPER_CLASSIFICATIONS)[number];

export interface PaperVersionResponse {
  version: number;
  fileName: string;
  sizeBytes: number;
  pageCount: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string | null;
  /** The upload's structure was repaired on the way in (the bytes received are kept as evidence). */
  repaired: boolean;
  /** The upload was protected by an owner password only, removed on the way in. */
  decrypted: boolean;
}

export interface PaperResponse {
  id: string;
  meetingId: string;
  itemId: string;
  title: string;
  classification: PaperClassification;
  position: number;
  /** Bumped by every change of the title, classification or readers (optimistic concurrency). */
  revision: number;
  current: PaperVersionResponse;
  /** Every version, newest first: the secretariat only (null for others). */
  versions: PaperVersionResponse[] | null;
  /** Named readers of a restricted or confidential paper: the secretariat only (null for others). */
  readerIds: string[] | null;
  /** The version the caller last opened, null if never. */
  myLastReadVersion: number | null;
  /** Opened before, and replaced since. */
  changedSinceRead: boolean;
  /** False for confidential papers: read in the app only. */
  canDownload: boolean;
  updatedAt: string;
}

/**
 * The text fields of a paper upload (multipart/form-data, before the `file` part).
 * `readerIds` is a JSON array of user ids, or the ids separated by commas.
 */
export interface UploadPaperFields {
  title?: string;
  classification?: PaperClassification;
  readerIds?: string[];
}

export interface UpdatePaperRequest {
  title?: string;
  classification?: PaperClassification;
  readerIds?: string[];
  revision: number;
}

export interface SetItemExclusionsRequest {
  userIds: string[];
}

/** The participants excluded from an agenda item (conflict of interest); a deputy of an excluded member is excluded with him. */
export interface ItemExclusionsResponse {
  itemId: string;
  userIds: string[];
}

/** Who received the copy a trace code was printed on. */
export interface PaperTraceResponse {
  code: string;
  /** A meeting's paper, its meeting book, or a paper attached to a written opinion ballot. */
  kind: 'paper' | 'book' | 'ballot';
  /** `offline`: a copy kept on the member's device to read without the network. */
  purpose: 'view' | 'download' | 'offline';
  createdAt: string;
  user: { id: string; username: string; fullName: string };
  /** The meeting, or for kind `ballot` the ballot, the copy was made in. */
  meeting: { id: string; title: string };
  paper: { id: string; title: string; version: number } | null;
}

/** The `papers` live event: something to re-read; titles are left out (restricted papers). */
export interface PapersEventData {
  itemId: string;
  paperId: string;
  version: number;
  change: 'added' | 'replaced' | 'updated';
}

/**
 * `book:progress` on the live channel, to the readers of one book: after papers change, each
 * distinct meeting book is compiled in the background; `done`/`total` count its papers.
 */
export interface BookProgress {
  meetingId: string;
  state: 'compiling' | 'ready' | 'failed';
  done: number;
  total: number;
}

/**
 * A member's private annotation on one page of a paper (ghi chú cá nhân): visible to its author
 * only, never to the secretariat. `note` carries text; `highlight` carries one or more rectangles
 * and an optional text. Rectangles are fractions of the page (0..1, origin top-left), so they
 * survive zoom and a re-rendered page.
 */
export const ANNOTATION_KINDS = ['note', 'highlight'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];
export const ANNOTATION_TEXT_MAX = 4000;
export const ANNOTATION_RECTS_MAX = 50;

export interface AnnotationRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CreateAnnotationRequest {
  /**
   * The id the device chose (a v4 UUID), so that a note made offline and sent again when the
   * network returns is stored once: the same id again returns the note as stored.
   */
  id?: string;
  kind: AnnotationKind;
  /** 1-based page of the paper's current version. */
  page: number;
  text?: string;
  /** Required (at least one) for a highlight; not allowed on a note. */
  rects?: AnnotationRect[];
  color?: AnnotationColor;
}

export interface UpdateAnnotationRequest {
  text?: string;
  color?: AnnotationColor;
  /** The revision the client edited (optimistic concurrency: 409 STALE_VERSION otherwise). */
  revision: number;
}

export interface AnnotationResponse {
  id: string;
  paperId: string;
  kind: AnnotationKind;
  page: number;
  text: string;
  rects: AnnotationRect[];
  color: AnnotationColor;
  /** The paper version the annotation was written on. */
  version: number;
  /**
   * Carried over from an earlier version: the page still exists in the current version, so the
   * annotation is shown there, flagged so the member can check it still fits.
   */
  carriedOver: boolean;
  /** Written on a page the current version no longer has: listed, not drawn. */
  pageMissing: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** The caller's annotations on one paper of a meeting (`GET /meetings/:id/annotations`): every paper he may read is listed, with or without annotations. */
export interface PaperAnnotationsResponse {
  paperId: string;
  annotations: AnnotationResponse[];
}
