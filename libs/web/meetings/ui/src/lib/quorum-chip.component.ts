import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { QuorumResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent } from '@ecabinet/web/shared/ui';

/** "Đủ túc số: 8/10" or "Chưa đủ túc số: 5/10, cần 7": quorum in words, live. */
@Component({
  selector: 'ec-quorum-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-status-chip [tone]="quorum().reached ? 'success' : 'warning'" [icon]="quorum().reached ? 'checkCircle' : 'group'" data-testid="quorum">
      {{ (quorum().reached ? 'meetings.quorum.reached' : 'meetings.quorum.notReached') | t: counts() }}
    </ec-status-chip>
  `,
})
export class QuorumChipComponent {
  readonly quorum = input.required<QuorumResponse>();
  protected readonly counts = computed(() => {
    const { present, members, required } = this.quorum();
    return { present, members, required };
  });
}
