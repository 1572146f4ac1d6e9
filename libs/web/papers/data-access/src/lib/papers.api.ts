import { HttpClient, HttpContext, type HttpEvent, HttpEventType, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AnnotationResponse,
  BallotPaperClassification,
  BallotPaperResponse,
  CreateAnnotationRequest,
  ItemExclusionsResponse,
  PaperAnnotationsResponse,
  PaperClassification,
  PaperResponse,
  PaperTraceResponse,
  UpdateAnnotationRequest,
  UpdatePaperRequest,
} from '@ecabinet/shared/contracts';
import { API_BASE, SERVER_ONLY } from '@ecabinet/web/identity/data-access';
import { type Observable, filter, map } from 'rxjs';

/** A file received from the API with the name its `content-disposition` gives. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/** Progress of an upload: `sent` of `total` bytes, then the paper the server recorded. */
export type UploadProgress<T = PaperResponse> = { readonly state: 'sending'; readonly percent: number } | { readonly state: 'done'; readonly paper: T };

export interface UploadPaperOptions {
  readonly title?: string;
  readonly classification?: PaperClassification;
  readonly readerIds?: readonly string[];
}

export interface UploadBallotPaperOptions {
  readonly title?: string;
  readonly classification?: BallotPaperClassification;
}

const ballotPaperUrl = (ballotId: string, paperId = '', action = '') =>
  `${API_BASE}/ballots/${encodeURIComponent(ballotId)}/papers${paperId ? `/${encodeURIComponent(paperId)}` : ''}${action ? `/${action}` : ''}`;
const meetingUrl = (meetingId: string) => `${API_BASE}/meetings/${encodeURIComponent(meetingId)}`;
const paperUrl = (meetingId: string, paperId: string, action = '') =>
  `${meetingUrl(meetingId)}/papers/${encodeURIComponent(paperId)}${action ? `/${action}` : ''}`;

/**
 * Every `/api/meetings/:id/papers…`, `/book…`, annotation and trace route, and the papers of a
 * ballot, `/api/ballots/:id/papers…` (docs/api.md, "Papers" and "Ballots").
 */
@Injectable({ providedIn: 'root' })
export class PapersApi {
  private readonly http = inject(HttpClient);

  list(meetingId: string): Observable<PaperResponse[]> {
    return this.http.get<PaperResponse[]>(`${meetingUrl(meetingId)}/papers`);
  }

  get(meetingId: string, paperId: string): Observable<PaperResponse> {
    return this.http.get<PaperResponse>(paperUrl(meetingId, paperId));
  }

  /**
   * Bytes `start` to `end` (both included) of the caller's copy: without `trace` a new copy is
   * opened (the response's `x-trace-code` names it, `content-range` gives its size); with it, the
   * same copy again. The reader fetches a large paper so, page by page.
   */
  viewPart(meetingId: string, paperId: string, start: number, end: number, trace?: string): Observable<HttpResponse<ArrayBuffer>> {
    return this.part(paperUrl(meetingId, paperId, 'view'), start, end, trace);
  }

  download(meetingId: string, paperId: string): Observable<DownloadedFile> {
    return this.http.get(paperUrl(meetingId, paperId, 'download'), { responseType: 'blob', observe: 'response' }).pipe(map((response) => asFile(response, 'paper.pdf')));
  }

  /** The caller's copy of the current version to keep on this device (a paper he may download), with its progress; `x-paper-version` names the version. */
  keepOffline(meetingId: string, paperId: string): Observable<HttpEvent<ArrayBuffer>> {
    return this.http.get(paperUrl(meetingId, paperId, 'offline'), { responseType: 'arraybuffer', observe: 'events', reportProgress: true });
  }

  /** The secretariat's copy of a version's bytes as received, kept as evidence when the upload was repaired or decrypted. */
  downloadReceived(meetingId: string, paperId: string, version?: number): Observable<DownloadedFile> {
    const params: Record<string, string> = version === undefined ? {} : { version: String(version) };
    return this.http.get(paperUrl(meetingId, paperId, 'received'), { responseType: 'blob', observe: 'response', params }).pipe(map((response) => asFile(response, 'received.pdf')));
  }

  /** Bytes `start` to `end` of the caller's watermarked meeting book, by parts as {@link viewPart}. */
  viewBookPart(meetingId: string, start: number, end: number, trace?: string): Observable<HttpResponse<ArrayBuffer>> {
    return this.part(`${meetingUrl(meetingId)}/book/view`, start, end, trace);
  }

  downloadBook(meetingId: string): Observable<DownloadedFile> {
    return this.http.get(`${meetingUrl(meetingId)}/book/download`, { responseType: 'blob', observe: 'response' }).pipe(map((response) => asFile(response, 'meeting-book.pdf')));
  }

  /** Uploads a new paper to an agenda item; the text fields go before the file, as the API reads them. */
  upload(meetingId: string, itemId: string, file: File, options: UploadPaperOptions = {}): Observable<UploadProgress> {
    const form = new FormData();
    if (options.title) form.append('title', options.title);
    if (options.classification) form.append('classification', options.classification);
    if (options.readerIds?.length) form.append('readerIds', JSON.stringify(options.readerIds));
    form.append('file', file, file.name);
    return this.track(this.http.post<PaperResponse>(`${meetingUrl(meetingId)}/agenda/${encodeURIComponent(itemId)}/papers`, form, { reportProgress: true, observe: 'events' }));
  }

  /** Changes a paper's title, classification or readers; `revision` is the one the editor saw. */
  update(meetingId: string, paperId: string, request: UpdatePaperRequest): Observable<PaperResponse> {
    return this.http.patch<PaperResponse>(paperUrl(meetingId, paperId), request);
  }

  /** Replaces a paper by a new version. */
  replace(meetingId: string, paperId: string, file: File): Observable<UploadProgress> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.track(this.http.post<PaperResponse>(paperUrl(meetingId, paperId, 'versions'), form, { reportProgress: true, observe: 'events' }));
  }

  /** Always the server's answer: the reader and the sync keep it beside the copy on the device, where an older list would replace newer notes. */
  annotations(meetingId: string, paperId: string): Observable<AnnotationResponse[]> {
    return this.http.get<AnnotationResponse[]>(paperUrl(meetingId, paperId, 'annotations'), { context: new HttpContext().set(SERVER_ONLY, true) });
  }

  /** His annotations on every paper of the meeting he may read, at once; always the server's answer (see annotations()). */
  meetingAnnotations(meetingId: string): Observable<PaperAnnotationsResponse[]> {
    return this.http.get<PaperAnnotationsResponse[]>(`${meetingUrl(meetingId)}/annotations`, { context: new HttpContext().set(SERVER_ONLY, true) });
  }

  createAnnotation(meetingId: string, paperId: string, request: CreateAnnotationRequest): Observable<AnnotationResponse> {
    return this.http.post<AnnotationResponse>(paperUrl(meetingId, paperId, 'annotations'), request);
  }

  updateAnnotation(meetingId: string, paperId: string, annotationId: string, request: UpdateAnnotationRequest): Observable<AnnotationResponse> {
    return this.http.patch<AnnotationResponse>(paperUrl(meetingId, paperId, `annotations/${encodeURIComponent(annotationId)}`), request);
  }

  /** With `revision`, only the note as the caller saw it (409 STALE_VERSION with the note, kept, if it changed since). */
  deleteAnnotation(meetingId: string, paperId: string, annotationId: string, revision?: number): Observable<void> {
    return this.http.delete<void>(paperUrl(meetingId, paperId, `annotations/${encodeURIComponent(annotationId)}`), revision === undefined ? {} : { params: { revision } });
  }

  /** Who is excluded from an agenda item (conflict of interest): they read none of its papers. */
  exclusions(meetingId: string, itemId: string): Observable<ItemExclusionsResponse> {
    return this.http.get<ItemExclusionsResponse>(`${meetingUrl(meetingId)}/agenda/${encodeURIComponent(itemId)}/exclusions`);
  }

  setExclusions(meetingId: string, itemId: string, userIds: readonly string[]): Observable<ItemExclusionsResponse> {
    return this.http.put<ItemExclusionsResponse>(`${meetingUrl(meetingId)}/agenda/${encodeURIComponent(itemId)}/exclusions`, { userIds });
  }

  /** Attaches a paper to a draft ballot. */
  uploadBallotPaper(ballotId: string, file: File, options: UploadBallotPaperOptions = {}): Observable<UploadProgress<BallotPaperResponse>> {
    const form = new FormData();
    if (options.title) form.append('title', options.title);
    if (options.classification) form.append('classification', options.classification);
    form.append('file', file, file.name);
    return this.track(this.http.post<BallotPaperResponse>(ballotPaperUrl(ballotId), form, { reportProgress: true, observe: 'events' }));
  }

  removeBallotPaper(ballotId: string, paperId: string): Observable<void> {
    return this.http.delete<void>(ballotPaperUrl(ballotId, paperId));
  }

  /** Bytes `start` to `end` of the caller's watermarked copy of a ballot's paper, by parts as {@link viewPart}. */
  viewBallotPaperPart(ballotId: string, paperId: string, start: number, end: number, trace?: string): Observable<HttpResponse<ArrayBuffer>> {
    return this.part(ballotPaperUrl(ballotId, paperId, 'view'), start, end, trace);
  }

  /** The caller's own copy of a ballot's paper to keep on this device until the deadline, with download progress. */
  keepBallotPaperOffline(ballotId: string, paperId: string): Observable<HttpEvent<ArrayBuffer>> {
    return this.http.get(ballotPaperUrl(ballotId, paperId, 'offline'), { responseType: 'arraybuffer', observe: 'events', reportProgress: true });
  }

  downloadBallotPaper(ballotId: string, paperId: string): Observable<DownloadedFile> {
    return this.http.get(ballotPaperUrl(ballotId, paperId, 'download'), { responseType: 'blob', observe: 'response' }).pipe(map((response) => asFile(response, 'paper.pdf')));
  }

  /** Admin: whose copy a leaked page's trace code was printed on. */
  trace(code: string): Observable<PaperTraceResponse> {
    return this.http.get<PaperTraceResponse>(`${API_BASE}/paper-traces/${encodeURIComponent(code)}`);
  }

  private part(url: string, start: number, end: number, trace?: string): Observable<HttpResponse<ArrayBuffer>> {
    return this.http.get(url, { responseType: 'arraybuffer', observe: 'response', headers: { range: `bytes=${start}-${end}` }, params: trace ? { trace } : {} });
  }

  private track<T>(events: Observable<HttpEvent<T>>): Observable<UploadProgress<T>> {
    return events.pipe(
      filter((event) => event.type === HttpEventType.UploadProgress || event.type === HttpEventType.Response),
      map((event): UploadProgress<T> => {
        if (event.type === HttpEventType.Response) {
          return { state: 'done', paper: event.body as T };
        }
        const total = event.type === HttpEventType.UploadProgress ? (event.total ?? 0) : 0;
        const loaded = event.type === HttpEventType.UploadProgress ? event.loaded : 0;
        return { state: 'sending', percent: total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0 };
      }),
    );
  }
}

function asFile(response: HttpResponse<Blob>, fallback: string): DownloadedFile {
  return { blob: response.body ?? new Blob([]), fileName: fileNameOf(response.headers.get('content-disposition')) ?? fallback };
}

/** The file name of a `content-disposition` header, preferring the UTF-8 `filename*` form. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : null;
}
