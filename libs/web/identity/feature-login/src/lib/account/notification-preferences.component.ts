import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { DEFAULT_NOTIFICATION_EMAIL, DEFAULT_NOTIFICATION_PUSH, NOTIFICATION_KINDS, type NotificationKind, type NotificationPreferencesResponse } from '@ecabinet/shared/contracts';
import { NotificationsApi, PushRegistration } from '@ecabinet/web/notifications/data-access';
import { TranslatePipe, TranslationService, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/**
 * Account page: this device's push notifications (on or off, and why not when it cannot be), and
 * per kind of notification whether it also comes by e-mail and whether it is pushed (stored on
 * the server, for every device of the user).
 */
@Component({
  selector: 'ec-notification-preferences',
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card" aria-labelledby="ec-account-notifications">
      <h2 id="ec-account-notifications" class="ec-card__title">{{ 'notifications.preferences' | t }}</h2>
      <p class="ec-card__text">{{ 'notifications.preferencesIntro' | t }}</p>

      <div class="ec-push" data-testid="push-device" role="group" aria-labelledby="ec-push-title">
        <div class="ec-push__head">
          <ec-icon name="notifications" />
          <h3 id="ec-push-title" class="ec-push__title">{{ 'notifications.pushDevice' | t }}</h3>
          <ec-status-chip [tone]="pushOn() ? 'success' : 'neutral'" [icon]="pushOn() ? 'checkCircle' : 'block'" data-testid="push-state">
            {{ (pushOn() ? 'notifications.pushOn' : 'notifications.pushOff') | t }}
          </ec-status-chip>
        </div>
        @switch (pushBlocker()) {
          @case ('unsupported') {
            <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.pushUnsupported' | t }}</span></p>
          }
          @case ('not-configured') {
            <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.pushNotConfigured' | t }}</span></p>
          }
          @case ('denied') {
            <p class="ec-notice ec-notice--warning" role="note"><ec-icon name="warning" /><span>{{ 'notifications.pushDenied' | t }}</span></p>
          }
          @default {
            <p class="ec-card__text">{{ (pushOn() ? 'notifications.pushOnText' : 'notifications.pushOffText') | t }}</p>
            @if (pushOn()) {
              <button mat-stroked-button type="button" data-testid="push-disable" [disabled]="pushBusy()" (click)="disablePush()">{{ 'notifications.pushDisable' | t }}</button>
            } @else {
              <button mat-flat-button type="button" data-testid="push-enable" [disabled]="pushBusy() || !pushReady()" (click)="enablePush()">{{ 'notifications.pushEnable' | t }}</button>
            }
          }
        }
        @if (pushError(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
        @if (pushDone(); as key) {
          <p class="ec-notice ec-notice--success" role="status"><ec-icon name="checkCircle" /><span>{{ key | t }}</span></p>
        }
      </div>

      @if (state(); as current) {
        @if (!current.emailAvailable) {
          <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.preferencesNoSmtp' | t }}</span></p>
        } @else if (!current.hasEmail) {
          <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.preferencesNoEmail' | t }}</span></p>
        }
      }
      <form [formGroup]="form" (ngSubmit)="save()">
        <table class="ec-prefs">
          <caption class="ec-prefs__caption">{{ 'notifications.preferences' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'notifications.kind' | t }}</th>
              <th scope="col" class="ec-prefs__choice">{{ 'notifications.byEmail' | t }}</th>
              <th scope="col" class="ec-prefs__choice">{{ 'notifications.byPush' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (kind of kinds; track kind) {
              <tr [attr.data-kind]="kind">
                <th scope="row">{{ kindLabel(kind) }}</th>
                <td class="ec-prefs__choice" formGroupName="email">
                  <mat-checkbox [formControlName]="kind" [aria-label]="'notifications.emailFor' | t: { kind: kindLabel(kind) }" data-channel="email" />
                </td>
                <td class="ec-prefs__choice" formGroupName="push">
                  <mat-checkbox [formControlName]="kind" [aria-label]="'notifications.pushFor' | t: { kind: kindLabel(kind) }" data-channel="push" />
                </td>
              </tr>
            }
          </tbody>
        </table>
        @if (error(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
        @if (saved()) {
          <p class="ec-notice ec-notice--success" role="status"><ec-icon name="checkCircle" /><span>{{ 'notifications.preferencesSaved' | t }}</span></p>
        }
        <div class="ec-form__actions">
          <button mat-flat-button type="submit" [disabled]="busy()">{{ (busy() ? 'common.saving' : 'common.save') | t }}</button>
        </div>
      </form>
    </section>
  `,
  styles: `
    .ec-push {
      margin: 0 0 16px;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .ec-push__head {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 4px;
    }
    .ec-push__title {
      margin: 0;
      font: var(--mat-sys-title-small);
      flex: 1;
    }
    .ec-prefs {
      width: 100%;
      border-collapse: collapse;
      margin: 0 0 8px;
    }
    .ec-prefs__caption {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .ec-prefs th,
    .ec-prefs td {
      padding: 0 8px;
      text-align: left;
      font: var(--mat-sys-body-medium);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-prefs thead th {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      padding-block: 6px;
    }
    .ec-prefs .ec-prefs__choice {
      width: 96px;
      text-align: center;
    }
  `,
})
export class NotificationPreferencesComponent {
  private readonly api = inject(NotificationsApi);
  private readonly i18n = inject(TranslationService);
  private readonly push = inject(PushRegistration);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly kinds = NOTIFICATION_KINDS;
  protected readonly form = this.fb.group({ email: this.fb.group({ ...DEFAULT_NOTIFICATION_EMAIL }), push: this.fb.group({ ...DEFAULT_NOTIFICATION_PUSH }) });
  protected readonly state = signal<NotificationPreferencesResponse | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly pushOn = computed(() => this.push.state() === 'on');
  protected readonly pushBusy = signal(false);
  /** The device's state read and the server's key known: until then, turning push on would do nothing. */
  private readonly pushChecked = signal(false);
  protected readonly pushReady = computed(() => this.pushChecked() && Boolean(this.state()?.pushKey));
  protected readonly pushError = signal<string | null>(null);
  protected readonly pushDone = signal<TranslationKey | null>(null);
  /** Why this device cannot be turned on, if it cannot. */
  protected readonly pushBlocker = computed<'unsupported' | 'not-configured' | 'denied' | null>(() => {
    const device = this.push.state();
    if (device === 'unsupported') return 'unsupported';
    const preferences = this.state();
    if (preferences && !preferences.pushKey) return 'not-configured';
    return device === 'denied' ? 'denied' : null;
  });

  constructor() {
    this.api.preferences().subscribe({
      next: (preferences) => this.apply(preferences),
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
    this.form.valueChanges.subscribe(() => this.saved.set(false));
    void this.push.check().finally(() => this.pushChecked.set(true));
  }

  protected kindLabel(kind: NotificationKind): string {
    return this.i18n.translate(`notifications.kinds.${kind}`);
  }

  protected save(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api
      .updatePreferences(this.form.getRawValue())
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (preferences) => {
          this.apply(preferences);
          this.saved.set(true);
        },
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }

  protected async enablePush(): Promise<void> {
    const key = this.state()?.pushKey;
    if (!key) return;
    await this.pushAction(() => this.push.enable(key), 'notifications.pushEnabled');
  }

  protected async disablePush(): Promise<void> {
    await this.pushAction(() => this.push.disable(), 'notifications.pushDisabled');
  }

  private async pushAction(action: () => Promise<void>, done: TranslationKey): Promise<void> {
    this.pushBusy.set(true);
    this.pushError.set(null);
    this.pushDone.set(null);
    try {
      await action();
      this.pushDone.set(done);
    } catch (error) {
      // The browser's refusal (permission denied) is shown by the state; anything else is said here.
      if (this.push.state() !== 'denied') this.pushError.set(this.i18n.translate('notifications.pushFailed', { reason: this.i18n.describeError(error) }));
    } finally {
      this.pushBusy.set(false);
    }
  }

  private apply(preferences: NotificationPreferencesResponse): void {
    this.state.set(preferences);
    this.form.setValue({ email: preferences.email, push: preferences.push }, { emitEvent: false });
  }
}
