import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import {
  type AgendaConflictDetails,
  type AgendaItemResponse,
  type AgendaItemStatus,
  type AttendanceState,
  MeetingErrorCode,
  type MeetingEvent,
  type MeetingJoinAck,
  type MeetingScreens,
  type MeetingRole,
  type MeetingStatus,
  type PositionChoice,
  type PositionResponse,
  type PositionTally,
  type VoteChoice,
  type VoteResponse,
} from '@ecabinet/shared/contracts';
import { AuthStore, LastSeenData } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { isNetworkError, readApiError } from '@ecabinet/web/shared/i18n';
import { type Observable, type Subscription, catchError, filter, from, map, tap, throwError } from 'rxjs';
import { type AgendaNode, buildAgendaTree, moveAgendaItem } from './agenda-tree';
import { type MeetingLiveState, applyMeetingEvent, currentItemOf, stateFromSnapshot } from './meeting-live-state';
import { MeetingsApi } from './meetings.api';
import { PendingChanges } from './pending-changes';

/**
 * How far the page can trust what it shows:
 * - `loading`: nothing to show yet;
 * - `live`: following every change;
 * - `syncing`: catching up after a gap or a reconnection (what is shown may be a moment old);
 * - `offline`: the connection is down; what is shown is as of the last change received;
 * - `error`: the meeting cannot be followed (not a participant, not found).
 */
export type MeetingSyncStatus = 'loading' | 'live' | 'syncing' | 'offline' | 'error';

/** Roles that take positions, request the floor and vote. */
const TAKING_PART: readonly MeetingRole[] = ['chair', 'member', 'delegate'];
const JOIN_RETRY_MS = 3000;

/** The longest a screen waits before saying which version it displays (spreads thousands of answers to one broadcast). */
export const SCREEN_ACK_SPREAD_MS = new InjectionToken<number>('SCREEN_ACK_SPREAD_MS', { providedIn: 'root', factory: () => 250 });

/**
 * One meeting, live, for the page that provides it (room or console). It joins the meeting over
 * the live socket (`meeting:join`), keeps the snapshot in signals and applies each
 * `meeting:event` in `seq` order: events at or below the current `seq` are dropped, a gap or a
 * reconnection re-joins with `sinceSeq` and applies the missed events (or the fresh snapshot).
 * When the socket is down at first, the snapshot comes over HTTP and the page catches up once
 * the socket connects.
 */
@Injectable()
export class MeetingLiveStore {
  private readonly api = inject(MeetingsApi);
  private readonly live = inject(LiveSocket);
  private readonly auth = inject(AuthStore);
  private readonly destroyRef = inject(DestroyRef);
  private readonly pendingChanges = inject(PendingChanges);

  private readonly state = signal<MeetingLiveState | null>(null);
  private readonly lastSeen = inject(LastSeenData);
  /** A `RealtimeError` from `meeting:join`, or the HTTP error of the snapshot. */
  private readonly joinFailure = signal<unknown>(null);
  private readonly catchingUp = signal(false);
  private readonly offsetMs = signal(0);
  private meetingId: string | null = null;
  private subscriptions: Subscription[] = [];
  /** Events that arrived while a join was under way, or after a gap; replayed in order afterwards. */
  private pending: MeetingEvent[] = [];
  private joinAttempt = 0;
  private joinInFlight = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counts agenda replacements, so a slower HTTP re-read never overwrites a newer event. */
  private agendaRevision = 0;
  /** Joined over the socket (not only read over HTTP): what this screen shows may be acknowledged. */
  private joined = false;
  /** The last version acknowledged, with the join it was said in (a new join says it again). */
  private lastShown: { seq: number; join: number } | null = null;
  private shownToSay: number | null = null;
  private shownTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ackSpreadMs = inject(SCREEN_ACK_SPREAD_MS);
  private readonly screensState = signal<MeetingScreens | null>(null);

  readonly loaded = computed(() => this.state() !== null);
  readonly seq = computed(() => this.state()?.seq ?? null);
  readonly meeting = computed(() => this.state()?.meeting ?? null);
  readonly status = computed<MeetingStatus | null>(() => this.meeting()?.status ?? null);
  readonly agenda = computed<readonly AgendaItemResponse[]>(() => this.state()?.agenda ?? []);
  readonly agendaTree = computed<readonly AgendaNode[]>(() => buildAgendaTree(this.agenda()));
  readonly agendaVersion = computed(() => this.meeting()?.agendaVersion ?? 0);
  readonly currentItem = computed(() => {
    const state = this.state();
    return state ? currentItemOf(state) : null;
  });
  /** Everyone who asked for the floor on the current item, in the order they asked. */
  readonly currentSpeakers = computed(() => {
    const item = this.currentItem();
    return item ? (this.state()?.speakers ?? []).filter((speaker) => speaker.itemId === item.id) : [];
  });
  readonly speakers = computed(() => this.state()?.speakers ?? []);
  readonly participants = computed(() => this.meeting()?.participants ?? []);
  readonly quorum = computed(() => this.meeting()?.quorum ?? null);
  /** The vote to show: the open one, or the one that just closed (with its result). */
  readonly vote = computed<VoteResponse | null>(() => this.state()?.vote ?? null);
  /** Every vote of the meeting, oldest first. */
  readonly votes = computed<readonly VoteResponse[]>(() => this.state()?.votes ?? []);
  /** Each item's votes, oldest first: an item voted on twice shows both. */
  readonly votesByItem = computed<ReadonlyMap<string, readonly VoteResponse[]>>(() => {
    const byItem = new Map<string, VoteResponse[]>();
    for (const vote of this.votes()) {
      byItem.set(vote.itemId, [...(byItem.get(vote.itemId) ?? []), vote]);
    }
    return byItem;
  });
  readonly openVote = computed(() => {
    const vote = this.vote();
    return vote?.status === 'open' ? vote : null;
  });
  readonly myPositions = computed<ReadonlyMap<string, PositionResponse>>(
    () => new Map((this.state()?.myPositions ?? []).map((position) => [position.itemId, position])),
  );
  readonly positionTallies = computed<ReadonlyMap<string, PositionTally>>(
    () => new Map((this.state()?.positionTallies ?? []).map((tally) => [tally.itemId, tally])),
  );
  /** Everyone's positions with notes: the chair and the secretariat only. */
  readonly positions = computed(() => this.state()?.positions ?? null);
  readonly papersSeq = computed(() => this.state()?.papersSeq ?? null);
  readonly lastPapersChange = computed(() => this.state()?.lastPapersChange ?? null);

  readonly myUserId = computed(() => this.auth.user()?.id ?? null);
  readonly myRole = computed(() => this.meeting()?.myRole ?? null);
  /** The secretariat (Government Office staff) prepares every meeting, taking part or not. */
  readonly isSecretariat = computed(() => this.auth.roles().includes('secretary'));
  /** The chair and the secretariat run the session and see everything. */
  readonly isManager = computed(() => this.isSecretariat() || this.myRole() === 'chair' || this.myRole() === 'secretary');
  readonly canEditAgenda = computed(() => this.isSecretariat() && this.status() !== 'closed');
  /** Members, the chair and delegates mark positions, ask for the floor and vote. */
  readonly takesPart = computed(() => {
    const role = this.myRole();
    return role !== null && TAKING_PART.includes(role);
  });
  readonly inSession = computed(() => this.status() === 'in_session');
  /** Who is excluded from which item (conflict of interest), deputies of those named included. */
  readonly exclusions = computed<ReadonlyMap<string, readonly string[]>>(() => new Map((this.state()?.exclusions ?? []).map((entry) => [entry.itemId, entry.userIds])));
  /** The items the caller does not take part in: no position, floor or vote on them. */
  readonly excludedItemIds = computed<ReadonlySet<string>>(() => {
    const me = this.myUserId();
    return new Set([...this.exclusions()].filter(([, userIds]) => me !== null && userIds.includes(me)).map(([itemId]) => itemId));
  });

  /** For the chair and the secretariat: whose screens show the meeting's current version (#15). */
  readonly screens = this.screensState.asReadonly();

  /** The live connection of the whole app. */
  readonly connection = this.live.state;
  readonly syncStatus = computed<MeetingSyncStatus>(() => {
    if (this.joinFailure() && !this.state()) {
      return 'error';
    }
    if (!this.state()) {
      return 'loading';
    }
    if (this.connection() !== 'online') {
      return 'offline';
    }
    return this.catchingUp() ? 'syncing' : 'live';
  });
  /** Why the meeting cannot be shown: an API error or the live channel's refusal. */
  readonly failure = this.joinFailure.asReadonly();
  /** Server clock minus this device's clock, from the time stamps of live events. */
  readonly clockOffsetMs = this.offsetMs.asReadonly();

  constructor() {
    this.destroyRef.onDestroy(() => this.close());
    // A position sent when the network returned, or settled by a change made elsewhere: shown as stored.
    const settled = this.pendingChanges.settled$.pipe(filter((s) => s.meetingId === this.meetingId)).subscribe((s) => this.showMyPosition(s.itemId, s.position));
    this.destroyRef.onDestroy(() => settled.unsubscribe());
    // Every screen says which version of the meeting it displays, so the chair can see all are current.
    effect(() => {
      const seq = this.seq();
      untracked(() => this.sayShown(seq));
    });
    // The meeting as last seen in this tab, for a page opened again with the network gone.
    effect(() => {
      const state = this.state();
      untracked(() => {
        if (state && this.meetingId) this.lastSeen.keep(`meeting:${this.meetingId}`, state);
      });
    });
  }

  private showMyPosition(itemId: string, position: PositionResponse | null): void {
    this.state.update((state) => (state ? { ...state, myPositions: [...state.myPositions.filter((mine) => mine.itemId !== itemId), ...(position ? [position] : [])] } : state));
  }

  /** Starts following `meetingId` (leaving any meeting followed before). */
  open(meetingId: string): void {
    if (this.meetingId === meetingId) {
      return;
    }
    this.close();
    this.meetingId = meetingId;
    this.subscriptions = [
      this.live
        .on('meeting:event')
        .pipe(filter((event) => event.meetingId === meetingId))
        .subscribe((event) => {
          this.trackServerClock(event);
          this.receive(event);
        }),
      this.live.connected.subscribe(() => this.join()),
      this.live
        .on('meeting:screens')
        .pipe(filter((screens) => screens.meetingId === meetingId))
        .subscribe((screens) => this.screensState.set(screens)),
    ];
    if (this.connection() === 'online') {
      this.join();
    } else {
      this.loadOverHttp(meetingId);
    }
  }

  // --- the live protocol -------------------------------------------------------------------

  /** A live event is stamped by the server as it happens: a good enough reading of its clock. */
  private trackServerClock(event: MeetingEvent): void {
    const at = Date.parse(event.at);
    if (Number.isFinite(at)) {
      this.offsetMs.set(at - Date.now());
    }
  }

  private receive(event: MeetingEvent): void {
    const state = this.state();
    if (!state || this.joinInFlight) {
      this.pending.push(event);
      return;
    }
    if (event.seq <= state.seq) {
      return;
    }
    if (event.seq > state.seq + 1) {
      // A gap: something was missed. Keep this one for after the catch-up.
      this.pending.push(event);
      this.join();
      return;
    }
    this.apply(state, event);
  }

  private apply(state: MeetingLiveState, event: MeetingEvent): MeetingLiveState {
    const next = applyMeetingEvent(state, event);
    this.state.set(next);
    if (next.agenda !== state.agenda) {
      this.agendaRevision++;
    }
    this.followUp(state, event);
    return next;
  }

  /** Emits `meeting:join`, with `sinceSeq` once there is state to continue from. */
  private join(fresh = false): void {
    const meetingId = this.meetingId;
    if (!meetingId || this.connection() !== 'online') {
      return;
    }
    this.cancelRetry();
    const attempt = ++this.joinAttempt;
    const since = fresh ? undefined : this.state()?.seq;
    this.joinInFlight = true;
    this.joined = false;
    this.catchingUp.set(this.state() !== null);
    this.live.request('meeting:join', since === undefined ? { meetingId } : { meetingId, sinceSeq: since }).subscribe({
      next: (ack) => {
        if (attempt === this.joinAttempt) {
          this.joinInFlight = false;
          this.acknowledge(ack);
        }
      },
      error: () => {
        if (attempt === this.joinAttempt) {
          this.joinInFlight = false;
          this.retryLater();
        }
      },
    });
  }

  private acknowledge(ack: MeetingJoinAck): void {
    if ('error' in ack) {
      this.joinFailure.set(ack.error);
      this.catchingUp.set(false);
      this.pending = [];
      return;
    }
    this.joinFailure.set(null);
    if ('snapshot' in ack) {
      this.state.set(stateFromSnapshot(ack.seq, ack.snapshot));
      this.agendaRevision++;
    } else {
      let state = this.state();
      for (const event of [...ack.events].sort((a, b) => a.seq - b.seq)) {
        if (state && event.seq === state.seq + 1) {
          state = this.apply(state, event);
        }
      }
      if (!state || state.seq < ack.seq) {
        // The missed events did not add up: start again from a snapshot.
        this.join(true);
        return;
      }
    }
    this.catchingUp.set(false);
    this.joined = true;
    this.replayPending();
    this.sayShown(this.state()?.seq ?? null);
  }

  /**
   * Tells the server this screen displays version `seq` of the meeting: once per version and
   * join, without an answer, after a random wait of up to {@link SCREEN_ACK_SPREAD_MS} so that
   * thousands of screens do not all answer the same broadcast at once (a newer version meanwhile
   * is said instead). A lost one is not retried: the next version or join says it again.
   */
  private sayShown(seq: number | null): void {
    if (seq === null || !this.meetingId || !this.joined || this.joinInFlight || this.connection() !== 'online') return;
    if (this.lastShown?.seq === seq && this.lastShown.join === this.joinAttempt) return;
    this.shownToSay = seq;
    if (this.shownTimer !== null) return;
    this.shownTimer = setTimeout(() => {
      this.shownTimer = null;
      const meetingId = this.meetingId;
      const latest = this.shownToSay;
      if (latest === null || !meetingId || !this.joined || this.joinInFlight) return;
      if (this.live.send('meeting:ack', { meetingId, seq: latest })) this.lastShown = { seq: latest, join: this.joinAttempt };
    }, Math.random() * this.ackSpreadMs);
  }

  private replayPending(): void {
    const pending = this.pending.sort((a, b) => a.seq - b.seq);
    this.pending = [];
    for (const event of pending) {
      this.receive(event);
    }
  }

  private loadOverHttp(meetingId: string): void {
    this.api.snapshot(meetingId).subscribe({
      next: ({ seq, ...snapshot }) => {
        if (this.meetingId === meetingId && !this.state()) {
          this.state.set(stateFromSnapshot(seq, snapshot));
          this.agendaRevision++;
          this.replayPending();
        }
      },
      error: (error: unknown) => {
        if (this.meetingId !== meetingId || this.state()) return;
        const seen = isNetworkError(error) ? this.lastSeen.kept<MeetingLiveState>(`meeting:${meetingId}`) : null;
        if (seen) this.state.set(seen);
        else this.joinFailure.set(error);
      },
    });
  }

  /**
   * Some changes reach the page only in part: a meeting edit comes as a `status` event (status
   * and version only). It is re-read over HTTP, so the page shows the new details. (Closing a
   * vote is followed by an `agenda` event with the item's new version.)
   */
  private followUp(before: MeetingLiveState, event: MeetingEvent): void {
    const meetingId = this.meetingId;
    if (!meetingId) {
      return;
    }
    if (event.kind === 'status' && event.data.status === before.meeting.status) {
      this.api.get(meetingId).subscribe({
        next: (meeting) =>
          this.state.update((state) =>
            state && state.meeting.version <= meeting.version
              ? {
                  ...state,
                  meeting: {
                    ...state.meeting,
                    title: meeting.title,
                    kind: meeting.kind,
                    place: meeting.place,
                    onlineLink: meeting.onlineLink,
                    startsAt: meeting.startsAt,
                    endsAt: meeting.endsAt,
                    quorumNumerator: meeting.quorumNumerator,
                    quorumDenominator: meeting.quorumDenominator,
                    voteRule: meeting.voteRule,
                    delegatesMayVote: meeting.delegatesMayVote,
                    speakingLimitMinutes: meeting.speakingLimitMinutes,
                  },
                }
              : state,
          ),
        error: () => undefined,
      });
    }
  }

  private retryLater(): void {
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.join();
    }, JOIN_RETRY_MS);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private close(): void {
    this.cancelRetry();
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
    this.subscriptions = [];
    const meetingId = this.meetingId;
    if (meetingId && this.connection() === 'online') {
      this.live.request('meeting:leave', { meetingId }).subscribe({ error: () => undefined });
    }
    this.meetingId = null;
    this.joinAttempt++;
    this.joinInFlight = false;
    this.joined = false;
    this.lastShown = null;
    if (this.shownTimer !== null) clearTimeout(this.shownTimer);
    this.shownTimer = null;
    this.shownToSay = null;
    this.screensState.set(null);
    this.pending = [];
    this.state.set(null);
    this.joinFailure.set(null);
    this.catchingUp.set(false);
  }

  // --- a participant's actions -------------------------------------------------------------

  /**
   * Marks the caller's position on an item; the note goes to the chair and the secretariat only.
   * Without the network it is kept on the device and sent when the connection returns (`queued`).
   */
  setPosition(itemId: string, position: PositionChoice, note: string): Observable<PositionResponse & { queued?: true }> {
    const trimmed = note.trim();
    const meetingId = this.id();
    const baseline = this.myPositions().get(itemId)?.position ?? 'none';
    return this.api.setPosition(meetingId, itemId, { position, ...(trimmed ? { note: trimmed } : {}) }).pipe(
      catchError((error: unknown) => {
        const user = this.auth.user();
        if (!isNetworkError(error) || !user) return throwError(() => error);
        const itemTitle = this.agenda().find((item) => item.id === itemId)?.title ?? '';
        const kept: PositionResponse & { queued: true } = { itemId, userId: user.id, fullName: user.fullName, position, note: trimmed || null, updatedAt: new Date().toISOString(), queued: true };
        return from(this.pendingChanges.addPosition({ meetingId, itemId, itemTitle, position, baseline, ...(trimmed ? { note: trimmed } : {}) })).pipe(map(() => kept));
      }),
      tap((saved) => this.showMyPosition(saved.itemId, saved)),
    );
  }

  requestFloor(itemId: string): Observable<void> {
    return this.api.requestFloor(this.id(), itemId).pipe(map(() => undefined));
  }

  withdrawFloor(itemId: string): Observable<void> {
    return this.api.withdrawFloor(this.id(), itemId).pipe(map(() => undefined));
  }

  /** Casts (or changes) the caller's vote; the choice is the caller's own and kept here. */
  castVote(voteId: string, choice: VoteChoice): Observable<VoteResponse> {
    return this.api.castVote(this.id(), voteId, { choice }).pipe(
      tap((saved) =>
        this.state.update((state) => {
          if (!state) {
            return state;
          }
          const myChoice = saved.myChoice ?? choice;
          return {
            ...state,
            vote: state.vote?.id === voteId ? { ...state.vote, myChoice, voted: true } : state.vote,
            votes: state.votes.map((vote) => (vote.id === voteId ? { ...vote, myChoice, voted: true } : vote)),
          };
        }),
      ),
    );
  }

  // --- the console: agenda -----------------------------------------------------------------

  addItem(request: { parentId: string | null; title: string; summary?: string; presenter?: string; plannedMinutes?: number }): Observable<AgendaItemResponse> {
    return this.api.addItem(this.id(), { ...request, agendaVersion: this.agendaVersion() }).pipe(catchError((error: unknown) => this.onStale<AgendaItemResponse>(error)));
  }

  updateItem(
    item: AgendaItemResponse,
    changes: { title?: string; summary?: string | null; presenter?: string | null; plannedMinutes?: number | null },
  ): Observable<AgendaItemResponse> {
    return this.api.updateItem(this.id(), item.id, { ...changes, version: item.version }).pipe(catchError((error: unknown) => this.onStale<AgendaItemResponse>(error)));
  }

  /**
   * Moves an item under `parentId` (null: top level) at `index` among its new siblings. The
   * agenda shows the move at once; the live event then brings the server's numbering. A refusal
   * puts the previous order back (a stale one: the server's current agenda).
   */
  moveItem(itemId: string, parentId: string | null, index: number): Observable<void> {
    const before = this.state();
    if (before) {
      this.state.set({ ...before, agenda: moveAgendaItem(before.agenda, itemId, parentId, index) });
    }
    const optimistic = this.state()?.agenda;
    return this.api.moveItem(this.id(), itemId, { parentId, index, agendaVersion: this.agendaVersion() }).pipe(
      map(() => undefined),
      catchError((error: unknown) => {
        if (before && this.state()?.agenda === optimistic) {
          this.state.update((state) => (state ? { ...state, agenda: before.agenda } : state));
        }
        return this.onStale<void>(error);
      }),
    );
  }

  setItemStatus(item: AgendaItemResponse, status: Extract<AgendaItemStatus, 'pending' | 'deferred' | 'withdrawn'>): Observable<AgendaItemResponse> {
    return this.api.setItemStatus(this.id(), item.id, { status, version: item.version }).pipe(catchError((error: unknown) => this.onStale<AgendaItemResponse>(error)));
  }

  setCurrentItem(itemId: string | null): Observable<void> {
    return this.api.setCurrentItem(this.id(), itemId).pipe(map(() => undefined));
  }

  /**
   * Records the conclusion of an item, with the item's version as this page knows it now (not as
   * it was when the chair started writing: a vote closing meanwhile bumps it). When the server
   * still refuses it as stale and nobody has concluded the item meanwhile, it is sent once more
   * with the server's version; otherwise the refusal reaches the caller (and the text stays there).
   */
  completeItem(itemId: string, conclusion: string): Observable<AgendaItemResponse> {
    const text = conclusion.trim();
    const send = (version: number) => this.api.completeItem(this.id(), itemId, { conclusion: text, version });
    const known = this.agenda().find((candidate) => candidate.id === itemId);
    if (!known) {
      return throwError(() => new Error(`No agenda item ${itemId}.`));
    }
    return send(known.version).pipe(
      catchError((error: unknown) => {
        const apiError = readApiError(error);
        const details = apiError?.details;
        const fresh = isAgendaConflict(details) ? details.items.find((candidate) => candidate.id === itemId) : undefined;
        if (apiError?.code === MeetingErrorCode.STALE_VERSION && fresh && fresh.status !== 'done' && fresh.conclusion === known.conclusion) {
          return send(fresh.version);
        }
        return throwError(() => error);
      }),
      catchError((error: unknown) => this.onStale<AgendaItemResponse>(error)),
    );
  }

  adoptWithoutDebate(itemIds: readonly string[]): Observable<void> {
    return this.api.adoptWithoutDebate(this.id(), { itemIds: [...itemIds] }).pipe(map(() => undefined));
  }

  /**
   * A stale write (409 `STALE_VERSION`) carries the server's current agenda: show it now (unless a
   * newer one has already arrived live), then let the caller say so.
   */
  private onStale<T>(error: unknown): Observable<T> {
    const apiError = readApiError(error);
    if (apiError?.code === MeetingErrorCode.STALE_VERSION && isAgendaConflict(apiError.details)) {
      const details = apiError.details;
      this.state.update((state) =>
        state && details.agendaVersion >= state.meeting.agendaVersion
          ? { ...state, agenda: details.items, meeting: { ...state.meeting, agendaVersion: details.agendaVersion, itemCount: details.items.length } }
          : state,
      );
      this.agendaRevision++;
    }
    return throwError(() => error);
  }

  // --- the console: session ----------------------------------------------------------------

  changeStatus(status: MeetingStatus): Observable<void> {
    return this.api.changeStatus(this.id(), status).pipe(map(() => undefined));
  }

  setAttendance(userId: string, attendance: AttendanceState): Observable<void> {
    return this.api.setAttendance(this.id(), userId, attendance).pipe(map(() => undefined));
  }

  grantFloor(itemId: string, speakerId?: string): Observable<void> {
    return this.api.grantFloor(this.id(), itemId, speakerId).pipe(map(() => undefined));
  }

  endSpeaker(itemId: string, speakerId: string): Observable<void> {
    return this.api.endSpeaker(this.id(), itemId, speakerId).pipe(map(() => undefined));
  }

  openVoteOn(itemId: string, question: string, secret: boolean): Observable<VoteResponse> {
    return this.api.openVote(this.id(), { itemId, question: question.trim(), secret });
  }

  closeVote(voteId: string): Observable<VoteResponse> {
    return this.api.closeVote(this.id(), voteId);
  }

  private id(): string {
    if (!this.meetingId) {
      throw new Error('MeetingLiveStore.open() has not been called.');
    }
    return this.meetingId;
  }
}

function isAgendaConflict(details: unknown): details is AgendaConflictDetails {
  return (
    typeof details === 'object' &&
    details !== null &&
    typeof (details as { agendaVersion?: unknown }).agendaVersion === 'number' &&
    Array.isArray((details as { items?: unknown }).items)
  );
}
