import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { MeetingSummaryResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { MeetingStatusChipComponent, MeetingWhenPipe } from '@ecabinet/web/meetings/ui';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { MeetingListStore } from '../meeting-list.store';

const SCOPES = ['upcoming', 'past'] as const;

/** The meetings a user takes part in (the secretariat: all of them), upcoming and past. */
@Component({
  selector: 'ec-meeting-list-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatProgressBarModule,
    MatTabsModule,
    EmptyStateComponent,
    IconComponent,
    PageHeaderComponent,
    MeetingStatusChipComponent,
    MeetingWhenPipe,
    TranslatePipe,
  ],
  providers: [MeetingListStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meeting-list-page.component.html',
  styleUrl: './meeting-list-page.component.scss',
})
export class MeetingListPageComponent implements OnInit {
  /** `?scope=past`: the statistics link to the sessions behind their figures. */
  readonly scope = input<string | undefined>(undefined);

  protected readonly store = inject(MeetingListStore);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(TranslationService);

  protected readonly scopes = SCOPES;
  protected readonly loadErrorMessage = computed(() => (this.store.loadError() ? this.i18n.describeError(this.store.loadError()) : null));
  /** The secretariat sees every meeting, drafts included, and creates new ones. */
  protected readonly secretariat = computed(() => this.auth.roles().includes('secretary'));

  ngOnInit(): void {
    if (this.scope() === 'past') this.store.show('past');
  }

  protected showScope(index: number): void {
    this.store.show(SCOPES[index] ?? 'upcoming');
  }

  /** The chair and the secretariat run a meeting from its console. */
  protected runs(meeting: MeetingSummaryResponse): boolean {
    return this.secretariat() || meeting.myRole === 'chair' || meeting.myRole === 'secretary';
  }

  protected roleKey(meeting: MeetingSummaryResponse) {
    return meeting.myRole ? (`meetings.role.${meeting.myRole}` as const) : null;
  }

  protected kindKey(meeting: MeetingSummaryResponse) {
    return `meetings.kind.${meeting.kind}` as const;
  }

  /** The calendar leaf beside each meeting, on the Government's clock: weekday, day of month, "11/2026". */
  protected readonly leaves = computed(() => {
    const weekday = this.i18n.dateTimeFormat({ weekday: 'short' });
    const two = (value: number) => String(value).padStart(2, '0');
    return new Map(
      this.store.meetings().map((meeting) => {
        const date = new Date(meeting.startsAt);
        const { year, month, day } = this.i18n.zonedParts(date);
        return [meeting.id, { weekday: weekday.format(date), day: two(day), month: `${two(month)}/${year}` }];
      }),
    );
  });
}
