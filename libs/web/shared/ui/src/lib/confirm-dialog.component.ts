import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, type MatDialog, MatDialogModule } from '@angular/material/dialog';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { type Observable, map } from 'rxjs';

export interface ConfirmDialogData {
  /** Already translated texts. */
  title: string;
  message: string;
  confirmLabel: string;
  /** A destructive action gets the error colour on its button. */
  destructive?: boolean;
}

/** "Are you sure?" with the consequence spelled out. Closes with `true` when confirmed. */
@Component({
  selector: 'ec-confirm-dialog',
  imports: [MatDialogModule, MatButtonModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="ec-confirm-dialog__message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ 'common.cancel' | t }}</button>
      <button
        mat-flat-button
        type="button"
        [class.ec-button--danger]="data.destructive"
        [mat-dialog-close]="true"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .ec-confirm-dialog__message {
      margin: 0;
      max-width: 48ch;
    }
  `,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}

/**
 * Opens the confirmation dialog; emits once, `true` only when the user confirmed. Focus starts
 * on "Cancel", the harmless choice, so a stray Enter does not confirm a destructive action.
 */
export function confirmAction(dialog: MatDialog, data: ConfirmDialogData): Observable<boolean> {
  return dialog
    .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
      data,
      width: '440px',
      maxWidth: 'calc(100vw - 32px)',
      role: 'alertdialog',
      autoFocus: 'first-tabbable',
    })
    .afterClosed()
    .pipe(map((confirmed) => confirmed === true));
}
