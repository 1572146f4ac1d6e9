import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { AgendaItemResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';
import { type Observable, finalize } from 'rxjs';
import { ConclusionDraftStore } from '../draft-stores';

export interface CompleteItemDialogData {
  readonly meetingId: string;
  readonly item: AgendaItemResponse;
  /** Sends the conclusion; the dialog closes only when this emits the recorded item. */
  readonly complete: (conclusion: string) => Observable<AgendaItemResponse>;
  /**
   * `conclude` (the default): the item under discussion is concluded and ends. `record`: the item
   * is already done (a vote closed, the session moved on) and only its conclusion is recorded.
   */
  readonly mode?: 'conclude' | 'record';
}

/**
 * The chair's conclusion on an item; recording it marks the item done. The text is kept as a
 * draft until the server has it: the dialog stays open while it is sent and after any refusal
 * (with the reason in the user's language), and the draft comes back after a reload.
 */
@Component({
  selector: 'ec-complete-item-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (recording ? 'meetings.console.completeForm.recordTitle' : 'meetings.console.completeForm.title') | t: { number: data.item.number } }}</h2>
    <!-- [formGroup] handles the submit in the page: a bare <form> would reload it and lose the text. -->
    <form novalidate [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content>
        <p class="ec-complete__item">{{ data.item.title }}</p>
        @if (restored) {
          <p class="ec-notice ec-notice--info" role="status" data-testid="conclusion-draft-restored">
            <ec-icon name="info" /><span>{{ 'meetings.console.completeForm.draftRestored' | t }}</span>
          </p>
        }
        <mat-form-field appearance="outline" class="ec-complete__field">
          <mat-label>{{ 'meetings.console.completeForm.conclusion' | t }}</mat-label>
          <textarea matInput rows="6" required maxlength="20000" formControlName="conclusion"></textarea>
          <mat-hint>{{ 'meetings.console.completeForm.hint' | t }}</mat-hint>
          @if (form.controls.conclusion.hasError('required')) {
            <mat-error>{{ 'meetings.console.completeForm.required' | t }}</mat-error>
          }
        </mat-form-field>
        @if (errorMessage(); as message) {
          <div class="ec-notice ec-notice--error" role="alert" data-testid="conclusion-error">
            <ec-icon name="error" />
            <span>{{ message }} {{ 'meetings.console.completeForm.kept' | t }}</span>
          </div>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        @if (saving()) {
          <span class="ec-complete__wait" role="status">{{ 'meetings.console.completeForm.waiting' | t }}</span>
        }
        <button mat-button type="button" [disabled]="saving()" (click)="cancel()">{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ (saving() ? 'common.saving' : recording ? 'meetings.console.completeForm.recordSubmit' : 'meetings.console.completeForm.submit') | t }}</button>
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
    .ec-complete__wait {
      margin-right: auto;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CompleteItemDialogComponent {
  protected readonly data = inject<CompleteItemDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<CompleteItemDialogComponent, AgendaItemResponse>>(MatDialogRef);
  private readonly i18n = inject(TranslationService);
  private readonly drafts = inject(ConclusionDraftStore);

  protected readonly recording = this.data.mode === 'record';
  private readonly draft = this.drafts.read(this.data.meetingId, this.data.item.id);
  /** A text left unsaved (a reload, a failure, the dialog closed) was put back. */
  protected readonly restored = this.draft !== null && this.draft !== this.data.item.conclusion;
  protected readonly form = new FormGroup({
    conclusion: new FormControl(this.draft ?? this.data.item.conclusion ?? '', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly saving = signal(false);
  private readonly failure = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.failure() ? this.i18n.describeError(this.failure()) : null));

  constructor() {
    // Escape and a click beside the dialog would drop what is being written: only "Hủy" closes it.
    this.dialogRef.disableClose = true;
    this.form.controls.conclusion.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((text) => this.drafts.write(this.data.meetingId, this.data.item.id, text));
  }

  protected save(): void {
    const conclusion = this.form.controls.conclusion;
    if (!conclusion.value.trim()) {
      conclusion.setErrors({ required: true });
      conclusion.markAsTouched();
      return;
    }
    if (this.saving()) {
      return;
    }
    this.drafts.write(this.data.meetingId, this.data.item.id, conclusion.value);
    this.saving.set(true);
    this.failure.set(null);
    this.data
      .complete(conclusion.value)
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: (item) => {
          this.drafts.clear(this.data.meetingId, this.data.item.id);
          this.dialogRef.close(item);
        },
        error: (error: unknown) => this.failure.set(error),
      });
  }

  /** Closes without recording; the text stays as a draft for the next time. */
  protected cancel(): void {
    if (!this.saving()) {
      this.dialogRef.close();
    }
  }
}
