import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { TaskAttachmentResponse, TaskDetailResponse, TaskUpdateKind, TaskUpdateResponse } from '@ecabinet/shared/contracts';
import { TasksApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, StatusChipComponent, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import { type Observable, finalize } from 'rxjs';
import { TIMELINESS_CHIP, TaskLabels } from './task-labels';

const REPORT_KINDS: readonly TaskUpdateKind[] = ['progress', 'completion', 'extension'];
const draftKey = (taskId: string) => `ecabinet.task-report.${taskId}`;

/**
 * One task: what, who, by when, where it came from; its reports and decisions, oldest first. The
 * lead organisation reports here (progress with PDFs, a completion proposal, an extension request);
 * the secretariat accepts or refuses each request after confirming. A report being written
 * survives a reload of the tab.
 */
@Component({
  selector: 'ec-task-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    EmptyStateComponent,
    IconComponent,
    StatusChipComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './task-page.component.html',
  styleUrls: ['../document-page.scss', './task-page.component.scss'],
})
export class TaskPageComponent {
  /** The `:taskId` route parameter. */
  readonly taskId = input.required<string>();

  private readonly api = inject(TasksApi);
  private readonly dialog = inject(MatDialog);
  protected readonly i18n = inject(TranslationService);
  protected readonly labels = inject(TaskLabels);
  protected readonly chip = TIMELINESS_CHIP;
  protected readonly kinds = REPORT_KINDS;

  protected readonly task = signal<TaskDetailResponse | null>(null);
  protected readonly loadProblem = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly uploading = signal(false);
  protected readonly actionError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly kind = signal<TaskUpdateKind>('progress');
  protected readonly text = signal('');
  protected readonly requestedDueDate = signal('');
  protected readonly files = signal<readonly TaskAttachmentResponse[]>([]);
  protected readonly refuseNotes = signal<Record<string, string>>({});

  /** A request cannot be sent while another waits; progress always can. */
  protected readonly kindBlocked = computed(() => this.kind() !== 'progress' && !!this.task()?.pending);
  protected readonly reportInvalid = computed(
    () => !this.text().trim() || this.kindBlocked() || (this.kind() === 'extension' && !(this.requestedDueDate() > (this.task()?.dueDate ?? ''))),
  );
  protected readonly minExtension = computed(() => {
    const due = this.task()?.dueDate;
    if (!due) return '';
    const next = new Date(`${due}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString().slice(0, 10);
  });

  constructor() {
    effect(() => {
      const id = this.taskId();
      untracked(() => {
        this.restoreDraft(id);
        this.load(id);
      });
    });
    effect(() => {
      const draft = { kind: this.kind(), text: this.text(), requestedDueDate: this.requestedDueDate(), files: this.files() };
      untracked(() => this.storeDraft(draft));
    });
  }

  protected sourceLink(task: TaskDetailResponse): string[] | null {
    switch (task.source.type) {
      case 'resolution':
        return task.source.id ? ['/resolutions', task.source.id] : null;
      case 'conclusion':
        return task.source.meetingId ? ['/meetings', task.source.meetingId] : null;
      case 'ballot':
        return task.source.id ? ['/ballots', task.source.id] : null;
      case 'direct':
        return null;
    }
  }

  protected pickFiles(input: HTMLInputElement): void {
    const chosen = input.files ? Array.from(input.files) : [];
    input.value = '';
    const task = this.task();
    if (!task || !chosen.length) return;
    this.uploading.set(true);
    this.actionError.set(null);
    const next = (index: number): void => {
      const file = chosen[index];
      if (!file) {
        this.uploading.set(false);
        return;
      }
      this.api.attach(task.id, file).subscribe({
        next: (attachment) => {
          this.files.update((files) => [...files, attachment]);
          next(index + 1);
        },
        error: (error: unknown) => {
          this.uploading.set(false);
          this.actionError.set(`${file.name}: ${this.i18n.describeError(error)}`);
        },
      });
    };
    next(0);
  }

  protected removeFile(id: string): void {
    this.files.update((files) => files.filter((file) => file.id !== id));
  }

  protected download(task: TaskDetailResponse, file: TaskAttachmentResponse): void {
    this.api.attachment(task.id, file.id).subscribe({
      next: (blob) => saveBlob(blob, file.fileName),
      error: (error: unknown) => this.actionError.set(this.i18n.describeError(error)),
    });
  }

  protected send(): void {
    const task = this.task();
    if (!task || this.busy() || this.reportInvalid()) return;
    const kind = this.kind();
    this.run(
      this.api.report(task.id, {
        kind,
        text: this.text().trim(),
        attachmentIds: this.files().map((file) => file.id),
        ...(kind === 'extension' ? { requestedDueDate: this.requestedDueDate() } : {}),
      }),
      () => {
        this.kind.set('progress');
        this.text.set('');
        this.requestedDueDate.set('');
        this.files.set([]);
        return this.i18n.translate('tasks.sent');
      },
    );
  }

  protected setRefuseNote(id: string, note: string): void {
    this.refuseNotes.update((notes) => ({ ...notes, [id]: note }));
  }

  protected decide(update: TaskUpdateResponse, accept: boolean): void {
    const task = this.task();
    if (!task || this.busy()) return;
    const note = this.refuseNotes()[update.id]?.trim() ?? '';
    const request = () => this.api.decide(task.id, update.id, { accept, ...(note ? { note } : {}) });
    if (!accept) {
      this.run(request(), () => this.i18n.translate('tasks.state.refused'));
      return;
    }
    const which = update.kind === 'extension' ? 'extension' : 'completion';
    confirmAction(this.dialog, {
      title: this.i18n.translate(`tasks.acceptConfirm.${which}.title`),
      message: this.i18n.translate(`tasks.acceptConfirm.${which}.message`, { date: this.i18n.formatCalendarDate(update.requestedDueDate) }),
      confirmLabel: this.i18n.translate('tasks.accept'),
    }).subscribe((confirmed) => {
      if (confirmed) this.run(request(), () => this.i18n.translate('tasks.state.accepted'));
    });
  }

  protected reload(): void {
    this.load(this.taskId());
  }

  private run(request: Observable<TaskDetailResponse>, notice: () => string): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.notice.set(null);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (task) => {
        this.task.set(task);
        this.notice.set(notice());
      },
      error: (error: unknown) => this.actionError.set(this.i18n.describeError(error)),
    });
  }

  private load(id: string): void {
    this.loadProblem.set(null);
    this.api.get(id).subscribe({
      next: (task) => this.task.set(task),
      error: (error: unknown) => this.loadProblem.set(this.i18n.describeError(error)),
    });
  }

  private storeDraft(draft: { kind: TaskUpdateKind; text: string; requestedDueDate: string; files: readonly TaskAttachmentResponse[] }): void {
    const id = untracked(() => this.taskId());
    try {
      if (!draft.text && !draft.files.length) sessionStorage.removeItem(draftKey(id));
      else sessionStorage.setItem(draftKey(id), JSON.stringify(draft));
    } catch {
      // Storage may be unavailable; the draft then lasts as long as the page.
    }
  }

  private restoreDraft(id: string): void {
    try {
      const raw = sessionStorage.getItem(draftKey(id));
      if (!raw) return;
      const draft = JSON.parse(raw) as { kind?: TaskUpdateKind; text?: string; requestedDueDate?: string; files?: TaskAttachmentResponse[] };
      if (draft.kind && REPORT_KINDS.includes(draft.kind)) this.kind.set(draft.kind);
      this.text.set(typeof draft.text === 'string' ? draft.text : '');
      this.requestedDueDate.set(typeof draft.requestedDueDate === 'string' ? draft.requestedDueDate : '');
      this.files.set(Array.isArray(draft.files) ? draft.files : []);
    } catch {
      // A damaged draft is dropped.
    }
  }
}
