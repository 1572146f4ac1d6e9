import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { VoteResultResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent } from '@ecabinet/web/shared/ui';

/** A closed vote: adopted or not, the tally, how many agree votes it needed, and who was excluded from the item. */
@Component({
  selector: 'ec-vote-result',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-status-chip [tone]="result().passed ? 'success' : 'danger'" [icon]="result().passed ? 'checkCircle' : 'block'" data-testid="vote-outcome">
      {{ (result().passed ? 'meetings.result.passed' : 'meetings.result.rejected') | t }}
    </ec-status-chip>
    <span class="ec-vote-result__tally">{{ 'meetings.result.tally' | t: counts() }}</span>
    @if (detailed()) {
      <span class="ec-vote-result__needed">{{ 'meetings.result.needed' | t: counts() }}</span>
    }
    @if (result().excluded > 0) {
      <!-- Excluded from the item (conflict of interest): counted apart, never as absent. -->
      <span class="ec-vote-result__needed" data-testid="vote-excluded">{{ 'meetings.result.excluded' | t: { n: result().excluded } }}</span>
      @if (detailed() && result().quorum; as quorum) {
        <span class="ec-vote-result__needed" data-testid="vote-item-quorum">{{ 'meetings.result.itemQuorum' | t: { present: quorum.present, members: quorum.members, required: quorum.required, excluded: quorum.excluded ?? 0 } }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      font: var(--mat-sys-body-medium);
    }
    .ec-vote-result__needed {
      flex-basis: 100%;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class VoteResultComponent {
  readonly result = input.required<VoteResultResponse>();
  /** Adds the line "Cần 6 phiếu tán thành; 9 người có quyền biểu quyết". */
  readonly detailed = input(false);
  protected readonly counts = computed(() => {
    const { agree, disagree, abstain, eligible, needed } = this.result();
    return { agree, disagree, abstain, eligible, needed };
  });
}
