import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import {
  type AnnotationResponse,
  type AnswerReceipt,
  type CreateAnnotationRequest,
  MeetingErrorCode,
  PaperErrorCode,
  type PositionChoice,
  type PositionResponse,
  type SubmitAnswerRequest,
} from '@ecabinet/shared/contracts';
import { BallotAnswerService, IndexedDbUserStore } from '@ecabinet/web/ballots/data-access';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { isNetworkError, readApiError } from '@ecabinet/web/shared/i18n';
import { type Observable, Subject, firstValueFrom } from 'rxjs';
import { MeetingsApi } from './meetings.api';

/** How often changes still waiting are tried again (the live connection may not notice a network that came back). */
const RETRY_MS = 15_000;

/** A position marked while the server could not be reached, waiting to be sent. */
export interface PendingPosition {
  readonly id: string;
  readonly kind: 'position';
  readonly meetingId: string;
  readonly itemId: string;
  /** For the conflict message: the item as the member saw it. */
  readonly itemTitle: string;
  readonly position: PositionChoice;
  readonly note?: string;
  /** The position the device showed before the first change not yet sent: another device's change since is a conflict. */
  readonly baseline: PositionChoice | 'none';
  readonly madeAt: string;
}

/**
 * A note or highlight written while the server could not be reached, with the id the device chose
 * for it: sent twice, it is stored once.
 */
export interface PendingNote {
  readonly id: string;
  readonly kind: 'note';
  readonly meetingId: string;
  readonly paperId: string;
  /** For the reader and a refusal's message. */
  readonly paperTitle: string;
  readonly request: CreateAnnotationRequest & { readonly id: string };
  readonly madeAt: string;
}

/**
 * A change to a stored note made while the server could not be reached. `revision` is the one
 * the device showed: a change made elsewhere since is a conflict, shown and not overwritten.
 */
interface PendingStoredNoteChange {
  readonly id: string;
  readonly meetingId: string;
  readonly paperId: string;
  readonly paperTitle: string;
  readonly annotationId: string;
  readonly page: number;
  readonly revision: number;
  readonly madeAt: string;
}

/** A stored note's new text. */
export interface PendingNoteEdit extends PendingStoredNoteChange {
  readonly kind: 'note-edit';
  readonly text: string;
}

/** A stored note deleted; changed elsewhere since, it is kept. */
export interface PendingNoteRemoval extends PendingStoredNoteChange {
  readonly kind: 'note-delete';
}

/** Any change to the member's notes waiting on the device. */
export type PendingNoteChange = PendingNote | PendingNoteEdit | PendingNoteRemoval;

/**
 * An opinion ballot's answer signed on this device while the server could not be reached: the
 * signature made then stands (the server counts it if it arrives before the deadline).
 */
export interface PendingAnswer {
  readonly id: string;
  readonly kind: 'answer';
  readonly ballotId: string;
  /** For the ballot page and a refusal's message. */
  readonly ballotTitle: string;
  readonly deadline: string;
  readonly recipientId: string;
  readonly request: SubmitAnswerRequest;
  readonly madeAt: string;
}

export type PendingChange = PendingPosition | PendingNoteChange | PendingAnswer;

/** How notes are sent: the papers library registers it (see `registerNoteSender`). */
export interface NoteSender {
  create(note: PendingNote): Observable<AnnotationResponse>;
  update(edit: PendingNoteEdit): Observable<AnnotationResponse>;
  remove(removal: PendingNoteRemoval): Observable<void>;
}

/** What became of a change the server did not take: changed elsewhere meanwhile (shown, not overwritten), or refused. */
export interface ChangeOutcome<C extends PendingChange = PendingChange> {
  readonly change: C;
  readonly outcome: 'conflict' | 'refused';
  /** On a position's conflict: the position as stored (null: none). */
  readonly current: PositionResponse | null;
  /** On a note's conflict: the note as stored, changed elsewhere since the device saw it. */
  readonly currentNote?: AnnotationResponse;
  /** On a refusal: the server's error, for the message. */
  readonly error?: unknown;
}

/** A change sent, or settled by a conflict: the meeting's page shows the position as stored. */
export interface SettledPosition {
  readonly meetingId: string;
  readonly itemId: string;
  readonly position: PositionResponse | null;
}

/** The queue of each user on this device, kept across reloads and crashes (IndexedDB); a remote wipe deletes it. */
export interface PendingChangeStore {
  load(userId: string): Promise<PendingChange[] | null>;
  save(userId: string, value: PendingChange[]): Promise<void>;
}

export const PENDING_CHANGE_STORE = new InjectionToken<PendingChangeStore>('PENDING_CHANGE_STORE', {
  providedIn: 'root',
  factory: () => new IndexedDbUserStore<PendingChange[]>(globalThis.indexedDB, 'ecabinet-pending-changes', 'changes'),
});

/**
 * Changes made offline (#14), sent in order when the live connection returns. A change the
 * server has already (sent twice) is simply done; one made meanwhile on another device is a
 * conflict, shown to the member and not overwritten; a refusal (the item closed meanwhile) is
 * shown with its reason. A change that still cannot reach the server waits for the next time.
 */
@Injectable({ providedIn: 'root' })
export class PendingChanges {
  private readonly store = inject(PENDING_CHANGE_STORE);
  private readonly api = inject(MeetingsApi);
  private readonly auth = inject(AuthStore);
  private readonly live = inject(LiveSocket);
  private readonly changes = signal<readonly PendingChange[]>([]);
  private readonly syncingState = signal(false);
  private readonly outcomesState = signal<readonly ChangeOutcome[]>([]);
  private readonly settledSubject = new Subject<SettledPosition>();
  private readonly sentNotesSubject = new Subject<AnnotationResponse>();
  private readonly sentAnswersSubject = new Subject<AnswerReceipt>();
  private readonly answers = inject(BallotAnswerService);
  private noteSender: NoteSender | null = null;
  private loadedFor: string | null = null;

  /** Changes waiting to be sent. */
  readonly count = computed(() => this.changes().length);
  readonly pending = this.changes.asReadonly();
  /** Sending them now. */
  readonly syncing = this.syncingState.asReadonly();
  /** Changes the server did not take, until the member dismisses them. */
  readonly outcomes = this.outcomesState.asReadonly();
  readonly settled$ = this.settledSubject.asObservable();
  /** Notes made offline, as the server stored them. */
  readonly sentNotes$ = this.sentNotesSubject.asObservable();
  /** Answers signed offline, as the server received them. */
  readonly sentAnswers$ = this.sentAnswersSubject.asObservable();

  constructor() {
    effect(() => {
      const user = this.auth.user();
      untracked(() => void this.loadFor(user?.id ?? null));
    });
    // Back online (the live connection, or the browser's network): send what waits; and again now and then while some wait.
    effect(() => {
      if (this.live.state() === 'online') untracked(() => void this.flush());
    });
    globalThis.addEventListener?.('online', () => void this.flush());
    const retry = setInterval(() => {
      if (this.changes().length > 0 && globalThis.navigator?.onLine !== false) void this.flush();
    }, RETRY_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(retry));
  }

  /** Queues a position; a second change of the same item replaces the first and keeps its baseline. */
  async addPosition(change: Omit<PendingPosition, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    const earlier = this.positions().find((c) => c.meetingId === change.meetingId && c.itemId === change.itemId);
    const entry: PendingPosition = { ...change, id: crypto.randomUUID(), kind: 'position', madeAt: new Date().toISOString(), baseline: earlier?.baseline ?? change.baseline };
    await this.replace(user.id, [...this.changes().filter((c) => c !== earlier), entry]);
  }

  /** Queues a new note or highlight (its id chosen here), sent after what waits before it. */
  async addNote(change: Omit<PendingNote, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    await this.replace(user.id, [...this.changes(), { ...change, id: change.request.id, kind: 'note', madeAt: new Date().toISOString() }]);
  }

  /**
   * Queues a new text for a note. A note still waiting to be created takes the text itself; a
   * second edit replaces the first and keeps the revision the device first saw.
   */
  async addNoteEdit(change: Omit<PendingNoteEdit, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    const changes = this.changes();
    const created = changes.find((c): c is PendingNote => c.kind === 'note' && c.id === change.annotationId);
    if (created) {
      await this.replace(user.id, changes.map((c) => (c === created ? { ...created, request: { ...created.request, text: change.text } } : c)));
      return;
    }
    const earlier = changes.find((c): c is PendingNoteEdit => c.kind === 'note-edit' && c.annotationId === change.annotationId);
    const entry: PendingNoteEdit = { ...change, id: crypto.randomUUID(), kind: 'note-edit', madeAt: new Date().toISOString(), revision: earlier?.revision ?? change.revision };
    await this.replace(user.id, [...changes.filter((c) => c !== earlier), entry]);
  }

  /** Queues a note's deletion; one still waiting to be created is simply never sent, with its edits. */
  async addNoteRemoval(change: Omit<PendingNoteRemoval, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    const changes = this.changes();
    const ofIt = (c: PendingChange) => (c.kind === 'note' && c.id === change.annotationId) || ((c.kind === 'note-edit' || c.kind === 'note-delete') && c.annotationId === change.annotationId);
    const created = changes.some((c) => c.kind === 'note' && c.id === change.annotationId);
    const edited = changes.find((c): c is PendingNoteEdit => c.kind === 'note-edit' && c.annotationId === change.annotationId);
    const rest = changes.filter((c) => !ofIt(c));
    if (created) {
      await this.replace(user.id, rest);
      return;
    }
    const entry: PendingNoteRemoval = { ...change, id: crypto.randomUUID(), kind: 'note-delete', madeAt: new Date().toISOString(), revision: edited?.revision ?? change.revision };
    await this.replace(user.id, [...rest, entry]);
  }

  /** Queues an answer signed here; a later one for the same ballot follows it (each is its own revision). */
  async addAnswer(change: Omit<PendingAnswer, 'id' | 'kind' | 'madeAt'>): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    await this.replace(user.id, [...this.changes(), { ...change, id: crypto.randomUUID(), kind: 'answer', madeAt: change.request.document.signedAt }]);
  }

  /** The answers to a ballot signed here and waiting to be sent. */
  answersFor(ballotId: string): PendingAnswer[] {
    return this.changes().filter((c): c is PendingAnswer => c.kind === 'answer' && c.ballotId === ballotId);
  }

  /** The position waiting for an item, if any: the room shows it as the member's. */
  positionFor(meetingId: string, itemId: string): PendingPosition | undefined {
    return this.positions().find((c) => c.meetingId === meetingId && c.itemId === itemId);
  }

  /** The notes on a paper waiting to be sent: the reader shows them as the member's. */
  notesFor(paperId: string): PendingNote[] {
    return this.changes().filter((c): c is PendingNote => c.kind === 'note' && c.paperId === paperId);
  }

  /** The edits and deletions of stored notes on a paper waiting to be sent: the reader shows the notes as they will be. */
  noteChangesFor(paperId: string): (PendingNoteEdit | PendingNoteRemoval)[] {
    return this.changes().filter((c): c is PendingNoteEdit | PendingNoteRemoval => (c.kind === 'note-edit' || c.kind === 'note-delete') && c.paperId === paperId);
  }

  /** The papers library says how notes are sent (this library cannot call it: it sits below it). */
  registerNoteSender(sender: NoteSender): void {
    this.noteSender = sender;
    if (this.changes().some((c) => c.kind === 'note' || c.kind === 'note-edit' || c.kind === 'note-delete')) void this.flush();
  }

  dismiss(outcome: ChangeOutcome): void {
    this.outcomesState.update((list) => list.filter((o) => o !== outcome));
  }

  /** Sends the queue in order; stops at the first change that cannot reach the server. */
  async flush(): Promise<void> {
    const user = this.auth.user();
    if (!user || this.syncingState() || this.changes().length === 0) return;
    this.syncingState.set(true);
    try {
      for (const change of [...this.changes()]) {
        try {
          if (change.kind === 'note' || change.kind === 'note-edit' || change.kind === 'note-delete') {
            // Not yet told how (the papers library starts with the shell): it waits.
            if (!this.noteSender) return;
            if (change.kind === 'note') this.sentNotesSubject.next(await firstValueFrom(this.noteSender.create(change)));
            else if (change.kind === 'note-edit') this.sentNotesSubject.next(await firstValueFrom(this.noteSender.update(change)));
            else await firstValueFrom(this.noteSender.remove(change), { defaultValue: undefined });
          } else if (change.kind === 'answer') {
            this.sentAnswersSubject.next(await this.answers.send(change.recipientId, change.request));
          } else {
            const saved = await firstValueFrom(this.api.setPosition(change.meetingId, change.itemId, { position: change.position, baseline: change.baseline, ...(change.note ? { note: change.note } : {}) }));
            this.settledSubject.next({ meetingId: change.meetingId, itemId: change.itemId, position: saved });
          }
        } catch (error) {
          if (isNetworkError(error)) return;
          const apiError = readApiError(error);
          if (change.kind === 'position' && apiError?.code === MeetingErrorCode.STALE_VERSION) {
            const current = (apiError.details as PositionResponse | null | undefined) ?? null;
            this.outcomesState.update((list) => [...list, { change, outcome: 'conflict', current }]);
            this.settledSubject.next({ meetingId: change.meetingId, itemId: change.itemId, position: current });
          } else if ((change.kind === 'note-edit' || change.kind === 'note-delete') && apiError?.code === MeetingErrorCode.STALE_VERSION && apiError.details) {
            // Changed elsewhere since this device saw it: the stored note stands and is shown.
            const currentNote = apiError.details as AnnotationResponse;
            this.outcomesState.update((list) => [...list, { change, outcome: 'conflict', current: null, currentNote }]);
            this.sentNotesSubject.next(currentNote);
          } else if (change.kind === 'note-delete' && apiError?.code === PaperErrorCode.ANNOTATION_NOT_FOUND) {
            // Deleted already (on another device): what was asked is done.
          } else {
            this.outcomesState.update((list) => [...list, { change, outcome: 'refused', current: null, error }]);
          }
        }
        await this.replace(user.id, this.changes().filter((c) => c.id !== change.id));
      }
    } finally {
      this.syncingState.set(false);
    }
  }

  private async loadFor(userId: string | null): Promise<void> {
    if (userId === this.loadedFor) return;
    this.loadedFor = userId;
    this.outcomesState.set([]);
    if (!userId) {
      this.changes.set([]);
      return;
    }
    try {
      const stored = (await this.store.load(userId)) ?? [];
      if (this.loadedFor === userId) this.changes.set(stored);
      if (this.live.state() === 'online') await this.flush();
    } catch {
      this.changes.set([]);
    }
  }

  private positions(): PendingPosition[] {
    return this.changes().filter((c): c is PendingPosition => c.kind === 'position');
  }

  private async replace(userId: string, next: PendingChange[]): Promise<void> {
    this.changes.set(next);
    try {
      await this.store.save(userId, next);
    } catch {
      // Storage refused (a private window): the queue lives as long as the page.
    }
  }
}
