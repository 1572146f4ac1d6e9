import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MeetingResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { type MeetingLiveIndicatorState, MeetingLiveIndicatorComponent } from './live-indicator.component';
import { MeetingStatusChipComponent } from './meeting-status-chip.component';
import { MeetingWhenPipe } from './meeting-when.pipe';
import { QuorumChipComponent } from './quorum-chip.component';

/**
 * The top of a meeting page (room and console): the page's `<h1>`, status, when and where,
 * quorum and whether the page is live. Page actions are projected on the right.
 */
@Component({
  selector: 'ec-meeting-header',
  imports: [IconComponent, MeetingLiveIndicatorComponent, MeetingStatusChipComponent, MeetingWhenPipe, QuorumChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ec-meeting-header__text">
      @if (eyebrow()) {
        <p class="ec-meeting-header__eyebrow">{{ eyebrow() }}</p>
      }
      <h1 class="ec-meeting-header__title">{{ meeting().title }}</h1>
      <p class="ec-meeting-header__facts">
        <span><ec-icon name="schedule" />{{ meeting().startsAt | meetingWhen: meeting().endsAt }}</span>
        @if (meeting().place) {
          <span><ec-icon name="place" />{{ meeting().place }}</span>
        }
        <span>{{ kindKey() | t }}</span>
      </p>
      <div class="ec-meeting-header__chips">
        <ec-meeting-status-chip [status]="meeting().status" />
        <ec-quorum-chip [quorum]="meeting().quorum" />
        <ec-meeting-live-indicator [state]="liveState()" />
      </div>
    </div>
    <div class="ec-meeting-header__actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: 8px 16px;
      margin-bottom: 16px;
    }
    .ec-meeting-header__text {
      flex: 1 1 480px;
      min-width: 0;
    }
    .ec-meeting-header__eyebrow {
      margin: 0 0 2px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-primary);
    }
    .ec-meeting-header__title {
      margin: 0;
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-on-surface);
    }
    .ec-meeting-header__facts {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 16px;
      margin: 6px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      --ec-icon-size: 18px;
    }
    .ec-meeting-header__facts span {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    .ec-meeting-header__chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 8px;
      margin-top: 10px;
    }
    .ec-meeting-header__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .ec-meeting-header__actions:empty {
      display: none;
    }
  `,
})
export class MeetingHeaderComponent {
  readonly meeting = input.required<MeetingResponse>();
  readonly liveState = input.required<MeetingLiveIndicatorState>();
  /** A short line above the title, e.g. "Điều hành phiên họp". */
  readonly eyebrow = input('');
  protected readonly kindKey = computed(() => `meetings.kind.${this.meeting().kind}` as const);
}
