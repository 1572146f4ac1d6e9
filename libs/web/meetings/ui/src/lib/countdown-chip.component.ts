import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';
import { formatClock } from './clock-format';

/** In the last minute of the planned time the chip turns amber, after it red. */
const WARN_BEFORE_MS = 60_000;

/**
 * Time left of an item's planned minutes since it came up ("Còn 12:05"), then time over
 * ("Quá 01:30"). `now` is the server-adjusted clock, so every screen counts alike.
 */
@Component({
  selector: 'ec-countdown-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-status-chip [tone]="view().tone" icon="timer" [attr.title]="'meetings.countdown.planned' | t: { n: plannedMinutes() }">
      <span class="ec-visually-hidden">{{ 'meetings.countdown.label' | t }}:</span>
      {{ (view().over ? 'meetings.countdown.over' : 'meetings.countdown.left') | t: { time: view().time } }}
    </ec-status-chip>
  `,
  styles: `
    :host ::ng-deep .ec-status-chip__label {
      font-variant-numeric: tabular-nums;
    }
  `,
})
export class CountdownChipComponent {
  readonly startedAt = input.required<string>();
  readonly plannedMinutes = input.required<number>();
  readonly now = input.required<number>();

  protected readonly view = computed(() => {
    const leftMs = Date.parse(this.startedAt()) + this.plannedMinutes() * 60_000 - this.now();
    const over = leftMs < 0;
    const tone: StatusTone = over ? 'danger' : leftMs <= WARN_BEFORE_MS ? 'warning' : 'neutral';
    return { over, tone, time: formatClock(Math.abs(leftMs)) };
  });
}
