import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { DeviceResponse, UserResponse } from '@ecabinet/shared/contracts';
import { UsersApi } from '@ecabinet/web/identity/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { DeviceListComponent, IconComponent, confirmDeviceWipe } from '@ecabinet/web/shared/ui';
import { finalize, map, switchMap } from 'rxjs';

export interface DevicesDialogData {
  readonly user: Pick<UserResponse, 'id' | 'fullName'>;
}

/**
 * A user's devices for the administrator (#14): a lost tablet is wiped from here after a
 * confirmation naming it; the list then says the wipe waits, and later that it was done.
 */
@Component({
  selector: 'ec-devices-dialog',
  imports: [MatDialogModule, MatButtonModule, MatProgressBarModule, DeviceListComponent, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'devices.dialogTitle' | t: { name: user.fullName } }}</h2>
    <mat-dialog-content>
      <p class="ec-card__text">{{ 'devices.hint' | t }}</p>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | t" />
      }
      @if (error(); as message) {
        <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
      @if (done(); as message) {
        <p class="ec-notice ec-notice--success" role="status" data-testid="wipe-done"><ec-icon name="checkCircle" /><span>{{ message }}</span></p>
      }
      @if (!loading()) {
        <ec-device-list [devices]="devices()" [busy]="busy()" (wipe)="wipe($event)" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.close' | t }}</button>
    </mat-dialog-actions>
  `,
})
export class DevicesDialogComponent {
  private readonly api = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(TranslationService);

  protected readonly user = inject<DevicesDialogData>(MAT_DIALOG_DATA).user;
  protected readonly devices = signal<readonly DeviceResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected wipe(device: DeviceResponse): void {
    confirmDeviceWipe(this.dialog, this.i18n, device)
      .pipe(
        switchMap((name) => {
          this.busy.set(true);
          this.error.set(null);
          this.done.set(null);
          return this.api.wipeDevice(this.user.id, device.id).pipe(
            map(() => name),
            finalize(() => this.busy.set(false)),
          );
        }),
      )
      .subscribe({
        next: (name) => {
          this.done.set(this.i18n.translate('devices.done', { device: name }));
          this.load();
        },
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }

  private load(): void {
    this.api
      .devices(this.user.id)
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (devices) => this.devices.set(devices),
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }
}
