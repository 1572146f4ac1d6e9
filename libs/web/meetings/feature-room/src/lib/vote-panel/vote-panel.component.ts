import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { type AgendaItemResponse, VOTE_CHOICES, type VoteChoice, type VoteResponse } from '@ecabinet/shared/contracts';
import { VoteResultComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, type IconName, StatusChipComponent } from '@ecabinet/web/shared/ui';

const CHOICE_ICONS: Readonly<Record<VoteChoice, IconName>> = { agree: 'check', disagree: 'close', abstain: 'block' };

/** The vote in progress (or just closed): the question, how many have voted, the member's choice. */
@Component({
  selector: 'ec-vote-panel',
  imports: [MatButtonModule, MatProgressBarModule, VoteResultComponent, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './vote-panel.component.html',
  styleUrl: './vote-panel.component.scss',
})
export class VotePanelComponent {
  readonly vote = input.required<VoteResponse>();
  readonly item = input<AgendaItemResponse | null>(null);
  /** Members, the chair and delegates vote; others follow. */
  readonly canVote = input(false);
  /** The caller is excluded from the vote's item (conflict of interest): a notice instead of the choices. */
  readonly excluded = input(false);
  readonly busy = input(false);
  readonly cast = output<VoteChoice>();

  protected readonly choices = VOTE_CHOICES;
  protected readonly icons = CHOICE_ICONS;
  protected readonly progress = computed(() => {
    const { votedCount, eligible } = this.vote();
    return eligible > 0 ? Math.min(100, (votedCount / eligible) * 100) : 0;
  });
  protected readonly myChoiceKey = computed(() => {
    const choice = this.vote().myChoice;
    return choice ? (`meetings.choice.${choice}` as const) : null;
  });

  protected choiceKey(choice: VoteChoice) {
    return `meetings.choice.${choice}` as const;
  }
}
