import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { IdentityErrorCode, type OrganisationResponse, type UserResponse } from '@ecabinet/shared/contracts';
import { OrganisationsApi } from '@ecabinet/web/identity/data-access';
import { TranslatePipe, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import type { Observable } from 'rxjs';

export interface OrganisationFormDialogData {
  /** The organisation to edit; `null` to create one. */
  readonly organisation: OrganisationResponse | null;
  /** Who may lead one: enabled members of the Government and the chair. */
  readonly heads: readonly UserResponse[];
}

/** Upper-case letters (Vietnamese ones too), digits and dashes: "BTC", "UBND-HN", "BKHĐT". */
export const SYMBOL_PATTERN = /^[\p{Lu}0-9][\p{Lu}0-9-]{0,19}$/u;

/** Typed in any case (it is saved in upper case), checked as it will be saved. */
function symbolValid(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value.trim();
  return !value || SYMBOL_PATTERN.test(value.toLocaleUpperCase('vi')) ? null : { symbol: true };
}

/** Create an organisation, or change one's names, symbol and head. Closes with the saved organisation. */
@Component({
  selector: 'ec-organisation-form-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (edited ? 'organisations.editTitle' : 'organisations.createTitle') | t }}</h2>
    <form novalidate [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ec-organisation-form">
        <mat-form-field appearance="outline">
          <mat-label>{{ 'organisations.name' | t }}</mat-label>
          <input matInput formControlName="name" autocomplete="off" required />
          <mat-hint>{{ 'organisations.nameHint' | t }}</mat-hint>
          @if (form.controls.name.invalid) {
            <mat-error>{{ 'organisations.nameRequired' | t }}</mat-error>
          }
        </mat-form-field>
        <div class="ec-organisation-form__row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'organisations.shortName' | t }}</mat-label>
            <input matInput formControlName="shortName" autocomplete="off" required />
            @if (form.controls.shortName.invalid) {
              <mat-error>{{ 'organisations.shortNameRequired' | t }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'organisations.symbol' | t }}</mat-label>
            <input matInput formControlName="symbol" autocomplete="off" autocapitalize="characters" spellcheck="false" required (blur)="upperSymbol()" />
            <mat-hint>{{ 'organisations.symbolHint' | t }}</mat-hint>
            @if (form.controls.symbol.hasError('taken')) {
              <mat-error>{{ 'errors.ORGANISATION_SYMBOL_TAKEN' | t }}</mat-error>
            } @else if (form.controls.symbol.invalid) {
              <mat-error>{{ 'organisations.symbolPattern' | t }}</mat-error>
            }
          </mat-form-field>
        </div>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'organisations.head' | t }}</mat-label>
          <mat-select formControlName="headUserId" data-testid="organisation-head">
            <mat-option value="">{{ 'organisations.noHead' | t }}</mat-option>
            @for (person of data.heads; track person.id) {
              <mat-option [value]="person.id">{{ person.fullName }}@if (person.title) { — {{ person.title }} }</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (errorMessage(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()">{{ (saving() ? 'common.saving' : 'common.save') | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-organisation-form {
      display: grid;
      gap: 8px;
      padding-top: 8px;
    }
    .ec-organisation-form__row {
      display: grid;
      grid-template-columns: 2fr 1fr;
      gap: 12px;
    }
    @media (max-width: 599px) {
      .ec-organisation-form__row {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class OrganisationFormDialogComponent {
  private readonly api = inject(OrganisationsApi);
  protected readonly data = inject<OrganisationFormDialogData>(MAT_DIALOG_DATA);
  protected readonly edited = this.data.organisation;
  private readonly saveStep = dialogSave<OrganisationResponse>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.edited?.name ?? '', [Validators.required, Validators.minLength(2), Validators.maxLength(200)]],
    shortName: [this.edited?.shortName ?? '', [Validators.required, Validators.maxLength(100)]],
    symbol: [this.edited?.symbol ?? '', [Validators.required, symbolValid]],
    headUserId: [this.edited?.headUserId ?? ''],
  });

  protected upperSymbol(): void {
    const control = this.form.controls.symbol;
    const upper = control.value.trim().toLocaleUpperCase('vi');
    if (upper !== control.value) control.setValue(upper);
  }

  protected save(): void {
    this.upperSymbol();
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saveStep.submit(this.request(), (error) => {
      if (readApiError(error)?.code === IdentityErrorCode.ORGANISATION_SYMBOL_TAKEN) {
        this.form.controls.symbol.setErrors({ taken: true });
        this.form.controls.symbol.markAsTouched();
      }
    });
  }

  private request(): Observable<OrganisationResponse> {
    const { name, shortName, symbol, headUserId } = this.form.getRawValue();
    const values = { name: name.trim(), shortName: shortName.trim(), symbol };
    if (this.edited) return this.api.update(this.edited.id, { ...values, headUserId: headUserId || null });
    return this.api.create({ ...values, ...(headUserId ? { headUserId } : {}) });
  }
}
