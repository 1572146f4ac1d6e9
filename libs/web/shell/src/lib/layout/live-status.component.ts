import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { type LiveConnectionState, LiveSocket } from '@ecabinet/web/live/data-access';
import { PendingChanges } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { type IconName, StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';

interface LiveStatusView {
  readonly tone: StatusTone;
  readonly icon: IconName;
  readonly label: TranslationKey;
}

const VIEWS: Readonly<Record<LiveConnectionState, LiveStatusView>> = {
  online: { tone: 'success', icon: 'cloudDone', label: 'live.online' },
  connecting: { tone: 'neutral', icon: 'sync', label: 'live.connecting' },
  reconnecting: { tone: 'warning', icon: 'sync', label: 'live.reconnecting' },
  offline: { tone: 'danger', icon: 'cloudOff', label: 'live.offline' },
};

/** Online with changes made offline still being sent. */
const SYNCING: LiveStatusView = { tone: 'info', icon: 'sync', label: 'live.online' };

/**
 * The live-connection chip in the top bar: online, offline or reconnecting, and the changes made
 * offline still to be sent (syncing n changes), announced politely when it changes.
 */
@Component({
  selector: 'ec-live-status',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="ec-visually-hidden">{{ 'live.label' | t }}:</span>
    <ec-status-chip [tone]="view().tone" [icon]="view().icon" [attr.data-state]="state()" [attr.data-pending]="waiting()">
      @if (waiting() > 0) {
        {{ (state() === 'online' ? 'live.syncing' : 'live.waiting') | t: { n: waiting() } }}
      } @else {
        {{ view().label | t }}
      }
    </ec-status-chip>
  `,
  host: { role: 'status', 'aria-live': 'polite', class: 'ec-live-status' },
})
export class LiveStatusComponent {
  private readonly socketState = inject(LiveSocket).state;
  /** The browser knows at once when the network goes; the socket only at its next heartbeat. */
  private readonly network = signal(globalThis.navigator?.onLine !== false);
  protected readonly state = computed<LiveConnectionState>(() => (this.network() ? this.socketState() : 'offline'));
  protected readonly waiting = inject(PendingChanges).count;
  protected readonly view = computed(() => (this.waiting() > 0 && this.state() === 'online' ? SYNCING : VIEWS[this.state()]));

  constructor() {
    const update = () => this.network.set(globalThis.navigator?.onLine !== false);
    globalThis.addEventListener?.('online', update);
    globalThis.addEventListener?.('offline', update);
    inject(DestroyRef).onDestroy(() => {
      globalThis.removeEventListener?.('online', update);
      globalThis.removeEventListener?.('offline', update);
    });
  }
}
