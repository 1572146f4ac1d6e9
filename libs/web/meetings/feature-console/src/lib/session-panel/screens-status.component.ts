import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { MeetingScreens, ParticipantScreens, ScreenStatus } from '@ecabinet/shared/contracts';
import { type TranslationKey, TranslatePipe } from '@ecabinet/web/shared/i18n';
import { type IconName, IconComponent, type StatusTone, StatusChipComponent } from '@ecabinet/web/shared/ui';

const TONES: Record<ScreenStatus, StatusTone> = { current: 'success', behind: 'warning', reconnecting: 'warning', offline: 'neutral' };
const ICONS: Record<ScreenStatus, IconName> = { current: 'checkCircle', behind: 'sync', reconnecting: 'sync', offline: 'cloudOff' };

/**
 * Proof that every screen is current (#15): how many of the participants' screens show the
 * meeting's latest version, live, and who is behind (a screen still on an older version, one
 * reconnecting, none connected). Each screen acknowledges the version it displays.
 */
@Component({
  selector: 'ec-screens-status',
  imports: [IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-screens" aria-labelledby="ec-screens-heading" data-testid="screens-status">
      <div class="ec-screens__head">
        <h2 id="ec-screens-heading" class="ec-card__title">{{ 'meetings.console.screens.title' | t }}</h2>
        <span role="status" aria-live="polite" aria-atomic="true">
          @if (screens(); as counted) {
            <ec-status-chip [tone]="allCurrent() ? 'success' : 'warning'" [icon]="allCurrent() ? 'checkCircle' : 'sync'" data-testid="screens-count">
              {{ 'meetings.console.screens.count' | t: { current: counted.current, total: counted.screens } }}
            </ec-status-chip>
          } @else {
            <span class="ec-screens__waiting">{{ 'meetings.console.screens.waiting' | t }}</span>
          }
        </span>
      </div>
      @if (screens()) {
        @if (behind().length > 0) {
          <ul class="ec-screens__list" [attr.aria-label]="'meetings.console.screens.behindList' | t">
            @for (participant of behind(); track participant.userId) {
              <li [attr.data-status]="participant.status" data-testid="screens-participant">
                <span class="ec-screens__name">{{ participant.fullName }}</span>
                @if (participant.screens > 1) {
                  <span class="ec-screens__many">{{ 'meetings.console.screens.screensOf' | t: { count: participant.screens } }}</span>
                }
                <ec-status-chip [tone]="tone(participant)" [icon]="icon(participant)">{{ label(participant) | t }}</ec-status-chip>
              </li>
            }
          </ul>
        } @else {
          <p class="ec-screens__all"><ec-icon name="checkCircle" /><span>{{ 'meetings.console.screens.allCurrent' | t }}</span></p>
        }
        @if (offline().length > 0) {
          <!-- Those with no screen at all are many before a session: one line, opened on demand. -->
          <details class="ec-screens__offline" data-testid="screens-offline">
            <summary><ec-icon name="cloudOff" /><span>{{ 'meetings.console.screens.offlineCount' | t: { count: offline().length } }}</span><ec-icon class="ec-screens__toggle" name="expandMore" /></summary>
            <ul class="ec-screens__names">
              @for (participant of offline(); track participant.userId) {
                <li data-testid="screens-participant" data-status="offline">{{ participant.fullName }}</li>
              }
            </ul>
          </details>
        }
      }
    </section>
  `,
  styles: `
    .ec-screens__head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .ec-screens__head .ec-card__title {
      margin: 0;
    }
    .ec-screens__waiting,
    .ec-screens__many {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-screens__list {
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
    }
    .ec-screens__list li {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 40px;
      border-top: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
    }
    .ec-screens__name {
      flex: 1 1 auto;
    }
    .ec-screens__offline {
      margin-top: 8px;
      font: var(--mat-sys-body-medium);
    }
    .ec-screens__offline summary {
      min-height: 40px;
      display: flex;
      align-items: center;
      gap: 6px;
      cursor: pointer;
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-screens__offline summary::-webkit-details-marker {
      display: none;
    }
    .ec-screens__offline[open] .ec-screens__toggle {
      transform: rotate(180deg);
    }
    .ec-screens__names {
      margin: 0;
      padding: 0 0 0 20px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-screens__all {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ScreensStatusComponent {
  readonly screens = input.required<MeetingScreens | null>();

  /** A screen on an older version, or reconnecting: each on its own row. */
  protected readonly behind = computed(() => (this.screens()?.participants ?? []).filter((participant) => participant.status === 'behind' || participant.status === 'reconnecting'));
  protected readonly offline = computed(() => (this.screens()?.participants ?? []).filter((participant) => participant.status === 'offline'));
  protected readonly allCurrent = computed(() => {
    const counted = this.screens();
    return !!counted && counted.screens > 0 && counted.current === counted.screens;
  });

  protected tone(participant: ParticipantScreens): StatusTone {
    return TONES[participant.status];
  }

  protected label(participant: ParticipantScreens): TranslationKey {
    return `meetings.console.screens.status.${participant.status}`;
  }

  protected icon(participant: ParticipantScreens): IconName {
    return ICONS[participant.status];
  }
}
