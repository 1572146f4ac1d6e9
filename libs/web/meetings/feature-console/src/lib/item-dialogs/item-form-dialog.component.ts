import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { AgendaItemResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import type { Observable } from 'rxjs';

export interface ItemFormValue {
  readonly parentId: string | null;
  readonly title: string;
  readonly summary: string | null;
  readonly presenter: string | null;
  readonly plannedMinutes: number | null;
}

export interface ItemFormDialogData {
  /** The item to edit; null to add one. */
  readonly item: AgendaItemResponse | null;
  /** Top-level items a new item may go under. */
  readonly parents: readonly AgendaItemResponse[];
  /** Saves; the dialog closes with the saved item, or shows the error and stays open. */
  readonly save: (value: ItemFormValue) => Observable<AgendaItemResponse>;
}

/** Add an agenda item (top level or under an item), or edit one's title, summary, presenter, time. */
@Component({
  selector: 'ec-item-form-dialog',
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>
      {{ data.item ? ('meetings.console.itemForm.editTitle' | t: { number: data.item.number }) : ('meetings.console.itemForm.createTitle' | t) }}
    </h2>
    <form novalidate [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ec-item-form">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'meetings.console.itemForm.title' | t }}</mat-label>
          <textarea matInput formControlName="title" rows="2" required maxlength="500"></textarea>
          @if (form.controls.title.hasError('required')) {
            <mat-error>{{ 'meetings.console.itemForm.required' | t }}</mat-error>
          }
        </mat-form-field>
        @if (!data.item) {
          <mat-form-field appearance="outline">
            <mat-label>{{ 'meetings.console.itemForm.parent' | t }}</mat-label>
            <mat-select formControlName="parentId">
              <mat-option [value]="null">{{ 'meetings.console.itemForm.topLevel' | t }}</mat-option>
              @for (parent of data.parents; track parent.id) {
                <mat-option [value]="parent.id">{{ 'meetings.console.itemForm.under' | t: { number: parent.number, title: parent.title } }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ 'meetings.console.itemForm.summary' | t }}</mat-label>
          <textarea matInput formControlName="summary" rows="3" maxlength="5000"></textarea>
        </mat-form-field>
        <div class="ec-item-form__row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'meetings.console.itemForm.presenter' | t }}</mat-label>
            <input matInput formControlName="presenter" maxlength="300" />
          </mat-form-field>
          <mat-form-field appearance="outline" class="ec-item-form__minutes">
            <mat-label>{{ 'meetings.console.itemForm.plannedMinutes' | t }}</mat-label>
            <input matInput type="number" inputmode="numeric" min="1" max="600" formControlName="plannedMinutes" />
            @if (form.controls.plannedMinutes.invalid) {
              <mat-error>{{ 'meetings.console.itemForm.minutesRange' | t }}</mat-error>
            }
          </mat-form-field>
        </div>
        @if (errorMessage(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ (saving() ? 'common.saving' : data.item ? 'common.save' : 'common.create') | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-item-form {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .ec-item-form__row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .ec-item-form__row mat-form-field {
      flex: 1 1 240px;
    }
    .ec-item-form__row .ec-item-form__minutes {
      flex: 0 1 200px;
    }
  `,
})
export class ItemFormDialogComponent {
  protected readonly data = inject<ItemFormDialogData>(MAT_DIALOG_DATA);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  private readonly saveStep = dialogSave<AgendaItemResponse>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;

  protected readonly form = this.formBuilder.group({
    title: [this.data.item?.title ?? '', [Validators.required, Validators.maxLength(500)]],
    parentId: this.formBuilder.control<string | null>(null),
    summary: [this.data.item?.summary ?? '', Validators.maxLength(5000)],
    presenter: [this.data.item?.presenter ?? '', Validators.maxLength(300)],
    plannedMinutes: this.formBuilder.control<number | null>(this.data.item?.plannedMinutes ?? null, [Validators.min(1), Validators.max(600)]),
  });

  protected save(): void {
    const title = this.form.controls.title.value.trim();
    if (!title) {
      this.form.controls.title.setErrors({ required: true });
    }
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const { parentId, summary, presenter, plannedMinutes } = this.form.getRawValue();
    this.saveStep.submit(
      this.data.save({
        parentId,
        title,
        summary: summary.trim() || null,
        presenter: presenter.trim() || null,
        plannedMinutes: plannedMinutes === null || Number.isNaN(plannedMinutes) ? null : Math.round(plannedMinutes),
      }),
    );
  }
}
