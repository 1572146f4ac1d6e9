import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { HttpResponse } from '@angular/common/http';
import type { AnnotationRect, AnnotationResponse, BallotPaperResponse, BallotResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { type ChangeOutcome, MeetingLiveStore, PendingChanges, type PendingNoteChange } from '@ecabinet/web/meetings/data-access';
import { AnnotationsStore, type DownloadedFile, OfflinePapers, type PageMatches, PART_BYTES, PapersApi, PdfLoader, readFirstRanges, type StoredPaper, searchPages } from '@ecabinet/web/papers/data-access';
import { PaperClassificationChipComponent } from '@ecabinet/web/papers/ui';
import { DateTimePipe, TranslatePipe, type TranslationKey, TranslationService, isNetworkError } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { type Observable, catchError, finalize, firstValueFrom, from, map, switchMap, throwError } from 'rxjs';
import { type AnnotationEdit, NotesPanelComponent } from '../notes-panel/notes-panel.component';
import { PdfPageComponent } from '../pdf-page/pdf-page.component';
import { PdfThumbnailComponent } from '../thumbnails/pdf-thumbnail.component';

/** A meeting's paper, the meeting book, or a paper attached to a written opinion ballot. */
export type ReaderSource = 'paper' | 'book' | 'ballot';
type ZoomMode = 'fit-width' | 'fit-page' | 'custom';

const ZOOM_STEPS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
/** Room around the page inside the viewer (px). */
const GUTTER = 32;

/**
 * The paper reader: the member's own watermarked copy drawn by pdf.js, one page at a time, with
 * page navigation (buttons, page number, arrow keys, thumbnails), zoom (steps, fit width, fit
 * page; fits a tablet), text search, and the member's private notes and highlights. Also reads
 * the meeting book (`source: 'book'`, no notes) and a ballot's papers (`source: 'ballot'`: the
 * member's watermarked copy; notes are kept for meeting papers). Follows the meeting live: a
 * paper replaced while it is open says so.
 */
@Component({
  selector: 'ec-paper-reader-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTooltipModule,
    PaperClassificationChipComponent,
    PdfPageComponent,
    PdfThumbnailComponent,
    NotesPanelComponent,
    EmptyStateComponent,
    IconComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  providers: [AnnotationsStore, MeetingLiveStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './paper-reader-page.component.html',
  styleUrl: './paper-reader-page.component.scss',
  host: { '(document:keydown)': 'handleKey($event)' },
})
export class PaperReaderPageComponent {
  /** Route parameters and data. */
  readonly meetingId = input<string>();
  readonly ballotId = input<string>();
  readonly paperId = input<string>();
  /** Route data; a route without it (a meeting's paper) binds `undefined`, read as 'paper' (see `kind`). */
  readonly source = input<ReaderSource | undefined>('paper');

  private readonly api = inject(PapersApi);
  /** A search hit opens the reader at its page (`?page=`) with the words searched for (`?q=`). */
  private readonly route = inject(ActivatedRoute);
  private readonly ballotsApi = inject(BallotsApi);
  private readonly loader = inject(PdfLoader);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  protected readonly annotations = inject(AnnotationsStore);
  protected readonly live = inject(MeetingLiveStore);
  protected readonly offline = inject(OfflinePapers);
  private readonly viewport = viewChild<ElementRef<HTMLElement>>('viewport');
  private readonly notesPanel = viewChild(NotesPanelComponent);

  protected readonly paper = signal<PaperResponse | null>(null);
  /** The server could not be reached: the copy kept on this device is open instead. */
  protected readonly storedCopy = signal<StoredPaper | null>(null);
  /** This paper may be kept on the device (the member may download it), and whether it is. */
  protected readonly canKeepOffline = computed(() => this.kind() === 'paper' && this.paper()?.canDownload === true && !this.storedCopy());
  protected readonly keptOffline = computed(() => {
    const paperId = this.paper()?.id;
    return !!paperId && this.offline.entries().some((entry) => entry.paperId === paperId && entry.pinned);
  });
  protected readonly keeping = signal(false);
  private readonly pendingChanges = inject(PendingChanges);
  /** Notes made, changed or deleted offline on this paper that the server did not take when they were sent (refused, or changed elsewhere meanwhile). */
  protected readonly refusedNotes = computed(() => {
    const paperId = this.paperId();
    return this.pendingChanges
      .outcomes()
      .filter((outcome): outcome is ChangeOutcome<PendingNoteChange> => (outcome.change.kind === 'note' || outcome.change.kind === 'note-edit' || outcome.change.kind === 'note-delete') && outcome.change.paperId === paperId);
  });
  /** With `source: 'ballot'`: the ballot and which of its papers is open. */
  protected readonly ballot = signal<BallotResponse | null>(null);
  protected readonly ballotPaper = signal<BallotPaperResponse | null>(null);
  /** What the member had read before this visit (the paper call answers before the copy marks it read). */
  protected readonly readBefore = signal<{ read: number; current: number } | null>(null);
  protected readonly document = signal<PDFDocumentProxy | null>(null);
  protected readonly loadFailure = signal<unknown>(null);
  protected readonly loading = signal(true);
  protected readonly page = signal(1);
  /** A page of this document has been drawn (the thumbnails wait for it). */
  protected readonly firstDrawn = signal(false);
  protected readonly pageCount = computed(() => this.document()?.numPages ?? 0);
  protected readonly pages = computed(() => Array.from({ length: this.pageCount() }, (_, index) => index + 1));

  private readonly natural = signal<{ width: number; height: number } | null>(null);
  private readonly viewerSize = signal<{ width: number; height: number }>({ width: 800, height: 600 });
  protected readonly zoomMode = signal<ZoomMode>('fit-width');
  private readonly customScale = signal(1);
  protected readonly scale = computed(() => {
    const natural = this.natural();
    const mode = this.zoomMode();
    if (!natural || mode === 'custom') return this.customScale();
    const { width, height } = this.viewerSize();
    const byWidth = Math.max(0.25, (width - GUTTER) / natural.width);
    return mode === 'fit-width' ? Math.min(byWidth, 4) : Math.max(0.25, Math.min(byWidth, (height - GUTTER) / natural.height));
  });
  protected readonly zoomPercent = computed(() => Math.round(this.scale() * 100));

  private readonly compact = toSignal(inject(BreakpointObserver).observe('(max-width: 1100px)').pipe(map((state) => state.matches)), { initialValue: false });
  private readonly thumbnailsChoice = signal<boolean | null>(null);
  protected readonly thumbnailsOpen = computed(() => this.thumbnailsChoice() ?? !this.compact());
  private readonly panelChoice = signal<boolean | null>(null);
  protected readonly panelOpen = computed(() => this.panelChoice() ?? !this.compact());
  protected readonly highlightMode = signal(false);
  protected readonly busy = signal(false);

  protected readonly searchField = new FormControl('', { nonNullable: true });
  protected readonly searchForm = new FormGroup({ query: this.searchField });
  protected readonly searchQuery = signal('');
  protected readonly searchResults = signal<readonly PageMatches[] | null>(null);
  protected readonly searchProgress = signal<{ done: number; total: number } | null>(null);
  protected readonly matchCount = computed(() => (this.searchResults() ?? []).reduce((sum, match) => sum + match.count, 0));
  private pageTexts: Promise<string[]> | null = null;

  /** What is open: the route's `source`, a meeting's paper when the route names none. */
  protected readonly kind = computed<ReaderSource>(() => this.source() ?? 'paper');
  protected readonly isBook = computed(() => this.kind() === 'book');
  /** Private notes and highlights belong to a meeting's papers. */
  protected readonly hasNotes = computed(() => this.kind() === 'paper');
  protected readonly title = computed(() => {
    switch (this.kind()) {
      case 'book':
        return this.i18n.translate('papers.book.title');
      case 'ballot':
        return this.ballotPaper()?.title ?? this.storedCopy()?.title ?? '';
      case 'paper':
        return this.paper()?.title ?? this.storedCopy()?.title ?? '';
    }
  });
  protected readonly canDownload = computed(() => {
    switch (this.kind()) {
      case 'book':
        return true;
      case 'ballot':
        return this.ballotPaper()?.canDownload !== false && !this.storedCopy();
      case 'paper':
        return this.paper()?.canDownload !== false && !this.storedCopy();
    }
  });
  /** Back to where the reader was opened from: the meeting, or the ballot (the desk for the secretariat and the chair). */
  protected readonly backLabel = computed<TranslationKey>(() => (this.kind() === 'ballot' ? 'reader.backToBallot' : 'reader.back'));
  protected readonly backLink = computed(() => {
    const ballotId = this.ballotId();
    if (this.kind() !== 'ballot' || !ballotId) return ['/meetings', this.meetingId() ?? ''];
    return this.ballot()?.mine === null ? ['/ballot-desk', ballotId] : ['/ballots', ballotId];
  });
  protected readonly pageHighlights = computed(() => this.annotations.byPage().get(this.page()) ?? []);
  /** The secretariat replaced the paper while it was open. */
  protected readonly replacedLive = computed(() => {
    const change = this.live.lastPapersChange();
    const paper = this.paper();
    return !!change && !!paper && change.paperId === paper.id && change.version > paper.current.version;
  });
  protected readonly pageAnnouncement = computed(() => (this.pageCount() ? this.i18n.translate('reader.pageOf', { page: this.page(), total: this.pageCount() }) : ''));

  constructor() {
    effect(() => {
      const meetingId = this.meetingId();
      const ballotId = this.ballotId();
      const paperId = this.paperId();
      const source = this.kind();
      untracked(() => {
        if (meetingId) this.live.open(meetingId);
        this.load(source, source === 'ballot' ? (ballotId ?? '') : (meetingId ?? ''), source === 'book' ? null : (paperId ?? null));
      });
    });
    // The viewer's size decides what "fit" means; it changes with the window and the side panels.
    effect((onCleanup) => {
      const element = this.viewport()?.nativeElement;
      if (!element || typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(([entry]) => this.viewerSize.set({ width: entry.contentRect.width, height: entry.contentRect.height }));
      observer.observe(element);
      onCleanup(() => observer.disconnect());
    });
    inject(DestroyRef).onDestroy(() => void this.document()?.destroy());
  }

  protected reload(): void {
    const source = this.kind();
    this.load(source, (source === 'ballot' ? this.ballotId() : this.meetingId()) ?? '', source === 'book' ? null : (this.paperId() ?? null));
  }

  protected goTo(page: number): void {
    const count = this.pageCount();
    if (!count) return;
    const target = Math.min(count, Math.max(1, Math.round(page)));
    this.page.set(target);
    this.viewport()?.nativeElement.scrollTo?.({ top: 0 });
  }

  protected goToTyped(event: Event): void {
    const field = event.target as HTMLInputElement;
    const value = Number(field.value);
    if (Number.isFinite(value)) this.goTo(value);
    field.value = String(this.page());
  }

  protected zoom(direction: 1 | -1): void {
    const current = this.scale();
    const next = direction > 0 ? ZOOM_STEPS.find((step) => step > current + 0.01) : [...ZOOM_STEPS].reverse().find((step) => step < current - 0.01);
    this.customScale.set(next ?? current);
    this.zoomMode.set('custom');
  }

  protected fitTo(mode: 'fit-width' | 'fit-page'): void {
    this.zoomMode.set(mode);
  }

  protected measured(size: { width: number; height: number }): void {
    const known = this.natural();
    if (!known || known.width !== size.width || known.height !== size.height) this.natural.set(size);
  }

  protected toggleThumbnails(): void {
    this.thumbnailsChoice.set(!this.thumbnailsOpen());
  }

  protected togglePanel(): void {
    this.panelChoice.set(!this.panelOpen());
  }

  protected toggleHighlightMode(): void {
    this.highlightMode.update((on) => !on);
  }

  protected search(): void {
    const query = this.searchField.value.trim();
    this.searchQuery.set(query);
    if (!query) {
      this.searchResults.set(null);
      return;
    }
    void this.texts().then((texts) => {
      if (this.searchQuery() !== query) return;
      const results = searchPages(texts, query);
      this.searchResults.set(results);
      if (results.length > 0 && !results.some((match) => match.page === this.page())) this.goTo(results[0].page);
    });
  }

  protected clearSearch(): void {
    this.searchField.setValue('');
    this.searchQuery.set('');
    this.searchResults.set(null);
  }

  protected addNote(text: string): void {
    this.mutate(this.annotations.addNote(this.page(), text), (note) => {
      this.notesPanel()?.clearDraft();
      return this.i18n.translate(note.queued ? 'reader.noteQueued' : 'reader.noteSaved');
    });
  }

  protected addHighlight(rect: AnnotationRect): void {
    const page = this.page();
    this.mutate(this.annotations.addHighlight(page, [rect], 'yellow'), (highlight) => this.i18n.translate(highlight.queued ? 'reader.noteQueued' : 'reader.highlightSaved', { page }));
  }

  protected editAnnotation(change: AnnotationEdit): void {
    this.mutate(this.annotations.edit(change.annotation, change.text), (note) => this.i18n.translate(note.queued ? 'reader.noteQueued' : 'reader.noteSaved'));
  }

  protected removeAnnotation(annotation: AnnotationResponse): void {
    confirmAction(this.dialog, {
      title: this.i18n.translate('reader.confirmDeleteTitle'),
      message: this.i18n.translate('reader.confirmDeleteMessage'),
      confirmLabel: this.i18n.translate('reader.delete'),
      destructive: true,
    }).subscribe((confirmed) => {
      if (confirmed) this.mutate(this.annotations.remove(annotation), ({ queued }) => this.i18n.translate(queued ? 'reader.noteDeleteQueued' : 'reader.noteDeleted'));
    });
  }

  protected download(): void {
    const meetingId = this.meetingId() ?? '';
    const paper = this.paper();
    const ballotPaper = this.ballotPaper();
    const ballotId = this.ballotId() ?? '';
    const requests: Record<ReaderSource, () => Observable<DownloadedFile> | null> = {
      book: () => this.api.downloadBook(meetingId),
      paper: () => (paper ? this.api.download(meetingId, paper.id) : null),
      ballot: () => (ballotPaper ? this.api.downloadBallotPaper(ballotId, ballotPaper.id) : null),
    };
    const request = requests[this.kind()]();
    if (!request) return;
    this.busy.set(true);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (file) => {
        saveBlob(file.blob, file.fileName);
        this.notify(this.i18n.translate('papers.downloaded', { name: file.fileName }));
      },
      error: (error: unknown) => this.notify(this.i18n.describeError(error)),
    });
  }

  /** Keeps this paper on the device to read offline, or stops keeping it. */
  protected toggleOffline(): void {
    const paper = this.paper();
    const meetingId = this.meetingId();
    if (!paper || !meetingId) return;
    const kept = this.offline.entries().find((entry) => entry.paperId === paper.id && entry.pinned);
    this.keeping.set(true);
    const action = kept ? this.offline.unpin(kept) : this.offline.pin({ id: meetingId, title: this.live.meeting()?.title ?? '' }, paper);
    action
      .then(() => this.notify(this.i18n.translate(kept ? 'offline.released' : 'offline.kept', { title: paper.title })))
      .catch((error: unknown) => this.notify(this.i18n.describeError(error)))
      .finally(() => this.keeping.set(false));
  }

  protected describeRefusal(outcome: ChangeOutcome<PendingNoteChange>): string {
    const { change } = outcome;
    if (change.kind === 'note') return this.i18n.translate('reader.noteRefused', { page: change.request.page, reason: this.i18n.describeError(outcome.error) });
    if (outcome.outcome === 'conflict') return this.i18n.translate('reader.noteChangeConflict', { page: change.page, current: outcome.currentNote?.text || this.i18n.translate('reader.highlightEntry') });
    return this.i18n.translate('reader.noteChangeRefused', { page: change.page, reason: this.i18n.describeError(outcome.error) });
  }

  protected dismissRefusal(outcome: ChangeOutcome<PendingNoteChange>): void {
    this.pendingChanges.dismiss(outcome);
  }

  protected describe(error: unknown): string {
    return this.i18n.describeError(error);
  }

  /** Page keys, unless the member is typing. */
  protected handleKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable="true"], mat-dialog-container') || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const actions: Record<string, () => void> = {
      ArrowRight: () => this.goTo(this.page() + 1),
      PageDown: () => this.goTo(this.page() + 1),
      ArrowLeft: () => this.goTo(this.page() - 1),
      PageUp: () => this.goTo(this.page() - 1),
      Home: () => this.goTo(1),
      End: () => this.goTo(this.pageCount()),
      '+': () => this.zoom(1),
      '=': () => this.zoom(1),
      '-': () => this.zoom(-1),
      Escape: () => this.highlightMode.set(false),
    };
    const action = actions[event.key];
    if (action) {
      action();
      event.preventDefault();
    }
  }

  /** `ownerId` is the meeting's id, or with `source: 'ballot'` the ballot's. */
  private load(source: ReaderSource, ownerId: string, paperId: string | null): void {
    void this.document()?.destroy();
    this.document.set(null);
    this.loadFailure.set(null);
    this.loading.set(true);
    this.page.set(1);
    this.firstDrawn.set(false);
    this.pageTexts = null;
    this.searchResults.set(null);
    this.storedCopy.set(null);
    if (!paperId) this.paper.set(null);
    const opened =
      source === 'ballot'
        ? this.ballotPaperDocument(ownerId, paperId ?? '')
        : paperId
          ? this.paperDocument(ownerId, paperId)
          : from(this.openByParts((start, end, trace) => this.api.viewBookPart(ownerId, start, end, trace)));
    opened
      .pipe(
        // The first page's size before any page is drawn: the fit to the screen is known, so the
        // page is drawn once at its scale rather than at 1 and again once measured.
        switchMap((document) => from(this.measureFirstPage(document))),
        finalize(() => this.loading.set(false)),
      )
      .subscribe({
        next: (document) => {
          this.document.set(document);
          this.openAtSearchHit();
        },
        error: (error: unknown) => this.loadFailure.set(error),
      });
  }

  private async measureFirstPage(document: PDFDocumentProxy): Promise<PDFDocumentProxy> {
    try {
      const { width, height } = (await document.getPage(1)).getViewport({ scale: 1 });
      this.measured({ width, height });
    } catch {
      // The page itself says what is wrong with it when drawn.
    }
    return document;
  }

  /** Opened from a search hit: at its page, the words searched for in the document. */
  private openAtSearchHit(): void {
    const params = this.route.snapshot.queryParamMap;
    const page = Number(params.get('page'));
    if (Number.isInteger(page) && page > 1) this.goTo(page);
    const query = params.get('q')?.trim();
    if (query) {
      this.searchField.setValue(query);
      this.search();
    }
  }

  private paperDocument(meetingId: string, paperId: string): Observable<PDFDocumentProxy> {
    // pdf.js (a large module and its worker) loads while the paper's details and first part come.
    void this.loader.pdfjs().catch(() => undefined);
    // The copy is asked for after the paper's details, never with them: opening it marks the paper
    // read, and the details must still say whether it changed since he last read it.
    return this.api.get(meetingId, paperId).pipe(
      switchMap((paper) => {
        this.paper.set(paper);
        this.readBefore.set(paper.changedSinceRead && paper.myLastReadVersion !== null ? { read: paper.myLastReadVersion, current: paper.current.version } : null);
        this.annotations.load(meetingId, paper.id, paper.title, paper.current.version).subscribe({ error: (error: unknown) => this.notify(this.i18n.describeError(error)) });
        return from(this.openByParts((start, end, trace) => this.api.viewPart(meetingId, paper.id, start, end, trace)));
      }),
      catchError((error: unknown) => (isNetworkError(error) ? from(this.openStored(meetingId, paperId, error)) : throwError(() => error))),
    );
  }

  /** No network: the copy kept on this device, if there is one (otherwise the network's error stands). `ownerId` is the meeting's, or the ballot's. */
  private async openStored(ownerId: string, paperId: string, networkError: unknown, source: 'meeting' | 'ballot' = 'meeting'): Promise<PDFDocumentProxy> {
    const stored = await this.offline.read(ownerId, paperId, source);
    if (!stored) throw networkError;
    this.paper.set(null);
    this.readBefore.set(null);
    this.storedCopy.set(stored.entry);
    // A meeting paper's notes are the member's own, kept and queued on the device; a ballot's papers carry none.
    if (source === 'meeting') this.annotations.loadOffline(ownerId, paperId, stored.entry.title, stored.entry.version);
    return this.loader.open(stored.bytes);
  }

  /**
   * The member's copy by parts: the first part opens it (and names it by its trace code); pdf.js
   * then asks for the parts each page needs, so the first page shows before a large paper has
   * arrived. A small paper comes whole in the first part.
   */
  private async openByParts(fetchPart: (start: number, end: number, trace?: string) => Observable<HttpResponse<ArrayBuffer>>): Promise<PDFDocumentProxy> {
    void this.loader.pdfjs().catch(() => undefined);
    const first = await firstValueFrom(fetchPart(0, PART_BYTES - 1));
    const body = first.body ?? new ArrayBuffer(0);
    const length = Number(/\/(\d+)$/.exec(first.headers.get('content-range') ?? '')?.[1] ?? body.byteLength);
    const trace = first.headers.get('x-trace-code');
    if (first.status !== 206 || !trace || length <= body.byteLength) return this.loader.open(body);
    const part = async (start: number, end: number) => (await firstValueFrom(fetchPart(start, end, trace))).body ?? new ArrayBuffer(0);
    return this.loader.openByParts(length, body, part, readFirstRanges(first.headers.get('x-copy-read-first'), length));
  }

  private ballotPaperDocument(ballotId: string, paperId: string): Observable<PDFDocumentProxy> {
    return this.ballotsApi.get(ballotId).pipe(
      switchMap((ballot) => {
        this.ballot.set(ballot);
        this.ballotPaper.set(ballot.papers.find((paper) => paper.id === paperId) ?? null);
        return from(this.openByParts((start, end, trace) => this.api.viewBallotPaperPart(ballotId, paperId, start, end, trace)));
      }),
      catchError((error: unknown) => (isNetworkError(error) ? from(this.openStored(ballotId, paperId, error, 'ballot')) : throwError(() => error))),
    );
  }

  /** Every page's text, extracted once, with progress (for search). */
  private texts(): Promise<string[]> {
    const document = this.document();
    if (!document) return Promise.resolve([]);
    this.pageTexts ??= this.loader.pageTexts(document, (done, total) => this.searchProgress.set({ done, total })).finally(() => this.searchProgress.set(null));
    return this.pageTexts;
  }

  private mutate<T>(action: Observable<T>, success: (result: T) => string): void {
    this.busy.set(true);
    action.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (result) => this.notify(success(result)),
      error: (error: unknown) => this.notify(this.i18n.describeError(error)),
    });
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.translate('common.close'), { duration: 4000 });
  }
}
