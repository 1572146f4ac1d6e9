import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BallotQuestion, QuestionTally, SilenceRule } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { StatusChipComponent } from '@ecabinet/web/shared/ui';
import { opinionChoiceKey, silenceRuleKey } from './ballot-labels';

/**
 * Per question: the counts, how silence was counted, what was needed, and the outcome; while the
 * ballot is open, the answers received, those not yet answered, and a projection said as such.
 */
@Component({
  selector: 'ec-tally-table',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (!final()) {
      <p class="ec-tally__open" data-testid="tally-open-note">{{ 'ballots.tallyOpenNote' | t }}</p>
    }
    <div class="ec-table-scroll">
      <table class="ec-tally" [attr.aria-label]="'ballots.tally' | t">
        <thead>
          <tr>
            <th scope="col">{{ 'ballots.questions' | t }}</th>
            <th scope="col" class="num">{{ 'ballots.tallyAgree' | t }}</th>
            <th scope="col" class="num">{{ 'ballots.tallyDisagree' | t }}</th>
            <th scope="col" class="num">{{ 'ballots.tallyOther' | t }}</th>
            <th scope="col" class="num">{{ (final() ? 'ballots.tallySilent' : 'ballots.tallyNotYet') | t }}</th>
            <th scope="col">{{ 'ballots.tally' | t }}</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track row.question.id) {
            <tr [attr.data-question]="row.question.number">
              <th scope="row">
                <span class="ec-tally__n">{{ 'ballots.questionN' | t: { n: row.question.number } }}</span>
                <span class="ec-tally__text">{{ row.question.text }}</span>
                @if (!final()) {
                  <span class="ec-tally__note" data-testid="received">{{ 'ballots.tallyReceived' | t: { agree: row.tally.agree, silent: row.tally.silent } }}</span>
                }
              </th>
              @if (final()) {
                <td class="num" data-testid="agree">
                  {{ row.tally.agreeTotal }}
                  @if (row.tally.silentCountedAsAgree > 0) {
                    <span class="ec-tally__note">{{ 'ballots.tallySilentAsAgree' | t: { n: row.tally.silentCountedAsAgree } }}</span>
                  }
                </td>
              } @else {
                <!-- While open, only answers received: silence is applied at closing, never before. -->
                <td class="num" data-testid="agree">{{ row.tally.agree }}</td>
              }
              <td class="num">{{ row.tally.disagree }}</td>
              <td class="num">{{ row.tally.other }}</td>
              <td class="num" data-testid="silent">{{ row.tally.silent }}</td>
              <td>
                @if (final()) {
                  @if (row.tally.passed) {
                    <ec-status-chip tone="success" icon="checkCircle" data-testid="outcome">{{ 'ballots.passed' | t }}</ec-status-chip>
                  } @else {
                    <ec-status-chip tone="danger" icon="block" data-testid="outcome">{{ 'ballots.notPassed' | t }}</ec-status-chip>
                  }
                } @else {
                  <span class="ec-tally__projected" data-testid="outcome">{{ 'ballots.tallyProjected' | t: { outcome: ((row.tally.passed ? 'ballots.passed' : 'ballots.notPassed') | t) } }}</span>
                  @if (row.tally.silentCountedAsAgree > 0) {
                    <span class="ec-tally__note">{{ 'ballots.tallyProjectedSilentAsAgree' | t: { n: row.tally.silentCountedAsAgree } }}</span>
                  }
                }
                <span class="ec-tally__note">{{ 'ballots.tallyNeeded' | t: { n: row.tally.needed, total: row.tally.recipients } }}</span>
                @if (row.tally.tie) {
                  <span class="ec-tally__note">
                    @if (row.tally.chairChoice; as choice) {
                      {{ 'ballots.tallyTie' | t: { choice: (choiceKey(choice) | t) } }}
                    } @else {
                      {{ 'ballots.tallyTieNoChair' | t }}
                    }
                  </span>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <p class="ec-tally__rule">{{ silenceKey(silenceRule()) | t }} {{ 'ballots.passRule' | t }}</p>
  `,
  styles: `
    .ec-tally {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    th,
    td {
      padding: 8px;
      text-align: start;
      vertical-align: top;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    thead th {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    tbody th {
      min-width: 12em;
      font-weight: normal;
    }
    .num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    td.num {
      white-space: nowrap;
    }
    td:last-child {
      min-width: 8em;
    }
    .ec-tally__n {
      display: block;
      font: var(--mat-sys-title-small);
    }
    .ec-tally__text {
      display: block;
    }
    .ec-tally__note {
      display: block;
      max-width: 14em;
      margin-top: 2px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: normal;
    }
    .ec-tally__open {
      margin: 0 0 8px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-tally__projected {
      display: block;
      max-width: 14em;
      font: var(--mat-sys-label-large);
    }
    .ec-tally__rule {
      margin: 12px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class TallyTableComponent {
  readonly questions = input.required<readonly BallotQuestion[]>();
  readonly tally = input.required<readonly QuestionTally[]>();
  readonly silenceRule = input.required<SilenceRule>();
  /**
   * False while the ballot is open: the table then keeps answers received and silence apart,
   * and the outcome is only what would happen if nobody else answered.
   */
  readonly final = input.required<boolean>();

  protected readonly choiceKey = opinionChoiceKey;
  protected readonly silenceKey = silenceRuleKey;

  protected readonly rows = computed(() => {
    const byId = new Map(this.tally().map((tally) => [tally.questionId, tally]));
    return this.questions().flatMap((question) => {
      const tally = byId.get(question.id);
      return tally ? [{ question, tally }] : [];
    });
  });
}
