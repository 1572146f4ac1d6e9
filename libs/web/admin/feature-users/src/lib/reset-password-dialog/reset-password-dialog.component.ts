import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PASSWORD_MIN_LENGTH, type UserResponse } from '@ecabinet/shared/contracts';
import { UsersApi } from '@ecabinet/web/identity/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

export interface ResetPasswordDialogData {
  readonly user: UserResponse;
}

/** Sets a new password for a user; the dialog is the confirmation. Closes with `true` when done. */
@Component({
  selector: 'ec-reset-password-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'users.resetTitle' | t }}</h2>
    <form novalidate [formGroup]="form" (ngSubmit)="resetPassword()">
      <mat-dialog-content>
        <p class="ec-dialog-text">{{ 'users.resetMessage' | t: { name: user.fullName } }}</p>
        <mat-form-field appearance="outline" class="ec-dialog-field">
          <mat-label>{{ 'users.newPassword' | t }}</mat-label>
          <input matInput type="password" autocomplete="new-password" required formControlName="password" />
          <mat-hint>{{ 'users.passwordMinLength' | t: { n: passwordMinLength } }}</mat-hint>
          @if (password.hasError('required')) {
            <mat-error>{{ 'users.required' | t }}</mat-error>
          } @else if (password.hasError('minlength')) {
            <mat-error>{{ 'users.passwordMinLength' | t: { n: passwordMinLength } }}</mat-error>
          }
        </mat-form-field>
        @if (errorMessage(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" class="ec-button--danger" [disabled]="saving()">{{ 'users.resetConfirm' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-dialog-text {
      margin: 0 0 16px;
      max-width: 48ch;
    }
    .ec-dialog-field {
      width: 100%;
    }
  `,
})
export class ResetPasswordDialogComponent {
  private readonly api = inject(UsersApi);
  private readonly dialogRef = inject<MatDialogRef<ResetPasswordDialogComponent, boolean>>(MatDialogRef);
  private readonly i18n = inject(TranslationService);
  protected readonly user = inject<ResetPasswordDialogData>(MAT_DIALOG_DATA).user;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly password = this.form.controls.password;
  protected readonly saving = signal(false);
  private readonly failure = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.failure() ? this.i18n.describeError(this.failure()) : null));

  protected resetPassword(): void {
    if (this.password.invalid || this.saving()) {
      this.password.markAsTouched();
      return;
    }
    this.saving.set(true);
    this.failure.set(null);
    this.api
      .resetPassword(this.user.id, { password: this.password.value })
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: () => this.dialogRef.close(true),
        error: (error: unknown) => this.failure.set(error),
      });
  }
}
