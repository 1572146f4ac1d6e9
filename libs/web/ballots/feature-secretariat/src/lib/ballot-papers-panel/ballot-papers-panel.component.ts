import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { BallotPaperClassification, BallotPaperResponse, BallotResponse } from '@ecabinet/shared/contracts';
import { BallotPaperListComponent } from '@ecabinet/web/ballots/ui';
import { PapersApi } from '@ecabinet/web/papers/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent, confirmAction } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/**
 * The papers of a ballot at the desk: listed for everyone who may see it (each opens in the
 * reader); while the ballot is a draft the secretariat attaches PDFs (title, classification,
 * progress, the server's plain refusal of a damaged or locked file) and removes them after
 * confirming. Each change moves the ballot's version, so the page re-reads it (`changed`).
 */
@Component({
  selector: 'ec-ballot-papers-panel',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatRadioModule, BallotPaperListComponent, DisabledReasonComponent, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ballot-papers-panel.component.html',
  styleUrl: './ballot-papers-panel.component.scss',
})
export class BallotPapersPanelComponent {
  readonly ballot = input.required<BallotResponse>();
  /** The caller is the secretariat (who alone attaches papers). */
  readonly canManage = input(false);
  readonly changed = output<void>();

  private readonly api = inject(PapersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);

  protected readonly editable = computed(() => this.canManage() && this.ballot().status === 'draft');
  protected readonly file = signal<File | null>(null);
  protected readonly progress = signal<number | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly title = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(300)] });
  protected readonly classification = new FormControl<BallotPaperClassification>('normal', { nonNullable: true });

  protected choose(event: Event): void {
    const field = event.target as HTMLInputElement;
    const file = field.files?.[0] ?? null;
    this.failure.set(null);
    // The server decides by content; this only spares a secretary a long wait for a wrong file.
    if (file && file.type && file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
      field.value = '';
      this.file.set(null);
      this.failure.set(this.i18n.translate('papers.upload.onlyPdf'));
      return;
    }
    this.file.set(file);
  }

  protected attach(fileField: HTMLInputElement): void {
    const file = this.file();
    if (!file || this.busy() || this.title.invalid) return;
    this.busy.set(true);
    this.failure.set(null);
    this.progress.set(0);
    const title = this.title.value.trim();
    this.api
      .uploadBallotPaper(this.ballot().id, file, { title: title || undefined, classification: this.classification.value })
      .pipe(
        finalize(() => {
          this.busy.set(false);
          this.progress.set(null);
        }),
      )
      .subscribe({
        next: (progress) => {
          if (progress.state === 'sending') {
            this.progress.set(progress.percent);
            return;
          }
          fileField.value = '';
          this.file.set(null);
          this.title.reset('');
          this.classification.reset('normal');
          this.snackBar.open(this.i18n.translate('ballots.papers.attached', { title: progress.paper.title, pages: progress.paper.pageCount }), this.i18n.translate('common.close'), { duration: 5000 });
          this.changed.emit();
        },
        error: (error: unknown) => this.failure.set(this.i18n.describeError(error)),
      });
  }

  protected remove(paper: BallotPaperResponse): void {
    confirmAction(this.dialog, {
      title: this.i18n.translate('ballots.papers.removeTitle'),
      message: this.i18n.translate('ballots.papers.removeMessage', { title: paper.title }),
      confirmLabel: this.i18n.translate('ballots.papers.remove'),
      destructive: true,
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.busy.set(true);
      this.api
        .removeBallotPaper(this.ballot().id, paper.id)
        .pipe(finalize(() => this.busy.set(false)))
        .subscribe({
          next: () => {
            this.snackBar.open(this.i18n.translate('ballots.papers.removed', { title: paper.title }), this.i18n.translate('common.close'), { duration: 4000 });
            this.changed.emit();
          },
          error: (error: unknown) => this.failure.set(this.i18n.describeError(error)),
        });
    });
  }
}
