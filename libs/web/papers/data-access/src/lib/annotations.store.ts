import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { AnnotationColor, AnnotationRect, AnnotationResponse, CreateAnnotationRequest } from '@ecabinet/shared/contracts';
import { type ChangeOutcome, PendingChanges, type PendingNote } from '@ecabinet/web/meetings/data-access';
import { isNetworkError } from '@ecabinet/web/shared/i18n';
import { type Observable, catchError, from, map, tap, throwError } from 'rxjs';
import { OfflinePapers } from './offline-papers';
import { PapersApi } from './papers.api';

/** A note as the reader shows it: `queued` while it waits on the device for the network. */
export type ShownAnnotation = AnnotationResponse & { readonly queued?: boolean };

/**
 * The caller's private notes and highlights on one paper (page-scoped: provide it in the reader).
 * Only the author ever receives them; the server answers 404 for anyone else's.
 */
@Injectable()
export class AnnotationsStore {
  private readonly api = inject(PapersApi);
  private readonly pending = inject(PendingChanges);
  private readonly offline = inject(OfflinePapers);
  private readonly items = signal<readonly ShownAnnotation[]>([]);
  private target: { meetingId: string; paperId: string; paperTitle: string; version: number } | null = null;
  /** The list came from the server (not only from the device): it may replace the notes kept beside the copy. */
  private readonly fromServer = signal(false);
  private readonly seenOutcomes = new WeakSet<ChangeOutcome>();

  constructor() {
    // A note made offline reaches the server: it is shown as stored.
    const sent = this.pending.sentNotes$.subscribe((stored) => {
      if (stored.paperId === this.target?.paperId) this.upsert(stored);
    });
    inject(DestroyRef).onDestroy(() => sent.unsubscribe());
    // A copy kept on this device opens offline with his notes as they are now (those waiting are kept by the queue).
    effect(() => {
      // Not the notes still to be created; a stored note edited here is kept as it will be (the queue re-applies the edit anyway).
      const creating = new Set(this.target ? this.pending.notesFor(this.target.paperId).map((note) => note.id) : []);
      const stored = this.items().filter((item) => !creating.has(item.id));
      const target = this.target;
      if (!this.fromServer() || !target) return;
      void this.offline.keepNotes(target.meetingId, target.paperId, stored).catch(() => undefined);
    });
    // One the server refused is no longer shown as the member's (the reader says why).
    effect(() => {
      const refused = new Set(this.pending.outcomes().map((outcome) => outcome.change.id));
      untracked(() => this.items.update((items) => (items.some((item) => item.queued && refused.has(item.id)) ? items.filter((item) => !(item.queued && refused.has(item.id))) : items)));
    });
    // An edit or deletion the server did not take (changed elsewhere, or gone): the notes are read again as stored.
    effect(() => {
      const fresh = this.pending.outcomes().filter((outcome) => isEditOrRemoval(outcome) && outcome.change.paperId === this.target?.paperId && !this.seenOutcomes.has(outcome));
      if (!fresh.length) return;
      for (const outcome of fresh) this.seenOutcomes.add(outcome);
      untracked(() => {
        const target = this.target;
        if (target) this.load(target.meetingId, target.paperId, target.paperTitle, target.version).subscribe({ error: () => undefined });
      });
    });
  }

  readonly all = this.items.asReadonly();
  /** Drawn on their page: written on it, or carried over from an earlier version. */
  readonly byPage = computed(() => {
    const pages = new Map<number, ShownAnnotation[]>();
    for (const annotation of this.items()) {
      if (annotation.pageMissing) continue;
      pages.set(annotation.page, [...(pages.get(annotation.page) ?? []), annotation]);
    }
    return pages;
  });
  /** Written on pages the current version no longer has. */
  readonly orphaned = computed(() => this.items().filter((annotation) => annotation.pageMissing));

  /**
   * The member's notes on a paper (`version`: the one open), with those still waiting on this
   * device. Without `paperTitle` and `version` (a copy kept offline, nothing from the server),
   * only the waiting ones.
   */
  load(meetingId: string, paperId: string, paperTitle = '', version = 1): Observable<AnnotationResponse[]> {
    this.target = { meetingId, paperId, paperTitle, version };
    this.fromServer.set(false);
    this.items.set(this.waiting(paperId));
    return this.api.annotations(meetingId, paperId).pipe(
      tap((items) => {
        this.items.set(this.withChangesWaiting([...items, ...this.waiting(paperId).filter((note) => !items.some((item) => item.id === note.id))]));
        this.fromServer.set(true);
      }),
    );
  }

  /** No network: the notes kept beside the copy on this device (as last seen), and those waiting to be sent; new ones made now wait too. */
  loadOffline(meetingId: string, paperId: string, paperTitle: string, version: number): void {
    this.target = { meetingId, paperId, paperTitle, version };
    this.fromServer.set(false);
    this.items.set(this.waiting(paperId));
    void this.offline.keptNotes(meetingId, paperId).then((kept) => {
      if (this.target?.paperId !== paperId || !kept.length) return;
      this.items.update((items) => this.withChangesWaiting([...kept.filter((note) => !items.some((item) => item.id === note.id)), ...items]).sort((a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt)));
    });
  }

  /** Emits the note as stored, or (no network) as kept on the device with `queued`. */
  addNote(page: number, text: string): Observable<ShownAnnotation> {
    return this.create({ id: crypto.randomUUID(), kind: 'note', page, text });
  }

  addHighlight(page: number, rects: AnnotationRect[], color: AnnotationColor, text = ''): Observable<ShownAnnotation> {
    return this.create({ id: crypto.randomUUID(), kind: 'highlight', page, rects, color, ...(text ? { text } : {}) });
  }

  /** Emits the note as stored, or (no network, or the note itself still waiting) as it will be, with `queued`. */
  edit(annotation: ShownAnnotation, text: string): Observable<ShownAnnotation> {
    const { meetingId, paperId, paperTitle } = this.current();
    const queue = () =>
      from(this.pending.addNoteEdit({ meetingId, paperId, paperTitle, annotationId: annotation.id, page: annotation.page, revision: annotation.revision, text })).pipe(
        map(() => {
          const shown: ShownAnnotation = { ...annotation, text, queued: true };
          this.upsert(shown);
          return shown;
        }),
      );
    if (annotation.queued) return queue();
    return this.api.updateAnnotation(meetingId, paperId, annotation.id, { text, revision: annotation.revision }).pipe(
      tap((updated) => this.upsert(updated)),
      catchError((error: unknown) => (isNetworkError(error) ? queue() : throwError(() => error))),
    );
  }

  /** Emits whether the deletion waits on the device for the network. */
  remove(annotation: ShownAnnotation): Observable<{ queued: boolean }> {
    const { meetingId, paperId, paperTitle } = this.current();
    const drop = () => this.items.update((items) => items.filter((item) => item.id !== annotation.id));
    const queue = () =>
      from(this.pending.addNoteRemoval({ meetingId, paperId, paperTitle, annotationId: annotation.id, page: annotation.page, revision: annotation.revision })).pipe(
        tap(drop),
        // A note that was itself still waiting is simply never sent: nothing is left waiting.
        map(() => ({ queued: this.pending.noteChangesFor(paperId).some((change) => change.annotationId === annotation.id) })),
      );
    if (annotation.queued) return queue();
    return this.api.deleteAnnotation(meetingId, paperId, annotation.id).pipe(
      tap(drop),
      map(() => ({ queued: false })),
      catchError((error: unknown) => (isNetworkError(error) ? queue() : throwError(() => error))),
    );
  }

  /** Created with the id chosen here, so that sending it again after a lost answer stores it once. */
  private create(request: CreateAnnotationRequest & { id: string }): Observable<ShownAnnotation> {
    const { meetingId, paperId, paperTitle } = this.current();
    return this.api.createAnnotation(meetingId, paperId, request).pipe(
      tap((created) => this.upsert(created)),
      catchError((error: unknown) => {
        if (!isNetworkError(error)) return throwError(() => error);
        return from(this.pending.addNote({ meetingId, paperId, paperTitle, request })).pipe(
          map(() => {
            const shown = this.shown(this.pending.notesFor(paperId).find((note) => note.id === request.id) as PendingNote);
            this.upsert(shown);
            return shown;
          }),
        );
      }),
    );
  }

  /** The notes as they will be once the edits and deletions waiting on this device are sent. */
  private withChangesWaiting(items: readonly ShownAnnotation[]): ShownAnnotation[] {
    const changes = this.target ? this.pending.noteChangesFor(this.target.paperId) : [];
    if (!changes.length) return [...items];
    const removed = new Set(changes.filter((change) => change.kind === 'note-delete').map((change) => change.annotationId));
    const edits = new Map(changes.flatMap((change) => (change.kind === 'note-edit' ? [[change.annotationId, change.text] as const] : [])));
    return items.filter((item) => !removed.has(item.id)).map((item) => (edits.has(item.id) ? { ...item, text: edits.get(item.id) ?? item.text, queued: true } : item));
  }

  private waiting(paperId: string): ShownAnnotation[] {
    return this.pending.notesFor(paperId).map((note) => this.shown(note));
  }

  /** A waiting note drawn like a stored one, on the version open. */
  private shown(note: PendingNote): ShownAnnotation {
    const { request } = note;
    return {
      id: request.id,
      paperId: note.paperId,
      kind: request.kind,
      page: request.page,
      text: request.text ?? '',
      rects: request.rects ?? [],
      color: request.color ?? 'yellow',
      version: this.target?.version ?? 1,
      carriedOver: false,
      pageMissing: false,
      revision: 0,
      createdAt: note.madeAt,
      updatedAt: note.madeAt,
      queued: true,
    };
  }

  private upsert(annotation: ShownAnnotation): void {
    this.items.update((items) => {
      const rest = items.filter((item) => item.id !== annotation.id);
      return [...rest, annotation].sort((a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt));
    });
  }

  private current(): { meetingId: string; paperId: string; paperTitle: string; version: number } {
    if (!this.target) throw new Error('AnnotationsStore.load() must be called first');
    return this.target;
  }
}

function isEditOrRemoval(outcome: ChangeOutcome): outcome is ChangeOutcome & { change: { kind: 'note-edit' | 'note-delete'; paperId: string } } {
  return outcome.change.kind === 'note-edit' || outcome.change.kind === 'note-delete';
}
