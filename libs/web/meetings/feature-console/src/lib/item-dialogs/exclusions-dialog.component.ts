import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { AgendaItemResponse, ItemExclusionsResponse, ParticipantResponse } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import type { Observable } from 'rxjs';

export interface ExclusionsDialogData {
  readonly item: AgendaItemResponse;
  readonly participants: readonly ParticipantResponse[];
  /** Who is excluded now. */
  readonly excluded: readonly string[];
  /** Saves; the dialog closes with the saved list, or shows the error and stays open. */
  readonly save: (userIds: readonly string[]) => Observable<ItemExclusionsResponse>;
}

/** The secretariat ticks who takes no part in an agenda item (conflict of interest): they read none of its papers. */
@Component({
  selector: 'ec-exclusions-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'meetings.console.exclusions.title' | t: { number: data.item.number } }}</h2>
    <mat-dialog-content>
      <p class="ec-exclusions__intro">{{ 'meetings.console.exclusions.intro' | t: { title: data.item.title } }}</p>
      @if (data.participants.length > 0) {
        <ul class="ec-exclusions__people" data-testid="exclusions-people">
          @for (person of data.participants; track person.userId) {
            <li>
              <mat-checkbox [checked]="chosen().has(person.userId)" (change)="toggle(person.userId, $event.checked)" [attr.data-excluded]="person.fullName">
                {{ person.fullName }}@if (person.title) {<span class="ec-exclusions__title"> · {{ person.title }}</span>}
              </mat-checkbox>
            </li>
          }
        </ul>
      } @else {
        <p id="exclusions-why" class="ec-notice ec-notice--info"><ec-icon name="info" /><span>{{ 'meetings.console.exclusions.noParticipants' | t }}</span></p>
      }
      @if (errorMessage(); as message) {
        <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" data-testid="exclusions-save" [disabled]="saving() || data.participants.length === 0" [attr.aria-describedby]="data.participants.length === 0 ? 'exclusions-why' : null" (click)="save()">
        {{ (saving() ? 'common.saving' : 'common.save') | t }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .ec-exclusions__intro {
      margin: 0 0 8px;
    }
    .ec-exclusions__people {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      gap: 0 16px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-exclusions__title {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ExclusionsDialogComponent {
  protected readonly data = inject<ExclusionsDialogData>(MAT_DIALOG_DATA);

  protected readonly chosen = signal<ReadonlySet<string>>(new Set(this.data.excluded));
  private readonly saveStep = dialogSave<ItemExclusionsResponse>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;

  protected toggle(userId: string, checked: boolean): void {
    this.chosen.update((current) => {
      const next = new Set(current);
      if (checked) next.add(userId);
      else next.delete(userId);
      return next;
    });
  }

  protected save(): void {
    this.saveStep.submit(this.data.save([...this.chosen()]));
  }
}
