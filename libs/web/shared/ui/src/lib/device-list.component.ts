import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { MatDialog } from '@angular/material/dialog';
import type { DeviceResponse } from '@ecabinet/shared/contracts';
import { DateTimePipe, TranslatePipe, type TranslationService } from '@ecabinet/web/shared/i18n';
import { type Observable, filter, map } from 'rxjs';
import { confirmAction } from './confirm-dialog.component';
import { IconComponent } from './icon.component';
import { StatusChipComponent } from './status-chip.component';

/** A short name for a device from its browser's user agent ("Chrome · Android"); the raw text when it is not recognised. */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Android/.test(userAgent) ? 'Android' : /iPad|iPhone|iOS/.test(userAgent) ? 'iPadOS / iOS' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS' : /Linux|X11/.test(userAgent) ? 'Linux' : null;
  return browser || system ? [browser, system].filter(Boolean).join(' · ') : userAgent.slice(0, 60);
}

/** Asks before wiping a device, naming it and saying what it means; emits the device's name once confirmed. */
export function confirmDeviceWipe(dialog: MatDialog, i18n: TranslationService, device: DeviceResponse): Observable<string> {
  const name = deviceLabel(device.userAgent);
  return confirmAction(dialog, {
    title: i18n.translate('devices.confirmTitle'),
    message: i18n.translate('devices.confirmMessage', { device: name }),
    confirmLabel: i18n.translate('devices.wipe'),
    destructive: true,
  }).pipe(
    filter(Boolean),
    map(() => name),
  );
}

/**
 * The devices signed in as one user (the account page, the administrator's dialog): which
 * browser, from where, since when, and whether it was told to wipe and did; a button to wipe
 * an active one that is not this device.
 */
@Component({
  selector: 'ec-device-list',
  imports: [MatButtonModule, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (devices().length === 0) {
      <p class="ec-devices__empty">{{ 'devices.none' | t }}</p>
    } @else {
      <ul class="ec-devices" [attr.aria-label]="'devices.label' | t">
        @for (device of devices(); track device.id) {
          <li class="ec-devices__row" [attr.data-device]="device.id" [attr.data-state]="device.state">
            <ec-icon [name]="device.current ? 'checkCircle' : 'devices'" />
            <div class="ec-devices__main">
              <span class="ec-devices__name">
                {{ label(device.userAgent) }}
                @if (device.current) {
                  <ec-status-chip tone="info">{{ 'devices.current' | t }}</ec-status-chip>
                }
                @switch (device.state) {
                  @case ('active') {
                    <ec-status-chip tone="success">{{ 'devices.active' | t }}</ec-status-chip>
                  }
                  @case ('wipe-pending') {
                    <ec-status-chip tone="warning">{{ 'devices.wipePending' | t }}</ec-status-chip>
                  }
                  @case ('wiped') {
                    <ec-status-chip tone="neutral">{{ 'devices.wiped' | t }}</ec-status-chip>
                  }
                }
              </span>
              <span class="ec-devices__meta">
                {{ 'devices.meta' | t: { signedIn: (device.signedInAt | dateTime), lastSeen: (device.lastSeenAt | dateTime), ip: device.ip ?? '—' } }}
                @if (device.wipedAt) {
                  · {{ 'devices.wipedAt' | t: { time: (device.wipedAt | dateTime) } }}
                } @else if (device.wipeRequestedAt) {
                  · {{ 'devices.wipeRequestedAt' | t: { time: (device.wipeRequestedAt | dateTime) } }}
                }
              </span>
            </div>
            @if (device.state === 'active' && !device.current) {
              <button mat-stroked-button type="button" class="ec-devices__wipe" [disabled]="busy()" (click)="wipe.emit(device)" [attr.aria-label]="'devices.wipeLabel' | t: { device: label(device.userAgent) }">
                <ec-icon name="delete" />{{ 'devices.wipe' | t }}
              </button>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .ec-devices {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-devices__row {
      display: flex;
      flex-wrap: wrap;
      gap: 10px;
      align-items: center;
      padding: 10px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-devices__main {
      display: grid;
      flex: 1 1 280px;
      gap: 2px;
      min-width: 0;
    }
    .ec-devices__name {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      align-items: center;
      font: var(--mat-sys-title-small);
    }
    .ec-devices__meta,
    .ec-devices__empty {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DeviceListComponent {
  readonly devices = input.required<readonly DeviceResponse[]>();
  readonly busy = input(false);
  readonly wipe = output<DeviceResponse>();

  protected label(userAgent: string | null): string {
    return deviceLabel(userAgent);
  }
}
