import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { type IconName, StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';

/** How far a meeting page can trust what it shows (the store's `MeetingSyncStatus`). */
export type MeetingLiveIndicatorState = 'loading' | 'live' | 'syncing' | 'offline' | 'error';

const VIEWS: Readonly<Record<MeetingLiveIndicatorState, { tone: StatusTone; icon: IconName; label: TranslationKey }>> = {
  loading: { tone: 'neutral', icon: 'sync', label: 'meetings.live.loading' },
  live: { tone: 'success', icon: 'live', label: 'meetings.live.live' },
  syncing: { tone: 'info', icon: 'sync', label: 'meetings.live.syncing' },
  offline: { tone: 'danger', icon: 'cloudOff', label: 'meetings.live.offline' },
  error: { tone: 'danger', icon: 'error', label: 'meetings.live.error' },
};

/**
 * Whether the meeting on screen is live, catching up or possibly out of date, in words; a
 * change is announced politely to screen readers.
 */
@Component({
  selector: 'ec-meeting-live-indicator',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-live': 'polite', '[attr.data-state]': 'state()' },
  template: `
    <span class="ec-visually-hidden">{{ 'meetings.live.label' | t }}:</span>
    <ec-status-chip [tone]="view().tone" [icon]="view().icon">{{ view().label | t }}</ec-status-chip>
  `,
  styles: `
    :host {
      display: inline-flex;
      max-width: 100%;
    }
    :host ::ng-deep .ec-status-chip__label {
      white-space: normal;
    }
  `,
})
export class MeetingLiveIndicatorComponent {
  readonly state = input.required<MeetingLiveIndicatorState>();
  protected readonly view = computed(() => VIEWS[this.state()]);
}
