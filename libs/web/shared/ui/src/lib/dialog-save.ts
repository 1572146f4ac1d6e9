import { type Signal, computed, inject, signal } from '@angular/core';
import { MatDialogRef } from '@angular/material/dialog';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { type Observable, finalize } from 'rxjs';

/** The save step of a form dialog, as every dialog of the app behaves. */
export interface DialogSave<T> {
  /** A request is under way: the submit button is disabled and says so. */
  readonly saving: Signal<boolean>;
  /** The last refusal, in the user's language; null after a new try starts. */
  readonly errorMessage: Signal<string | null>;
  /**
   * Sends `request` unless one is already under way. The dialog closes with what it returns; a
   * refusal keeps the dialog open with everything typed, shows `errorMessage`, and goes to
   * `onError` first (to mark the field a code names).
   */
  submit(request: Observable<T>, onError?: (error: unknown) => void): void;
}

/** Call in a dialog component's field initialiser (an injection context). */
export function dialogSave<T>(): DialogSave<T> {
  const dialogRef = inject<MatDialogRef<unknown, T>>(MatDialogRef);
  const i18n = inject(TranslationService);
  const saving = signal(false);
  const failure = signal<unknown>(null);
  return {
    saving: saving.asReadonly(),
    errorMessage: computed(() => (failure() ? i18n.describeError(failure()) : null)),
    submit(request, onError) {
      if (saving()) return;
      saving.set(true);
      failure.set(null);
      request.pipe(finalize(() => saving.set(false))).subscribe({
        next: (value) => dialogRef.close(value),
        error: (error: unknown) => {
          onError?.(error);
          failure.set(error);
        },
      });
    },
  };
}
