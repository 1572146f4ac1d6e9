import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaItemResponse, MeetingStatus } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

/**
 * Items that are done without a conclusion: a vote closed on an item and the session moved on
 * before the chair's conclusion was recorded. The minutes need one, so the chair or the
 * secretariat records it here (the conclusion dialog, with its draft kept), not only on the
 * item under discussion. Items adopted without debate need none and are not listed.
 */
@Component({
  selector: 'ec-pending-conclusions',
  imports: [MatButtonModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (pending().length > 0) {
      <section class="ec-card ec-pending" aria-labelledby="ec-pending-heading" data-testid="pending-conclusions">
        <h2 id="ec-pending-heading" class="ec-card__title">{{ 'meetings.console.pendingConclusions.title' | t }}</h2>
        <p class="ec-pending__intro">{{ 'meetings.console.pendingConclusions.intro' | t }}</p>
        @if (!inSession()) {
          <p class="ec-pending__reason" data-testid="pending-conclusions-reason">
            <ec-icon name="info" /><span>{{ 'meetings.console.pendingConclusions.notInSession' | t }}</span>
          </p>
        }
        <ul class="ec-pending__list">
          @for (item of pending(); track item.id) {
            <li [attr.data-pending-item]="item.id">
              <span class="ec-pending__title"><span class="ec-pending__number">{{ item.number }}.</span> {{ item.title }}</span>
              @if (item.voteResult; as result) {
                <ec-status-chip [tone]="result.passed ? 'success' : 'danger'" icon="vote">
                  {{ 'meetings.console.pendingConclusions.voted' | t }}: {{ (result.passed ? 'meetings.result.passed' : 'meetings.result.rejected') | t }}
                </ec-status-chip>
              }
              <button
                mat-stroked-button
                type="button"
                [disabled]="busy() || !inSession()"
                [attr.aria-label]="'meetings.console.pendingConclusions.recordNamed' | t: { number: item.number }"
                (click)="record.emit(item)"
              >
                <ec-icon name="edit" />{{ 'meetings.console.pendingConclusions.record' | t }}
              </button>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    /* Nothing pending, nothing in the console's side column (not even its gap). */
    :host {
      display: contents;
    }
    .ec-pending__intro,
    .ec-pending__reason {
      margin: 0 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-pending__reason {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .ec-pending__list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-pending__list li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      min-height: 44px;
      padding: 6px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
    }
    .ec-pending__title {
      flex: 1 1 100%;
    }
    .ec-pending__number {
      color: var(--mat-sys-primary);
      font-weight: 600;
    }
  `,
})
export class PendingConclusionsComponent {
  readonly agenda = input.required<readonly AgendaItemResponse[]>();
  readonly status = input.required<MeetingStatus>();
  readonly busy = input(false);
  /** The chair or the secretariat records the conclusion of this item. */
  readonly record = output<AgendaItemResponse>();

  protected readonly pending = computed(() => this.agenda().filter((item) => item.status === 'done' && !item.conclusion && !item.conclusionPending && !item.adoptedWithoutDebate));
  /** The API takes a conclusion only while the meeting is in session; the reason is shown, not hidden. */
  protected readonly inSession = computed(() => this.status() === 'in_session');
}
