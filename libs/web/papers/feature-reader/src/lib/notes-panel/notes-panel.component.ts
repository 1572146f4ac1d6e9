import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ANNOTATION_TEXT_MAX, type AnnotationResponse } from '@ecabinet/shared/contracts';
import type { ShownAnnotation } from '@ecabinet/web/papers/data-access';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

export interface AnnotationEdit {
  readonly annotation: AnnotationResponse;
  readonly text: string;
}

/**
 * The member's private notes and highlights: those of the page on screen (with a field to add
 * one), then those of other pages to jump to, then those left on pages a new version dropped.
 */
@Component({
  selector: 'ec-notes-panel',
  imports: [NgTemplateOutlet, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notes-panel.component.html',
  styleUrl: './notes-panel.component.scss',
})
export class NotesPanelComponent {
  readonly page = input.required<number>();
  readonly annotations = input.required<readonly ShownAnnotation[]>();
  readonly busy = input(false);
  readonly addNote = output<string>();
  readonly edit = output<AnnotationEdit>();
  readonly remove = output<AnnotationResponse>();
  readonly goTo = output<number>();

  protected readonly maxLength = ANNOTATION_TEXT_MAX;
  // Not `required`: an empty field is simply not sent (the button is off), never shown as an error.
  protected readonly draft = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(ANNOTATION_TEXT_MAX)] });
  protected readonly noteForm = new FormGroup({ draft: this.draft });
  protected readonly editing = signal<string | null>(null);
  protected readonly editText = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(ANNOTATION_TEXT_MAX)] });

  protected readonly onPage = computed(() => this.annotations().filter((a) => !a.pageMissing && a.page === this.page()));
  protected readonly elsewhere = computed(() => this.annotations().filter((a) => !a.pageMissing && a.page !== this.page()));
  protected readonly orphaned = computed(() => this.annotations().filter((a) => a.pageMissing));

  protected saveNote(): void {
    const text = this.draft.value.trim();
    if (!text || this.draft.invalid) return;
    this.addNote.emit(text);
  }

  /** Called by the page once the note is stored, so a failed save keeps what was typed. */
  clearDraft(): void {
    this.noteForm.reset({ draft: '' });
  }

  protected startEditing(annotation: AnnotationResponse): void {
    this.editText.setValue(annotation.text);
    this.editing.set(annotation.id);
  }

  protected saveEdit(annotation: AnnotationResponse): void {
    if (this.editText.invalid) return;
    if (annotation.kind === 'note' && !this.editText.value.trim()) return;
    this.edit.emit({ annotation, text: this.editText.value.trim() });
    this.editing.set(null);
  }

  protected cancelEdit(): void {
    this.editing.set(null);
  }
}
