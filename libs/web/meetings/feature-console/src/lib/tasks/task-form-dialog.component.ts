import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { MeetingParticipantChoice, OrganisationResponse, TaskDetailResponse, TaskSourceType } from '@ecabinet/shared/contracts';
import { OrganisationsApi } from '@ecabinet/web/identity/data-access';
import { MeetingsApi, TasksApi } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import { catchError, of, startWith } from 'rxjs';

export interface TaskFormDialogData {
  /** Where the task comes from; `direct` when the secretariat assigns it on its own. */
  readonly source: { readonly type: TaskSourceType; readonly id: string | null; readonly label: string };
  /** A first wording, such as the resolution section's heading. */
  readonly title?: string;
}

/** The secretariat assigns a task: what, to which organisation and person, with whom, by when. Closes with the task. */
@Component({
  selector: 'ec-task-form-dialog',
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'tasks.form.title' | t }}</h2>
    <form novalidate [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="ec-task-form">
        @if (data.source.type !== 'direct') {
          <p class="ec-task-form__source"><ec-icon name="link" />{{ 'tasks.form.source' | t }}: {{ sourceLabel }}</p>
        }
        <mat-form-field appearance="outline">
          <mat-label>{{ 'tasks.form.what' | t }}</mat-label>
          <textarea matInput rows="2" maxlength="500" formControlName="title" required data-testid="task-title"></textarea>
          @if (form.controls.title.invalid) {
            <mat-error>{{ 'tasks.form.whatRequired' | t }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'tasks.form.description' | t }}</mat-label>
          <textarea matInput rows="3" maxlength="20000" formControlName="description"></textarea>
        </mat-form-field>
        <div class="ec-task-form__row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'tasks.form.lead' | t }}</mat-label>
            <mat-select formControlName="leadOrganisationId" required data-testid="task-lead" (selectionChange)="leadChanged()">
              @for (organisation of organisations(); track organisation.id) {
                <mat-option [value]="organisation.id">{{ organisation.name }} ({{ organisation.symbol }})</mat-option>
              }
            </mat-select>
            @if (form.controls.leadOrganisationId.invalid) {
              <mat-error>{{ 'tasks.form.leadRequired' | t }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'tasks.form.responsible' | t }}</mat-label>
            <mat-select formControlName="responsibleUserId" data-testid="task-responsible">
              <mat-option value="">{{ 'tasks.noResponsible' | t }}</mat-option>
              @for (person of people(); track person.id) {
                <mat-option [value]="person.id">{{ person.fullName }}@if (person.title) { — {{ person.title }} }</mat-option>
              }
            </mat-select>
          </mat-form-field>
        </div>
        <div class="ec-task-form__row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'tasks.form.coordinating' | t }}</mat-label>
            <mat-select formControlName="coordinatingOrganisationIds" multiple data-testid="task-coordinating">
              @for (organisation of coordinatingChoices(); track organisation.id) {
                <mat-option [value]="organisation.id">{{ organisation.name }} ({{ organisation.symbol }})</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'tasks.form.dueDate' | t }}</mat-label>
            <input matInput type="date" formControlName="dueDate" [min]="today" required data-testid="task-due" />
            @if (form.controls.dueDate.invalid) {
              <mat-error>{{ 'tasks.form.dueDateRequired' | t }}</mat-error>
            }
          </mat-form-field>
        </div>
        @if (errorMessage(); as message) {
          <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="task-submit">{{ (saving() ? 'common.saving' : 'tasks.form.submit') | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .ec-task-form {
      display: grid;
      gap: 8px;
      padding-top: 8px;
      min-width: min(640px, 80vw);
    }
    .ec-task-form__row {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 12px;
    }
    .ec-task-form__source {
      display: flex;
      gap: 6px;
      align-items: center;
      margin: 0 0 4px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599px) {
      .ec-task-form__row {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class TaskFormDialogComponent {
  private readonly api = inject(TasksApi);
  private readonly i18n = inject(TranslationService);
  protected readonly data = inject<TaskFormDialogData>(MAT_DIALOG_DATA);
  private readonly saveStep = dialogSave<TaskDetailResponse>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;
  protected readonly today = this.i18n.governmentDate();
  protected readonly sourceLabel = this.i18n.translate(`tasks.source.${this.data.source.type}`, { label: this.data.source.label });

  private readonly allOrganisations = toSignal(inject(OrganisationsApi).list().pipe(catchError(() => of([] as OrganisationResponse[]))), { initialValue: [] as OrganisationResponse[] });
  private readonly choices = toSignal(inject(MeetingsApi).participantChoices().pipe(catchError(() => of([] as MeetingParticipantChoice[]))), { initialValue: [] as MeetingParticipantChoice[] });
  protected readonly organisations = computed(() => this.allOrganisations().filter((organisation) => organisation.active));

  protected readonly form = inject(NonNullableFormBuilder).group({
    title: [this.data.title ?? '', [Validators.required, Validators.maxLength(500), Validators.pattern(/\S/)]],
    description: [''],
    leadOrganisationId: ['', Validators.required],
    responsibleUserId: [''],
    coordinatingOrganisationIds: [[] as string[]],
    dueDate: ['', Validators.required],
  });
  private readonly lead = toSignal(this.form.controls.leadOrganisationId.valueChanges.pipe(startWith('')), { initialValue: '' });
  /** The people of the lead organisation: the responsible person is one of them. */
  protected readonly people = computed(() => this.choices().filter((person) => person.organisationId && person.organisationId === this.lead()));
  protected readonly coordinatingChoices = computed(() => this.organisations().filter((organisation) => organisation.id !== this.lead()));
  private readonly headOf = computed(() => new Map(this.organisations().map((organisation) => [organisation.id, organisation.headUserId])));

  /** A new lead: its head becomes the responsible person, and it leaves the coordinating ones. */
  protected leadChanged(): void {
    const lead = this.form.controls.leadOrganisationId.value;
    this.form.controls.responsibleUserId.setValue(this.headOf().get(lead) ?? '');
    this.form.controls.coordinatingOrganisationIds.setValue(this.form.controls.coordinatingOrganisationIds.value.filter((id) => id !== lead));
  }

  protected save(): void {
    const value = this.form.getRawValue();
    if (value.dueDate && value.dueDate < this.today) this.form.controls.dueDate.setErrors({ past: true });
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saveStep.submit(
      this.api.create({
        title: value.title.trim(),
        description: value.description.trim(),
        leadOrganisationId: value.leadOrganisationId,
        responsibleUserId: value.responsibleUserId || null,
        coordinatingOrganisationIds: value.coordinatingOrganisationIds,
        dueDate: value.dueDate,
        sourceType: this.data.source.type,
        ...(this.data.source.id ? { sourceId: this.data.source.id } : {}),
      }),
    );
  }
}
