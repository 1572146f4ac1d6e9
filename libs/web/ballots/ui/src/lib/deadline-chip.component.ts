import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent } from '@ecabinet/web/shared/ui';
import { deadlineState, deadlineTone } from './deadline';

/** Time left before a ballot's deadline: calm when far, amber within a day, red when overdue. */
@Component({
  selector: 'ec-deadline-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = state();
    <ec-status-chip [tone]="tone()" [icon]="s.overdue ? 'warning' : 'history'" data-testid="deadline-chip">
      @if (s.overdue) {
        {{ 'ballots.overdue' | t }}
      } @else if (s.days > 0) {
        {{ 'ballots.remainingDays' | t: { d: s.days, h: s.hours } }}
      } @else if (s.hours > 0) {
        {{ 'ballots.remainingHours' | t: { h: s.hours, m: s.minutes } }}
      } @else {
        {{ 'ballots.remainingMinutes' | t: { m: s.minutes } }}
      }
    </ec-status-chip>
  `,
})
export class DeadlineChipComponent {
  readonly deadline = input.required<string>();
  /** The current time in ms; the page ticks it so every chip moves together. */
  readonly now = input.required<number>();

  protected readonly state = computed(() => deadlineState(this.deadline(), this.now()));
  protected readonly tone = computed(() => deadlineTone(this.state()));
}
