import { ChangeDetectionStrategy, Component, computed, inject, type OnInit } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { type MeetingStatus, ROOM_SCREEN_CODE_LENGTH, VOTE_CHOICES, type VoteChoice } from '@ecabinet/shared/contracts';
import { RoomScreenStore, injectTicker } from '@ecabinet/web/meetings/data-access';
import { isLanguage, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';

/** "m:ss", or "h:mm:ss" past an hour. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const CHOICE_KEYS = { agree: 'roomScreen.agree', disagree: 'roomScreen.disagree', abstain: 'roomScreen.abstain' } as const;

/**
 * The room screen (màn hình trình chiếu, #15): full screen and read only, for the room's TV or
 * projector, readable from the back of the room at 1920×1080 and 3840×2160 (every size follows
 * the screen). Unpaired, it shows a code for the chair or the secretariat to enter; paired, the
 * meeting's current item against its planned time, the speaker with his countdown, the queue, and
 * the vote (a secret vote's totals only). No account: its credential opens this view and nothing else.
 */
@Component({
  selector: 'ec-room-screen-page',
  imports: [TranslatePipe],
  providers: [RoomScreenStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="rs" [class.rs--paired]="store.phase().kind === 'paired'">
      @switch (store.phase().kind) {
        @case ('pairing') {
          <section class="rs-pair" aria-labelledby="rs-pair-title">
            <p class="rs-brand">e-Cabinet</p>
            <h1 id="rs-pair-title" class="rs-pair__title">{{ 'roomScreen.pairTitle' | t }}</h1>
            <p class="rs-pair__code" data-testid="pairing-code" [attr.aria-label]="codeSpoken()">
              @for (part of codeParts(); track $index) {
                <span>{{ part }}</span>
              }
            </p>
            <p class="rs-pair__steps">{{ 'roomScreen.pairSteps' | t }}</p>
            <p class="rs-pair__expires" role="timer">{{ 'roomScreen.expiresIn' | t: { time: expiresIn() } }}</p>
          </section>
        }
        @case ('unreachable') {
          <section class="rs-pair" role="alert">
            <p class="rs-brand">e-Cabinet</p>
            <h1 class="rs-pair__title">{{ 'roomScreen.unreachable' | t }}</h1>
          </section>
        }
        @case ('paired') {
          @if (store.view(); as view) {
            <header class="rs-top">
              <div class="rs-top__title">
                <p class="rs-brand">e-Cabinet{{ view.place ? ' · ' + view.place : '' }}</p>
                <h1 data-testid="screen-title">{{ view.title }}</h1>
              </div>
              <div class="rs-top__meta">
                <span class="rs-chip" [attr.data-status]="view.status" data-testid="screen-status">{{ statusKey(view.status) | t }}</span>
                <span class="rs-chip" [class.rs-chip--ok]="view.quorum.reached" [class.rs-chip--warn]="!view.quorum.reached">
                  {{ 'roomScreen.quorum' | t: { present: view.quorum.present, members: view.quorum.members } }} ·
                  {{ (view.quorum.reached ? 'roomScreen.quorumReached' : 'roomScreen.quorumNotReached') | t }}
                </span>
                <span class="rs-live" [class.rs-live--off]="!store.connected()" role="status" data-testid="screen-live">
                  <span class="rs-live__dot" aria-hidden="true"></span>{{ (store.connected() ? 'roomScreen.live' : 'roomScreen.reconnecting') | t }}
                </span>
                <time class="rs-clock" data-testid="screen-clock">{{ clock() }}</time>
              </div>
            </header>

            <div class="rs-body">
              <section class="rs-item" [class.rs-item--with-vote]="view.vote !== null" aria-labelledby="rs-item-title" aria-live="polite">
                @if (view.currentItem; as item) {
                  <p class="rs-eyebrow">{{ 'roomScreen.currentItem' | t }} · {{ 'roomScreen.itemNumber' | t: { number: item.number } }}/{{ view.itemCount }}</p>
                  <h2 id="rs-item-title" class="rs-item__title" data-testid="screen-item">{{ item.number }}. {{ item.title }}</h2>
                  @if (item.presenter) {
                    <p class="rs-item__presenter">{{ 'roomScreen.presenter' | t: { name: item.presenter } }}</p>
                  }
                  <div class="rs-time" [class.rs-time--over]="itemOver() > 0" data-testid="screen-item-time">
                    <span class="rs-time__label">{{ 'roomScreen.elapsed' | t }}</span>&ngsp;
                    <span class="rs-time__value">{{ format(itemSeconds()) }}</span>&ngsp;
                    @if (item.plannedMinutes) {
                      <span class="rs-time__plan">{{ 'roomScreen.planned' | t: { planned: format(item.plannedMinutes * 60) } }}</span>&ngsp;
                      @if (itemOver() > 0) {
                        <span class="rs-time__over">{{ 'roomScreen.overPlan' | t: { over: format(itemOver()) } }}</span>
                      }
                      <span class="rs-bar" aria-hidden="true"><span [style.width.%]="itemProgress()"></span></span>
                    }
                  </div>
                } @else {
                  <h2 id="rs-item-title" class="rs-item__title rs-item__title--idle" data-testid="screen-item">
                    {{ (view.status === 'closed' ? 'roomScreen.closed' : 'roomScreen.noItem') | t }}
                  </h2>
                  @if (view.status === 'published') {
                    <p class="rs-item__presenter">{{ 'roomScreen.startsAt' | t: { time: startsAt() } }}</p>
                  }
                }

                @if (view.vote; as vote) {
                  <section class="rs-vote" [attr.data-state]="vote.status" data-testid="screen-vote" aria-live="polite">
                    <p class="rs-eyebrow">{{ (vote.status === 'open' ? 'roomScreen.voting' : 'roomScreen.result') | t }}</p>
                    <h3 class="rs-vote__question">{{ vote.question }}</h3>
                    @if (vote.result; as result) {
                      <div class="rs-vote__result">
                        @for (choice of choices; track choice) {
                          <div class="rs-vote__row" [attr.data-choice]="choice">
                            <span class="rs-vote__label">{{ choiceKey(choice) | t }}</span>
                            <span class="rs-bar rs-bar--vote" aria-hidden="true"><span [style.width.%]="share(result[choice], result.eligible)"></span></span>
                            <span class="rs-vote__count" data-testid="screen-vote-count">{{ result[choice] }}</span>
                            @if (vote.names; as names) {
                              <span class="rs-vote__names">{{ names[choice].join(', ') }}</span>
                            }
                          </div>
                        }
                      </div>
                      <p class="rs-vote__outcome">
                        <span class="rs-chip" [class.rs-chip--ok]="result.passed" [class.rs-chip--bad]="!result.passed" data-testid="screen-vote-outcome">
                          {{ (result.passed ? 'roomScreen.passed' : 'roomScreen.failed') | t }}
                        </span>
                        <span>{{ 'roomScreen.needed' | t: { needed: result.needed } }}</span>
                        @if (vote.secret) {
                          <span class="rs-vote__secret">· {{ 'roomScreen.secret' | t }}</span>
                        }
                      </p>
                    } @else {
                      <p class="rs-vote__progress">{{ 'roomScreen.votedCount' | t: { voted: vote.votedCount, eligible: vote.eligible } }}</p>
                      @if (vote.secret) {
                        <p class="rs-vote__secret">{{ 'roomScreen.secret' | t }}</p>
                      }
                    }
                  </section>
                }
              </section>

              <aside class="rs-floor" aria-labelledby="rs-floor-title">
                <p id="rs-floor-title" class="rs-eyebrow">{{ 'roomScreen.floor' | t }}</p>
                @if (view.speaker; as speaker) {
                  <p class="rs-floor__speaker" data-testid="screen-speaker">{{ speaker.fullName }}</p>
                  <div class="rs-countdown" [class.rs-countdown--over]="speakerOver()" role="timer" data-testid="screen-countdown">
                    <span class="rs-countdown__label">{{ (speaker.limitSeconds === null ? 'roomScreen.spoken' : speakerOver() ? 'roomScreen.overTime' : 'roomScreen.remaining') | t }}</span>&ngsp;
                    <span class="rs-countdown__value">{{ speakerClock() }}</span>
                  </div>
                } @else {
                  <p class="rs-floor__none">{{ 'roomScreen.noSpeaker' | t }}</p>
                }
                <p class="rs-eyebrow rs-floor__queue-title">{{ 'roomScreen.queue' | t }} ({{ view.queue.length }})</p>
                @if (view.queue.length) {
                  <ol class="rs-queue" data-testid="screen-queue">
                    @for (name of view.queue; track $index) {
                      <li>{{ name }}</li>
                    }
                  </ol>
                } @else {
                  <p class="rs-floor__none">{{ 'roomScreen.queueEmpty' | t }}</p>
                }
                @if (view.seats; as rows) {
                  <div class="rs-seats" role="group" [attr.aria-label]="'roomScreen.seats' | t" data-testid="screen-seats">
                    @for (row of rows; track $index) {
                      <div class="rs-seats__row">
                        @for (seat of row.seats; track $index) {
                          <span class="rs-seat" [attr.data-state]="seat.status" [attr.data-floor]="seat.floor" [attr.title]="seat.name">{{ seat.label }}</span>
                        }
                      </div>
                    }
                  </div>
                }
              </aside>
            </div>
          } @else {
            <section class="rs-pair" role="status">
              <p class="rs-brand">e-Cabinet</p>
              <h1 class="rs-pair__title">{{ 'roomScreen.loading' | t }}</h1>
            </section>
          }
        }
      }
    </main>
  `,
  styleUrl: './room-screen-page.component.scss',
})
export class RoomScreenPageComponent implements OnInit {
  protected readonly store = inject(RoomScreenStore);
  private readonly i18n = inject(TranslationService);
  private readonly route = inject(ActivatedRoute);
  private readonly now = injectTicker(1000);
  protected readonly choices = VOTE_CHOICES;
  protected readonly format = formatDuration;

  /** The server's time now, as well as this device can tell. */
  private readonly serverNow = computed(() => this.now() + this.store.clockOffsetMs());

  protected readonly codeParts = computed(() => {
    const phase = this.store.phase();
    if (phase.kind !== 'pairing') return [];
    const half = Math.ceil(ROOM_SCREEN_CODE_LENGTH / 2);
    return [phase.code.slice(0, half), phase.code.slice(half)];
  });
  /** Read out letter by letter by a screen reader. */
  protected readonly codeSpoken = computed(() => this.codeParts().join('').split('').join(' '));
  protected readonly expiresIn = computed(() => {
    const phase = this.store.phase();
    return phase.kind === 'pairing' ? formatDuration((Date.parse(phase.expiresAt) - this.now()) / 1000) : '';
  });

  protected readonly clock = computed(() => this.i18n.dateTimeFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(this.serverNow())));
  protected readonly startsAt = computed(() => this.i18n.formatDateTime(this.store.view()?.startsAt));

  protected readonly itemSeconds = computed(() => {
    const item = this.store.view()?.currentItem;
    if (!item) return 0;
    const running = item.startedAt ? Math.max(0, (this.serverNow() - Date.parse(item.startedAt)) / 1000) : 0;
    return item.spentSeconds + running;
  });
  protected readonly itemOver = computed(() => {
    const planned = this.store.view()?.currentItem?.plannedMinutes;
    return planned ? Math.max(0, this.itemSeconds() - planned * 60) : 0;
  });
  protected readonly itemProgress = computed(() => {
    const planned = this.store.view()?.currentItem?.plannedMinutes;
    return planned ? Math.min(100, (this.itemSeconds() / (planned * 60)) * 100) : 0;
  });

  private readonly speakerSeconds = computed(() => {
    const speaker = this.store.view()?.speaker;
    return speaker ? Math.max(0, (this.serverNow() - Date.parse(speaker.startedAt)) / 1000) : 0;
  });
  protected readonly speakerOver = computed(() => {
    const limit = this.store.view()?.speaker?.limitSeconds;
    return typeof limit === 'number' && this.speakerSeconds() >= limit;
  });
  /** Counts down to the limit, then up past it ("+0:35"); counts up when there is no limit. */
  protected readonly speakerClock = computed(() => {
    const limit = this.store.view()?.speaker?.limitSeconds;
    if (typeof limit !== 'number') return formatDuration(this.speakerSeconds());
    const left = limit - this.speakerSeconds();
    return left > 0 ? formatDuration(Math.ceil(left)) : `+${formatDuration(-left)}`;
  });

  ngOnInit(): void {
    // A wall screen has no one to click a language switch: `?lang=en` sets it.
    const lang = this.route.snapshot.queryParamMap.get('lang');
    if (lang && isLanguage(lang)) void this.i18n.setLang(lang);
    this.store.start();
  }

  protected statusKey(status: MeetingStatus) {
    return `roomScreen.status.${status}` as const;
  }

  protected choiceKey(choice: VoteChoice) {
    return CHOICE_KEYS[choice];
  }

  protected share(count: number, of: number): number {
    return of > 0 ? Math.min(100, (count / of) * 100) : 0;
  }
}
