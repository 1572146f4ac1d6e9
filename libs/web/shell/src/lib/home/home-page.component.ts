import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { BallotResponse, MeetingSummaryResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { DeadlineChipComponent } from '@ecabinet/web/ballots/ui';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { NotificationsStore } from '@ecabinet/web/notifications/data-access';
import { MeetingStatusChipComponent, MeetingWhenPipe } from '@ecabinet/web/meetings/ui';
import { PapersApi } from '@ecabinet/web/papers/data-access';
import { RoleLabelPipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { type Observable, catchError, distinctUntilChanged, forkJoin, map, of, shareReplay, startWith, switchMap } from 'rxjs';

/** A panel's data as it arrives: loading, the rows, or the reason it failed (in the user's language). */
type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly rows: readonly T[] } | { readonly state: 'error'; readonly message: string };

/** A paper of an upcoming meeting that the signed-in user has not read in its current version. */
interface UnreadPaper {
  readonly paper: PaperResponse;
  readonly meeting: MeetingSummaryResponse;
}

/** How many upcoming meetings the panel lists (and whose papers are looked at). */
export const HOME_MEETINGS = 4;
/** How many ballots and papers each panel lists before "see all". */
export const HOME_ROWS = 5;
const TICK_MS = 30_000;
const LOADING = { state: 'loading' } as const;

/**
 * The signed-in landing page: the next meetings (a live one first), the ballots awaiting the
 * user's answer (the secretariat and the chair: the open ballots they follow) with the time
 * left, and the papers of upcoming meetings not yet read in their current version.
 */
@Component({
  selector: 'ec-home-page',
  imports: [
    RouterLink,
    EmptyStateComponent,
    IconComponent,
    StatusChipComponent,
    MeetingStatusChipComponent,
    DeadlineChipComponent,
    MeetingWhenPipe,
    TranslatePipe,
    RoleLabelPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './home-page.component.html',
  styleUrl: './home-page.component.scss',
})
export class HomePageComponent {
  private readonly i18n = inject(TranslationService);
  private readonly meetingsApi = inject(MeetingsApi);
  private readonly ballotsApi = inject(BallotsApi);
  private readonly papersApi = inject(PapersApi);

  protected readonly user = inject(AuthStore).user;
  /** The secretariat and the chair follow every open ballot; members see what awaits their answer. */
  protected readonly followsBallots = computed(() => (this.user()?.roles ?? []).some((role) => role === 'secretary' || role === 'chair'));
  /** Where a ballot opens for this user: the desk for those who follow, the answer page for members. */
  protected readonly ballotLink = computed(() => (this.followsBallots() ? '/ballot-desk' : '/ballots'));

  private readonly notifications = inject(NotificationsStore);
  /**
   * Each new notification (a meeting published or moved, a ballot issued, a paper added) reloads
   * the panels, so a home page left open does not go stale; the first load happens at once.
   */
  private readonly refresh$ = toObservable(computed(() => this.notifications.items()[0]?.id ?? null)).pipe(distinctUntilChanged());

  private readonly upcoming$ = this.refresh$.pipe(
    switchMap(() =>
      this.loaded(
        this.meetingsApi
          .list('upcoming')
          // A meeting in session comes first, then by start time (the API's order).
          .pipe(map((meetings) => [...meetings].sort((a, b) => Number(b.status === 'in_session') - Number(a.status === 'in_session')).slice(0, HOME_MEETINGS))),
      ),
    ),
    shareReplay({ bufferSize: 1, refCount: false }),
  );

  protected readonly meetings = toSignal(this.upcoming$.pipe(startWith(LOADING)), { requireSync: true });

  protected readonly ballots = toSignal(
    this.refresh$.pipe(
      switchMap(() =>
        this.loaded(this.ballotsApi.list(this.followsBallots() ? 'all' : 'to-answer').pipe(map((ballots) => ballots.filter((ballot) => ballot.status === 'open').slice(0, HOME_ROWS)))),
      ),
      startWith(LOADING),
    ),
    { requireSync: true },
  );

  protected readonly papers = toSignal(
    this.upcoming$.pipe(
      switchMap((upcoming): Observable<Loaded<UnreadPaper>> => {
        if (upcoming.state !== 'ready') return of(upcoming);
        if (upcoming.rows.length === 0) return of({ state: 'ready', rows: [] });
        return this.loaded(
          forkJoin(
            upcoming.rows.map((meeting) =>
              this.papersApi.list(meeting.id).pipe(
                map((papers) => papers.filter((paper) => paper.myLastReadVersion === null || paper.changedSinceRead).map((paper) => ({ paper, meeting }))),
              ),
            ),
          ).pipe(map((lists) => lists.flat().sort((a, b) => b.paper.updatedAt.localeCompare(a.paper.updatedAt)))),
        );
      }),
      startWith(LOADING),
    ),
    { requireSync: true },
  );

  /** The papers panel lists a few; the rest are counted. */
  protected readonly papersShown = computed(() => {
    const papers = this.papers();
    return papers.state === 'ready' ? papers.rows.slice(0, HOME_ROWS) : [];
  });
  protected readonly papersMore = computed(() => {
    const papers = this.papers();
    return papers.state === 'ready' ? Math.max(0, papers.rows.length - HOME_ROWS) : 0;
  });

  /** The clock the deadline chips count down from, moved every half minute. */
  protected readonly now = signal(Date.now());

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected answeredOf(ballot: BallotResponse): { answered: number; total: number } {
    return { answered: ballot.answeredCount, total: ballot.recipientCount };
  }

  /** The rows, or why they could not be loaded (in the user's language); never an error that ends the stream. */
  private loaded<T>(source: Observable<readonly T[]>): Observable<Loaded<T>> {
    return source.pipe(
      map((rows): Loaded<T> => ({ state: 'ready', rows })),
      catchError((error: unknown) => of<Loaded<T>>({ state: 'error', message: this.i18n.describeError(error) })),
    );
  }
}
