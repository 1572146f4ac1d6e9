import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PASSWORD_MIN_LENGTH, type UserResponse } from '@ecabinet/shared/contracts';
import { UsersApi } from '@ecabinet/web/identity/data-access';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import { map } from 'rxjs';

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
  protected readonly user = inject<ResetPasswordDialogData>(MAT_DIALOG_DATA).user;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly password = this.form.controls.password;
  private readonly saveStep = dialogSave<boolean>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;

  protected resetPassword(): void {
    if (this.password.invalid || this.saving()) {
      this.password.markAsTouched();
      return;
    }
    this.saveStep.submit(this.api.resetPassword(this.user.id, { password: this.password.value }).pipe(map(() => true)));
  }
}
