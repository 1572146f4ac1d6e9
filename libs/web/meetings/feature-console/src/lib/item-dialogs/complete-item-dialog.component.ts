import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { AgendaItemResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { type Observable, finalize } from 'rxjs';

export interface CompleteItemDialogData {
  readonly item: AgendaItemResponse;
  readonly complete: (conclusion: string) => Observable<AgendaItemResponse>;
}

/** The chair's conclusion on an item; recording it marks the item done. */
@Component({
  selector: 'ec-complete-item-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'meetings.console.completeForm.title' | t: { number: data.item.number } }}</h2>
    <form novalidate (ngSubmit)="save()">
      <mat-dialog-content>
        <p class="ec-complete__item">{{ data.item.title }}</p>
        <mat-form-field appearance="outline" class="ec-complete__field">
          <mat-label>{{ 'meetings.console.completeForm.conclusion' | t }}</mat-label>
          <textarea matInput rows="6" required maxlength="20000" [formControl]="conclusion"></textarea>
          <mat-hint>{{ 'meetings.console.completeForm.hint' | t }}</mat-hint>
          @if (conclusion.hasError('required')) {
            <mat-error>{{ 'meetings.console.completeForm.required' | t }}</mat-error>
          }
        </mat-form-field>
        @if (errorMessage(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ (saving() ? 'common.saving' : 'meetings.console.completeForm.submit') | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-complete__item {
      margin: 0 0 12px;
      font: var(--mat-sys-title-small);
    }
    .ec-complete__field {
      width: 100%;
    }
  `,
})
export class CompleteItemDialogComponent {
  protected readonly data = inject<CompleteItemDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<CompleteItemDialogComponent, AgendaItemResponse>>(MatDialogRef);
  private readonly i18n = inject(TranslationService);

  protected readonly conclusion = new FormControl(this.data.item.conclusion ?? '', { nonNullable: true, validators: [Validators.required] });
  protected readonly saving = signal(false);
  private readonly failure = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.failure() ? this.i18n.describeError(this.failure()) : null));

  protected save(): void {
    if (!this.conclusion.value.trim()) {
      this.conclusion.setErrors({ required: true });
      this.conclusion.markAsTouched();
      return;
    }
    if (this.saving()) {
      return;
    }
    this.saving.set(true);
    this.failure.set(null);
    this.data
      .complete(this.conclusion.value)
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: (item) => this.dialogRef.close(item),
        error: (error: unknown) => this.failure.set(error),
      });
  }
}
