import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PASSWORD_MIN_LENGTH, type DeviceResponse, type TotpEnrollResponse } from '@ecabinet/shared/contracts';
import { AuthApi, AuthStore } from '@ecabinet/web/identity/data-access';
import { RoleLabelPipe, TranslatePipe, type TranslationKey, TranslationService } from '@ecabinet/web/shared/i18n';
import {
  DeviceListComponent,
  IconComponent,
  PageHeaderComponent,
  StatusChipComponent,
  confirmAction,
  confirmDeviceWipe,
  provideTouchedErrorStateMatcher,
} from '@ecabinet/web/shared/ui';
import { filter, finalize, map, switchMap } from 'rxjs';
import { OfflinePapersPanelComponent } from '@ecabinet/web/papers/feature-reader';
import { NotificationPreferencesComponent } from './notification-preferences.component';

const TOTP_CODE = /^\d{6}$/;

function newPasswordsMatch(group: AbstractControl): ValidationErrors | null {
  const { newPassword, confirmPassword } = group.value as { newPassword?: string; confirmPassword?: string };
  return newPassword && confirmPassword && newPassword !== confirmPassword ? { mismatch: true } : null;
}

/** Which operation of the page is running or last failed, so messages appear next to it. */
type AccountTask = 'password' | 'totp' | 'sessions' | 'devices';

/** "My account": profile, change password, two-step verification, devices (wipe a lost one), sign out everywhere. */
@Component({
  selector: 'ec-account-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    IconComponent,
    PageHeaderComponent,
    StatusChipComponent,
    TranslatePipe,
    RoleLabelPipe,
    NotificationPreferencesComponent,
    OfflinePapersPanelComponent,
    DeviceListComponent,
  ],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './account-page.component.html',
  styleUrl: './account-page.component.scss',
})
export class AccountPageComponent {
  private readonly auth = inject(AuthStore);
  private readonly api = inject(AuthApi);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly i18n = inject(TranslationService);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  protected readonly user = this.auth.user;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;

  protected readonly passwordForm = this.formBuilder.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: newPasswordsMatch },
  );
  protected readonly totpForm = this.formBuilder.group({
    code: ['', [Validators.required, Validators.pattern(TOTP_CODE)]],
  });
  private readonly totpCode = this.totpForm.controls.code;

  protected readonly busy = signal<AccountTask | null>(null);
  private readonly failure = signal<{ task: AccountTask; error: unknown } | null>(null);
  private readonly success = signal<{ task: AccountTask; message: TranslationKey } | null>(null);
  protected readonly enrollment = signal<TotpEnrollResponse | null>(null);
  protected readonly copied = signal<'url' | 'secret' | null>(null);

  protected readonly devices = signal<readonly DeviceResponse[]>([]);
  protected readonly devicesNotice = signal<string | null>(null);

  constructor() {
    this.loadDevices();
  }

  protected errorFor(task: AccountTask): string | null {
    const failure = this.failure();
    if (failure?.task !== task) {
      return null;
    }
    return this.i18n.describeError(failure.error);
  }

  protected successFor(task: AccountTask): TranslationKey | null {
    const success = this.success();
    return success?.task === task ? success.message : null;
  }

  protected readonly totpEnabled = computed(() => this.user()?.totpEnabled ?? false);

  protected changePassword(): void {
    if (this.passwordForm.invalid) {
      this.passwordForm.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.passwordForm.getRawValue();
    this.run('password', this.api.changePassword({ currentPassword, newPassword }), 'account.passwordChanged', () =>
      this.passwordForm.reset(),
    );
  }

  protected startTotpEnrollment(): void {
    this.begin('totp');
    this.api
      .enrollTotp()
      .pipe(finalize(() => this.busy.set(null)))
      .subscribe({
        next: (enrollment) => {
          this.enrollment.set(enrollment);
          this.totpCode.reset();
        },
        error: (error: unknown) => this.failure.set({ task: 'totp', error }),
      });
  }

  protected confirmTotp(): void {
    if (this.totpCode.invalid) {
      this.totpCode.markAsTouched();
      return;
    }
    this.run('totp', this.api.confirmTotp({ code: this.totpCode.value }), 'account.totpEnabled', () => {
      this.enrollment.set(null);
      this.totpCode.reset();
      this.auth.reloadUser().subscribe();
    });
  }

  protected cancelTotpEnrollment(): void {
    this.enrollment.set(null);
    this.totpCode.reset();
    this.failure.set(null);
  }

  protected disableTotp(): void {
    if (this.totpCode.invalid) {
      this.totpCode.markAsTouched();
      return;
    }
    this.run('totp', this.api.disableTotp({ code: this.totpCode.value }), 'account.totpDisabled', () => {
      this.totpCode.reset();
      this.auth.reloadUser().subscribe();
    });
  }

  protected copyToClipboard(which: 'url' | 'secret', text: string): void {
    if (this.clipboard.copy(text)) {
      this.copied.set(which);
    }
  }

  protected signOutEverywhere(): void {
    confirmAction(this.dialog, {
      title: this.i18n.translate('account.logoutEverywhereTitle'),
      message: this.i18n.translate('account.logoutEverywhereMessage'),
      confirmLabel: this.i18n.translate('account.logoutEverywhere'),
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.begin('sessions');
          return this.auth.logoutEverywhere().pipe(finalize(() => this.busy.set(null)));
        }),
      )
      .subscribe({ error: (error: unknown) => this.failure.set({ task: 'sessions', error }) });
  }

  /** A lost device: signed out now, and it deletes what it keeps when it is next online. */
  protected wipeDevice(device: DeviceResponse): void {
    confirmDeviceWipe(this.dialog, this.i18n, device)
      .pipe(
        switchMap((name) => {
          this.begin('devices');
          this.devicesNotice.set(null);
          return this.api.wipeDevice(device.id).pipe(
            map(() => name),
            finalize(() => this.busy.set(null)),
          );
        }),
      )
      .subscribe({
        next: (name) => {
          this.devicesNotice.set(this.i18n.translate('devices.done', { device: name }));
          this.loadDevices();
        },
        error: (error: unknown) => this.failure.set({ task: 'devices', error }),
      });
  }

  private loadDevices(): void {
    this.api.devices().subscribe({
      next: (devices) => this.devices.set(devices),
      error: (error: unknown) => this.failure.set({ task: 'devices', error }),
    });
  }

  private begin(task: AccountTask): void {
    this.busy.set(task);
    this.failure.set(null);
    this.success.set(null);
  }

  private run(task: AccountTask, request: ReturnType<AuthApi['changePassword']>, message: TranslationKey, done: () => void): void {
    this.begin(task);
    request.pipe(finalize(() => this.busy.set(null))).subscribe({
      next: () => {
        this.success.set({ task, message });
        done();
      },
      error: (error: unknown) => this.failure.set({ task, error }),
    });
  }
}
