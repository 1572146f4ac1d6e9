import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BallotStatus } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { ballotStatusKey } from './ballot-labels';
import { type IconName, StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';

const LOOK: Readonly<Record<BallotStatus, { tone: StatusTone; icon: IconName }>> = {
  draft: { tone: 'neutral', icon: 'edit' },
  pending_approval: { tone: 'warning', icon: 'history' },
  approved: { tone: 'info', icon: 'checkCircle' },
  open: { tone: 'success', icon: 'ballot' },
  closed: { tone: 'neutral', icon: 'block' },
};

@Component({
  selector: 'ec-ballot-status-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ec-status-chip [tone]="look().tone" [icon]="look().icon" data-testid="ballot-status">{{ label() | t }}</ec-status-chip>`,
})
export class BallotStatusChipComponent {
  readonly status = input.required<BallotStatus>();
  protected readonly look = computed(() => LOOK[this.status()]);
  protected readonly label = computed(() => ballotStatusKey(this.status()));
}
