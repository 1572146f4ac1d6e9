import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { OfflinePapersPanelComponent } from '../offline-papers-panel/offline-papers-panel.component';

/**
 * The papers this device keeps (#14), on a page of their own: where a user signed in on the device
 * alone (the server unreachable) lands, and what he can open until the server answers again.
 */
@Component({
  selector: 'ec-offline-papers-page',
  imports: [OfflinePapersPanelComponent, IconComponent, PageHeaderComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-page-header [heading]="'offline.pageTitle' | t" />
    @if (auth.deviceOnly()) {
      <p class="ec-notice ec-notice--warning" role="status" data-testid="device-only"><ec-icon name="cloudOff" /><span>{{ 'offline.deviceOnly' | t }}</span></p>
    } @else if (reconnected()) {
      <p class="ec-notice ec-notice--success" role="status" data-testid="device-reconnected"><ec-icon name="cloudDone" /><span>{{ 'offline.connected' | t }}</span></p>
    }
    <ec-offline-papers-panel />
  `,
})
export class OfflinePapersPageComponent {
  protected readonly auth = inject(AuthStore);
  /** Signed in on the device alone when the page opened, and the server has answered since. */
  protected readonly reconnected = signal(false);

  constructor() {
    let wasDeviceOnly = this.auth.deviceOnly();
    effect(() => {
      const deviceOnly = this.auth.deviceOnly();
      if (wasDeviceOnly && !deviceOnly && this.auth.isAuthenticated()) this.reconnected.set(true);
      wasDeviceOnly = deviceOnly;
    });
  }
}
