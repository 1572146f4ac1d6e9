import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { BallotResponse } from '@ecabinet/shared/contracts';
import { type BallotBox, BallotsApi } from '@ecabinet/web/ballots/data-access';
import { BallotStatusChipComponent, DeadlineChipComponent } from '@ecabinet/web/ballots/ui';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { DateTimePipe, type TranslationKey, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { EMPTY, Subject, catchError, finalize, startWith, switchMap } from 'rxjs';
import { tickingClock } from '../ticking-clock';

type MemberBox = Exclude<BallotBox, 'all'>;

const TABS: readonly { box: MemberBox; label: TranslationKey; empty: TranslationKey }[] = [
  { box: 'to-answer', label: 'ballots.tabToAnswer', empty: 'ballots.emptyToAnswer' },
  { box: 'answered', label: 'ballots.tabAnswered', empty: 'ballots.emptyAnswered' },
  { box: 'closed', label: 'ballots.tabClosed', empty: 'ballots.emptyClosed' },
];

/** "Phiếu của tôi": the ballots sent to the member, to answer (with countdown), answered, closed. */
@Component({
  selector: 'ec-my-ballots-page',
  imports: [
    RouterLink,
    MatTabsModule,
    MatButtonModule,
    MatProgressBarModule,
    PageHeaderComponent,
    EmptyStateComponent,
    IconComponent,
    StatusChipComponent,
    BallotStatusChipComponent,
    DeadlineChipComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './my-ballots-page.component.html',
  styleUrl: './my-ballots-page.component.scss',
})
export class MyBallotsPageComponent {
  private readonly api = inject(BallotsApi);
  private readonly i18n = inject(TranslationService);
  private readonly reloads = new Subject<void>();

  protected readonly tabs = TABS;
  protected readonly selected = signal(0);
  protected readonly ballots = signal<readonly BallotResponse[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.error() ? this.i18n.describeError(this.error()) : null));
  protected readonly now = tickingClock();

  constructor() {
    this.reloads
      .pipe(
        startWith(undefined),
        switchMap(() => {
          this.loading.set(true);
          this.error.set(null);
          return this.api.list(TABS[this.selected()].box).pipe(
            catchError((error: unknown) => {
              this.error.set(error);
              return EMPTY;
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((ballots) => this.ballots.set(ballots));

    // A ballot issued, extended, reminded or closed: the lists change.
    inject(LiveSocket)
      .on('ballot:notice')
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reload());
  }

  protected selectTab(index: number): void {
    this.selected.set(index);
    this.ballots.set([]);
    this.reload();
  }

  protected reload(): void {
    this.reloads.next();
  }
}
