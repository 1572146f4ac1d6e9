import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { provideTouchedErrorStateMatcher } from '@ecabinet/web/shared/ui';
import { fromLocalInput } from '../local-date-time';

export interface PromptDialogData {
  /** Already translated texts. */
  title: string;
  label: string;
  confirmLabel: string;
  kind: 'text' | 'datetime';
  initial?: string;
  /** Shown when a datetime is not in the future. */
  futureError?: string;
  requiredError: string;
  destructive?: boolean;
}

function inTheFuture(control: AbstractControl<string>): ValidationErrors | null {
  const iso = fromLocalInput(control.value);
  return iso && new Date(iso).getTime() <= Date.now() ? { past: true } : null;
}

/** One value asked for before an action: the reason for returning a ballot, a new deadline. */
@Component({
  selector: 'ec-prompt-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslatePipe],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()">
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="ec-prompt__field">
          <mat-label>{{ data.label }}</mat-label>
          @if (data.kind === 'text') {
            <textarea matInput formControlName="value" rows="3" maxlength="2000" required></textarea>
          } @else {
            <input matInput type="datetime-local" formControlName="value" required />
          }
          @if (value.hasError('required')) {
            <mat-error>{{ data.requiredError }}</mat-error>
          } @else if (value.hasError('past')) {
            <mat-error>{{ data.futureError }}</mat-error>
          }
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="null">{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [class.ec-button--danger]="data.destructive">{{ data.confirmLabel }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-prompt__field {
      width: 100%;
      min-width: min(400px, 70vw);
      margin-top: 8px;
    }
  `,
})
export class PromptDialogComponent {
  protected readonly data = inject<PromptDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<PromptDialogComponent, string | null>>(MatDialogRef);
  private readonly i18n = inject(TranslationService);
  protected readonly value = new FormControl(this.data.initial ?? '', {
    nonNullable: true,
    validators: this.data.kind === 'datetime' ? [Validators.required, inTheFuture] : [Validators.required, (c: AbstractControl<string>) => (c.value.trim() ? null : { required: true })],
  });
  protected readonly form = new FormGroup({ value: this.value });

  protected confirm(): void {
    this.value.markAsTouched();
    if (this.value.invalid) {
      return;
    }
    this.ref.close(this.data.kind === 'datetime' ? fromLocalInput(this.value.value, this.i18n.timeZone()) : this.value.value.trim());
  }
}
