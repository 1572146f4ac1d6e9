import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import {
  type AnnotationResponse,
  type AnswerReceipt,
  type CreateAnnotationRequest,
  MeetingErrorCode,
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

export type PendingChange = PendingPosition | PendingNote | PendingAnswer;

/** How a note is sent: the papers library registers it (see `registerNoteSender`). */
export type NoteSender = (note: PendingNote) => Observable<AnnotationResponse>;

/** What became of a change the server did not take: changed elsewhere meanwhile (shown, not overwritten), or refused. */
export interface ChangeOutcome<C extends PendingChange = PendingChange> {
  readonly change: C;
  readonly outcome: 'conflict' | 'refused';
  /** On a conflict: the position as stored (null: none). */
  readonly current: PositionResponse | null;
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

  /** The papers library says how notes are sent (this library cannot call it: it sits below it). */
  registerNoteSender(sender: NoteSender): void {
    this.noteSender = sender;
    if (this.changes().some((c) => c.kind === 'note')) void this.flush();
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
          if (change.kind === 'note') {
            // Not yet told how (the papers library starts with the shell): it waits.
            if (!this.noteSender) return;
            this.sentNotesSubject.next(await firstValueFrom(this.noteSender(change)));
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
