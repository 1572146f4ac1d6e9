import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { AgendaItemResponse, MeetingStatus, SpeakerResponse } from '@ecabinet/shared/contracts';
import { CountdownChipComponent, formatClock } from '@ecabinet/web/meetings/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

export interface SpeakerAction {
  readonly itemId: string;
  readonly speakerId?: string;
}

/** The chair's control of the item under discussion: the time, the floor, the conclusion. */
@Component({
  selector: 'ec-speakers-control',
  imports: [MatButtonModule, MatTooltipModule, CountdownChipComponent, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-speakers" aria-labelledby="ec-speakers-heading">
      <h2 id="ec-speakers-heading" class="ec-card__title">{{ 'meetings.console.current.title' | t }}</h2>
      @if (item(); as item) {
        <p class="ec-speakers__item" data-testid="console-current-item"><span class="ec-speakers__number">{{ item.number }}<span class="ec-visually-hidden">.&#32;</span></span> {{ item.title }}</p>
        <div class="ec-speakers__facts">
          @if (item.startedAt && item.plannedMinutes) {
            <ec-countdown-chip [startedAt]="item.startedAt" [plannedMinutes]="item.plannedMinutes" [now]="now()" />
          }
        </div>
        <div class="ec-speakers__actions">
          <button mat-flat-button type="button" [disabled]="busy()" (click)="complete.emit(item)"><ec-icon name="check" />{{ 'meetings.console.complete' | t }}</button>
          <button mat-stroked-button type="button" [disabled]="busy()" (click)="stop.emit()"><ec-icon name="stop" />{{ 'meetings.console.stopCurrent' | t }}</button>
        </div>

        <h3 class="ec-speakers__subtitle">{{ 'meetings.room.speakers' | t }}</h3>
        @if (list().length) {
          <ol class="ec-speakers__list">
            @for (speaker of list(); track speaker.id) {
              <li [class.ec-speakers__row--now]="speaker.state === 'speaking'" [class.ec-speakers__row--done]="speaker.state === 'done'">
                <span class="ec-speakers__name">
                  {{ speaker.fullName }}
                  @if (askedInAdvance(item, speaker)) {
                    <span class="ec-speakers__advance">&#32;· {{ 'meetings.room.askedInAdvance' | t }}</span>
                  }
                </span>
                @if (speaker.state === 'speaking') {
                  <ec-status-chip tone="success" icon="mic">{{ speakingFor(speaker) }}</ec-status-chip>
                  <button mat-stroked-button type="button" [disabled]="busy()" [attr.aria-label]="'meetings.console.current.endNamed' | t: { name: speaker.fullName }" (click)="end.emit({ itemId: item.id, speakerId: speaker.id })">
                    {{ 'meetings.console.current.end' | t }}
                  </button>
                } @else if (speaker.state === 'waiting') {
                  <button mat-button type="button" [disabled]="busy()" [attr.aria-label]="'meetings.console.current.grantNamed' | t: { name: speaker.fullName }" (click)="grant.emit({ itemId: item.id, speakerId: speaker.id })">
                    {{ 'meetings.console.current.grant' | t }}
                  </button>
                  <button
                    mat-icon-button
                    type="button"
                    [disabled]="busy()"
                    [matTooltip]="'meetings.console.current.remove' | t"
                    [attr.aria-label]="'meetings.console.current.removeNamed' | t: { name: speaker.fullName }"
                    (click)="end.emit({ itemId: item.id, speakerId: speaker.id })"
                  >
                    <ec-icon name="close" />
                  </button>
                } @else {
                  <span class="ec-speakers__state">{{ 'meetings.speakerState.done' | t }}</span>
                }
              </li>
            }
          </ol>
          @if (hasWaiting()) {
            <button mat-stroked-button type="button" class="ec-speakers__next" [disabled]="busy()" (click)="grant.emit({ itemId: item.id })">
              <ec-icon name="mic" />{{ 'meetings.console.current.grantNext' | t }}
            </button>
          }
        } @else {
          <p class="ec-speakers__empty">{{ 'meetings.room.noSpeakers' | t }}</p>
        }
      } @else {
        <p class="ec-speakers__empty">{{ (status() === 'in_session' ? 'meetings.console.current.none' : 'meetings.console.current.notInSession') | t }}</p>
      }
    </section>
  `,
  styles: `
    .ec-speakers__item {
      margin: 0;
      font: var(--mat-sys-title-medium);
      font-weight: 600;
    }
    .ec-speakers__number {
      color: var(--mat-sys-primary);
    }
    .ec-speakers__facts,
    .ec-speakers__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }
    .ec-speakers__subtitle {
      margin: 16px 0 4px;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-speakers__list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-speakers__list li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      min-height: 44px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
    }
    .ec-speakers__name {
      flex: 1 1 auto;
    }
    .ec-speakers__advance {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-speakers__row--now {
      font-weight: 600;
    }
    .ec-speakers__row--done,
    .ec-speakers__state,
    .ec-speakers__empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-speakers__empty {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .ec-speakers__next {
      margin-top: 8px;
    }
  `,
})
export class SpeakersControlComponent {
  readonly item = input<AgendaItemResponse | null>(null);
  readonly status = input.required<MeetingStatus>();
  readonly speakers = input<readonly SpeakerResponse[]>([]);
  readonly now = input.required<number>();
  readonly busy = input(false);
  readonly grant = output<SpeakerAction>();
  readonly end = output<Required<SpeakerAction>>();
  readonly stop = output<void>();
  readonly complete = output<AgendaItemResponse>();

  protected readonly list = computed(() => this.speakers().filter((speaker) => speaker.state !== 'withdrawn'));
  protected readonly hasWaiting = computed(() => this.speakers().some((speaker) => speaker.state === 'waiting'));

  /** Marked "wish to speak" before the item came up (Estonia's model): queued first. */
  protected askedInAdvance(item: AgendaItemResponse, speaker: SpeakerResponse): boolean {
    return !!item.startedAt && Date.parse(speaker.requestedAt) < Date.parse(item.startedAt);
  }

  protected speakingFor(speaker: SpeakerResponse): string {
    return speaker.startedAt ? formatClock(this.now() - Date.parse(speaker.startedAt)) : '';
  }
}
