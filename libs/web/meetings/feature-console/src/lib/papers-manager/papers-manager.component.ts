import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { type AgendaItemResponse, PAPER_CLASSIFICATIONS, type PaperClassification, type PaperResponse } from '@ecabinet/shared/contracts';
import { PapersApi, type UploadProgress } from '@ecabinet/web/papers/data-access';
import { PaperClassificationChipComponent } from '@ecabinet/web/papers/ui';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, saveBlob } from '@ecabinet/web/shared/ui';
import type { Observable } from 'rxjs';

/** A file chosen for an item, waiting for its title to be checked before it is sent. */
interface StagedUpload {
  readonly itemId: string;
  readonly file: File;
  readonly form: FormGroup<{ title: FormControl<string> }>;
}

/** "Tờ trình 123-TTr-BTC.pdf" → "Tờ trình 123-TTr-BTC": a paper's title proposed from its file name. */
export function titleFromFileName(name: string): string {
  return name.replace(/\.[^.\\/]{1,8}$/, '').replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

interface Upload {
  readonly key: string;
  readonly name: string;
  readonly percent: number;
}

const CLASSIFICATION_LABELS = {
  normal: 'papers.classification.normal',
  restricted: 'papers.classification.restricted',
  confidential: 'papers.classification.confidential',
} as const satisfies Record<PaperClassification, string>;

/**
 * The secretariat's papers desk for one meeting: each agenda item with its papers, an upload
 * (with progress, and the server's plain-language refusal of a damaged or locked file) and a
 * "replace with a new version" per paper. Papers follow the live `papers` event.
 */
@Component({
  selector: 'ec-papers-manager',
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    PaperClassificationChipComponent,
    IconComponent,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './papers-manager.component.html',
  styleUrl: './papers-manager.component.scss',
})
export class PapersManagerComponent {
  readonly meetingId = input.required<string>();
  readonly agenda = input.required<readonly AgendaItemResponse[]>();
  /** Moves when the live channel says papers changed. */
  readonly papersSeq = input<number | null>(null);
  readonly canUpload = input(false);

  private readonly api = inject(PapersApi);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  protected readonly classifications = PAPER_CLASSIFICATIONS;
  protected readonly classificationLabels = CLASSIFICATION_LABELS;
  protected readonly papers = signal<readonly PaperResponse[]>([]);
  protected readonly classificationFor = signal<ReadonlyMap<string, PaperClassification>>(new Map());
  protected readonly upload = signal<Upload | null>(null);
  protected readonly staged = signal<StagedUpload | null>(null);
  /** The paper being renamed, with its title field. */
  protected readonly renaming = signal<{ readonly paper: PaperResponse; readonly form: FormGroup<{ title: FormControl<string> }> } | null>(null);
  protected readonly renameSaving = signal(false);
  protected readonly failure = signal<{ key: string; message: string } | null>(null);
  protected readonly byItem = computed(() => {
    const map = new Map<string, PaperResponse[]>();
    for (const paper of this.papers()) map.set(paper.itemId, [...(map.get(paper.itemId) ?? []), paper]);
    return map;
  });

  constructor() {
    effect(() => {
      const meetingId = this.meetingId();
      this.papersSeq();
      untracked(() => this.refresh(meetingId));
    });
  }

  protected papersOf(itemId: string): readonly PaperResponse[] {
    return this.byItem().get(itemId) ?? [];
  }

  protected classificationOf(itemId: string): PaperClassification {
    return this.classificationFor().get(itemId) ?? 'normal';
  }

  protected setClassification(itemId: string, classification: PaperClassification): void {
    this.classificationFor.update((current) => new Map(current).set(itemId, classification));
  }

  /** A chosen file waits for its title (proposed from the file name, editable) before it is sent. */
  protected chooseFile(item: AgendaItemResponse, event: Event): void {
    const file = this.takeFile(event, item.id);
    if (!file) return;
    const title = new FormControl(titleFromFileName(file.name), { nonNullable: true, validators: [Validators.required, Validators.maxLength(300)] });
    this.staged.set({ itemId: item.id, file, form: new FormGroup({ title }) });
    queueMicrotask(() => document.querySelector<HTMLInputElement>(`[data-testid="paper-title-${item.number}"]`)?.select());
  }

  protected cancelStaged(): void {
    this.staged.set(null);
  }

  protected uploadStaged(item: AgendaItemResponse): void {
    const staged = this.staged();
    if (!staged || staged.itemId !== item.id) return;
    const control = staged.form.controls.title;
    const title = control.value.trim();
    if (!title) {
      control.setValue('');
      control.markAsTouched();
      return;
    }
    this.staged.set(null);
    this.send(item.id, staged.file, this.api.upload(this.meetingId(), item.id, staged.file, { title, classification: this.classificationOf(item.id) }), (paper) =>
      this.i18n.translate('papers.upload.done', { title: paper.title, pages: paper.current.pageCount }),
    );
  }

  protected replace(paper: PaperResponse, event: Event): void {
    const file = this.takeFile(event, paper.id);
    if (!file) return;
    this.send(paper.id, file, this.api.replace(this.meetingId(), paper.id, file), (updated) =>
      this.i18n.translate('papers.upload.replaced', { title: updated.title, version: updated.current.version }),
    );
  }

  protected startRename(paper: PaperResponse): void {
    this.failure.set(null);
    const title = new FormControl(paper.title, { nonNullable: true, validators: [Validators.required, Validators.maxLength(300)] });
    this.renaming.set({ paper, form: new FormGroup({ title }) });
    queueMicrotask(() => document.querySelector<HTMLInputElement>(`[data-testid="rename-${paper.id}"]`)?.select());
  }

  protected cancelRename(): void {
    this.renaming.set(null);
  }

  /** Sends the new title with the revision the desk showed; a stale revision is refused and said so. */

  /** The bytes of the current version as received, before repair or decryption (evidence; secretariat only). */
  protected downloadReceived(paper: PaperResponse): void {
    this.failure.set(null);
    this.api.downloadReceived(this.meetingId(), paper.id, paper.current.version).subscribe({
      next: (file) => saveBlob(file.blob, file.fileName),
      error: (error: unknown) => this.failure.set({ key: paper.id, message: this.i18n.describeError(error) }),
    });
  }

  protected saveRename(): void {
    const renaming = this.renaming();
    if (!renaming || this.renameSaving()) return;
    const control = renaming.form.controls.title;
    const title = control.value.trim();
    if (!title) {
      control.setValue('');
      control.markAsTouched();
      return;
    }
    if (title === renaming.paper.title) {
      this.renaming.set(null);
      return;
    }
    this.renameSaving.set(true);
    this.api.update(this.meetingId(), renaming.paper.id, { title, revision: renaming.paper.revision }).subscribe({
      next: (paper) => {
        this.renameSaving.set(false);
        this.renaming.set(null);
        this.papers.update((papers) => papers.map((candidate) => (candidate.id === paper.id ? paper : candidate)));
        this.snackBar.open(this.i18n.translate('papers.upload.renamed', { title: paper.title }), this.i18n.translate('common.close'), { duration: 5000 });
      },
      error: (error: unknown) => {
        this.renameSaving.set(false);
        this.failure.set({ key: renaming.paper.id, message: this.i18n.describeError(error) });
      },
    });
  }

  private takeFile(event: Event, key: string): File | null {
    const field = event.target as HTMLInputElement;
    const file = field.files?.[0] ?? null;
    field.value = '';
    if (!file) return null;
    // The server decides by content; this only spares a secretary a long wait for a wrong file.
    if (file.type && file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
      this.failure.set({ key, message: this.i18n.translate('papers.upload.onlyPdf') });
      return null;
    }
    return file;
  }

  private send(key: string, file: File, request: Observable<UploadProgress>, done: (paper: PaperResponse) => string): void {
    this.failure.set(null);
    this.upload.set({ key, name: file.name, percent: 0 });
    request.subscribe({
      next: (progress) => {
        if (progress.state === 'sending') {
          this.upload.set({ key, name: file.name, percent: progress.percent });
          return;
        }
        this.upload.set(null);
        this.papers.update((papers) => [...papers.filter((paper) => paper.id !== progress.paper.id), progress.paper].sort((a, b) => a.position - b.position));
        this.snackBar.open(done(progress.paper), this.i18n.translate('common.close'), { duration: 5000 });
      },
      error: (error: unknown) => {
        this.upload.set(null);
        this.failure.set({ key, message: this.i18n.describeError(error) });
      },
    });
  }

  private refresh(meetingId: string): void {
    this.api.list(meetingId).subscribe({
      next: (papers) => this.papers.set([...papers].sort((a, b) => a.position - b.position)),
      error: (error: unknown) => this.failure.set({ key: '', message: this.i18n.describeError(error) }),
    });
  }
}
