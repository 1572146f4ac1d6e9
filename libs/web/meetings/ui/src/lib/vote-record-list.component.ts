import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type AgendaItemResponse, type ParticipantResponse, VOTE_CHOICES, type VoteChoice, type VoteResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent } from '@ecabinet/web/shared/ui';
import { VoteResultComponent } from './vote-result.component';

interface VoteRecord {
  readonly vote: VoteResponse;
  readonly order: number;
  readonly itemNumber: string | null;
  /** Named votes, once closed: who chose what, by choice. */
  readonly byChoice: readonly { readonly choice: VoteChoice; readonly names: string }[] | null;
}

/**
 * Every vote of an item (or of the meeting), in the order they were held: the question, named or
 * secret, the tally and the outcome, and for a named vote who chose what. An item voted on twice
 * shows both: a later vote never hides an earlier one.
 */
@Component({
  selector: 'ec-vote-record-list',
  imports: [StatusChipComponent, VoteResultComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="ec-vote-records" data-testid="vote-records">
      @for (record of records(); track record.vote.id) {
        <li class="ec-vote-record" data-testid="vote-record">
          <div class="ec-vote-record__head">
            <span class="ec-vote-record__order">{{ 'meetings.votes.nth' | t: { n: record.order } }}</span>
            @if (record.itemNumber) {
              <span class="ec-vote-record__item">{{ 'meetings.votes.onItem' | t: { number: record.itemNumber } }}</span>
            }
            <ec-status-chip [tone]="record.vote.secret ? 'warning' : 'info'" [icon]="record.vote.secret ? 'visibilityOff' : 'visibility'">
              {{ (record.vote.secret ? 'meetings.room.secret' : 'meetings.room.named') | t }}
            </ec-status-chip>
            @if (record.vote.status === 'open') {
              <ec-status-chip tone="success" icon="vote">{{ 'meetings.votes.open' | t }}</ec-status-chip>
            }
          </div>
          <p class="ec-vote-record__question">{{ record.vote.question }}</p>
          @if (record.vote.result; as result) {
            <ec-vote-result [result]="result" />
          } @else {
            <p class="ec-vote-record__line">{{ 'meetings.room.voted' | t: { n: record.vote.votedCount, total: record.vote.eligible } }}</p>
          }
          @if (record.byChoice; as groups) {
            <dl class="ec-vote-record__ballots">
              @for (group of groups; track group.choice) {
                <div>
                  <dt>{{ choiceKey(group.choice) | t }}:&#32;</dt>
                  <dd>{{ group.names || ('common.none' | t) }}</dd>
                </div>
              }
            </dl>
          } @else if (record.vote.secret && record.vote.status === 'closed') {
            <p class="ec-vote-record__line">{{ 'meetings.votes.secretNote' | t }}</p>
          }
          @if (record.vote.myChoice; as mine) {
            <p class="ec-vote-record__line">{{ 'meetings.room.yourChoice' | t: { choice: (choiceKey(mine) | t) } }}</p>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .ec-vote-records {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-vote-record {
      display: grid;
      gap: 4px;
      padding: 8px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-vote-record:first-child {
      border-top: 0;
      padding-top: 0;
    }
    .ec-vote-record__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .ec-vote-record__order {
      font: var(--mat-sys-label-large);
    }
    .ec-vote-record__item,
    .ec-vote-record__line {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-vote-record__question,
    .ec-vote-record__line {
      margin: 0;
    }
    .ec-vote-record__question {
      font: var(--mat-sys-body-medium);
      font-weight: 600;
    }
    .ec-vote-record__ballots {
      margin: 0;
      font: var(--mat-sys-body-small);
    }
    .ec-vote-record__ballots div {
      display: flex;
      flex-wrap: wrap;
      gap: 0 6px;
    }
    .ec-vote-record__ballots dt {
      font-weight: 600;
    }
    .ec-vote-record__ballots dd {
      margin: 0;
    }
  `,
})
export class VoteRecordListComponent {
  /** Oldest first. */
  readonly votes = input.required<readonly VoteResponse[]>();
  /** To name who voted how in a named vote. */
  readonly participants = input<readonly ParticipantResponse[]>([]);
  /** Given when the list spans items: each vote then says which item it was on. */
  readonly agenda = input<readonly AgendaItemResponse[] | null>(null);

  protected readonly records = computed<readonly VoteRecord[]>(() => {
    const names = new Map(this.participants().map((participant) => [participant.userId, participant.fullName]));
    const numbers = new Map((this.agenda() ?? []).map((item) => [item.id, item.number]));
    const counted = new Map<string, number>();
    return this.votes().map((vote) => {
      const order = (counted.get(vote.itemId) ?? 0) + 1;
      counted.set(vote.itemId, order);
      const ballots = vote.ballots;
      return {
        vote,
        order,
        itemNumber: this.agenda() ? (numbers.get(vote.itemId) ?? null) : null,
        byChoice: ballots
          ? VOTE_CHOICES.map((choice) => ({
              choice,
              names: ballots
                .filter((ballot) => ballot.choice === choice)
                .map((ballot) => names.get(ballot.userId) ?? '')
                .filter(Boolean)
                .join(', '),
            }))
          : null,
      };
    });
  });

  protected choiceKey(choice: VoteChoice) {
    return `meetings.choice.${choice}` as const;
  }
}
