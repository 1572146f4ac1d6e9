import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { DEFAULT_NOTIFICATION_EMAIL, NOTIFICATION_KINDS, type NotificationKind, type NotificationPreferencesResponse } from '@ecabinet/shared/contracts';
import { NotificationsApi } from '@ecabinet/web/notifications/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/** Account page: per kind of notification, whether it also comes by e-mail (stored on the server). */
@Component({
  selector: 'ec-notification-preferences',
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card" aria-labelledby="ec-account-notifications">
      <h2 id="ec-account-notifications" class="ec-card__title">{{ 'notifications.preferences' | t }}</h2>
      <p class="ec-card__text">{{ 'notifications.preferencesIntro' | t }}</p>
      @if (state(); as current) {
        @if (!current.emailAvailable) {
          <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.preferencesNoSmtp' | t }}</span></p>
        } @else if (!current.hasEmail) {
          <p class="ec-notice" role="note"><ec-icon name="info" /><span>{{ 'notifications.preferencesNoEmail' | t }}</span></p>
        }
      }
      <form [formGroup]="form" (ngSubmit)="save()">
        <fieldset class="ec-prefs">
          <legend class="ec-prefs__legend">{{ 'notifications.preferences' | t }}</legend>
          @for (kind of kinds; track kind) {
            <mat-checkbox [formControlName]="kind" [attr.data-kind]="kind">{{ kindLabel(kind) }}</mat-checkbox>
          }
        </fieldset>
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
    .ec-prefs {
      display: flex;
      flex-direction: column;
      gap: 0;
      margin: 0 0 8px;
      padding: 0;
      border: 0;
    }
    .ec-prefs__legend {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class NotificationPreferencesComponent {
  private readonly api = inject(NotificationsApi);
  private readonly i18n = inject(TranslationService);

  protected readonly kinds = NOTIFICATION_KINDS;
  protected readonly form = inject(NonNullableFormBuilder).group({ ...DEFAULT_NOTIFICATION_EMAIL });
  protected readonly state = signal<NotificationPreferencesResponse | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    this.api.preferences().subscribe({
      next: (preferences) => this.apply(preferences),
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
    this.form.valueChanges.subscribe(() => this.saved.set(false));
  }

  protected kindLabel(kind: NotificationKind): string {
    return this.i18n.translate(`notifications.kinds.${kind}`);
  }

  protected save(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api
      .updatePreferences({ email: this.form.getRawValue() })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (preferences) => {
          this.apply(preferences);
          this.saved.set(true);
        },
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }

  private apply(preferences: NotificationPreferencesResponse): void {
    this.state.set(preferences);
    this.form.setValue(preferences.email, { emitEvent: false });
  }
}
