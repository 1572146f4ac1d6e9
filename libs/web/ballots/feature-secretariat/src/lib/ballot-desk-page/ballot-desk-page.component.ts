import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { BallotResponse, BallotStatus } from '@ecabinet/shared/contracts';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { BallotStatusChipComponent } from '@ecabinet/web/ballots/ui';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { DateTimePipe, type TranslationKey, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { EMPTY, Subject, catchError, finalize, startWith, switchMap } from 'rxjs';

interface DeskTab {
  readonly label: TranslationKey;
  readonly statuses: readonly BallotStatus[] | null;
}

const TABS: readonly DeskTab[] = [
  { label: 'ballots.tabQueue', statuses: ['pending_approval'] },
  { label: 'ballots.tabDrafts', statuses: ['draft', 'approved'] },
  { label: 'ballots.tabOpen', statuses: ['open'] },
  { label: 'ballots.tabAll', statuses: null },
];

/** Every ballot for the secretariat and the chair; the chair starts on the approval queue. */
@Component({
  selector: 'ec-ballot-desk-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatTabsModule,
    MatProgressBarModule,
    PageHeaderComponent,
    EmptyStateComponent,
    IconComponent,
    BallotStatusChipComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ballot-desk-page.component.html',
  styleUrl: './ballot-desk-page.component.scss',
})
export class BallotDeskPageComponent {
  private readonly api = inject(BallotsApi);
  private readonly i18n = inject(TranslationService);
  private readonly auth = inject(AuthStore);
  private readonly reloads = new Subject<void>();

  protected readonly tabs = TABS;
  protected readonly isSecretary = computed(() => this.auth.hasAnyRole(['secretary']));
  protected readonly selected = signal(this.auth.hasAnyRole(['secretary']) ? TABS.length - 1 : 0);
  protected readonly all = signal<readonly BallotResponse[]>([]);
  protected readonly loading = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.error() ? this.i18n.describeError(this.error()) : null));
  protected readonly shown = computed(() => {
    const statuses = TABS[this.selected()].statuses;
    return statuses ? this.all().filter((ballot) => statuses.includes(ballot.status)) : this.all();
  });
  protected readonly counts = computed(() => TABS.map((tab) => (tab.statuses ? this.all().filter((b) => tab.statuses?.includes(b.status)).length : this.all().length)));

  constructor() {
    this.reloads
      .pipe(
        startWith(undefined),
        switchMap(() => {
          this.loading.set(true);
          this.error.set(null);
          return this.api.list('all').pipe(
            catchError((error: unknown) => {
              this.error.set(error);
              return EMPTY;
            }),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((ballots) => this.all.set(ballots));

    inject(LiveSocket)
      .on('ballot:notice')
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reload());
  }

  protected reload(): void {
    this.reloads.next();
  }
}
