import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { MeetingErrorCode, type ResolutionResponse, type ResolutionSection, type TaskDetailResponse, type TaskResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { ResolutionsApi, TasksApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, StatusChipComponent, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';
import { TaskFormDialogComponent, type TaskFormDialogData } from '../tasks/task-form-dialog.component';
import { TIMELINESS_CHIP, TaskLabels } from '../tasks/task-labels';

/**
 * A session resolution. The secretariat edits the draft (its title and one section per decided
 * matter, composed from the approved conclusions) and saves it by version; the chair issues it
 * after confirming, which numbers, freezes and seals it. Once issued, everyone signed in reads it
 * and downloads the signed PDF.
 */
@Component({
  selector: 'ec-resolution-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, EmptyStateComponent, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './resolution-page.component.html',
  styleUrls: ['../document-page.scss', './resolution-page.component.scss'],
})
export class ResolutionPageComponent {
  /** The `:resolutionId` route parameter. */
  readonly resolutionId = input.required<string>();

  private readonly api = inject(ResolutionsApi);
  private readonly auth = inject(AuthStore);
  protected readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly tasksApi = inject(TasksApi);
  protected readonly taskLabels = inject(TaskLabels);
  protected readonly chip = TIMELINESS_CHIP;

  protected readonly resolution = signal<ResolutionResponse | null>(null);
  protected readonly title = signal('');
  protected readonly sections = signal<readonly ResolutionSection[]>([]);
  protected readonly dirty = signal(false);
  protected readonly busy = signal(false);
  protected readonly loadProblem = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  /** The tasks assigned by an issued resolution (its other half of the link). */
  protected readonly tasks = signal<readonly TaskResponse[]>([]);
  protected readonly canAssign = computed(() => this.issued() && this.auth.roles().includes('secretary'));
  protected readonly issued = computed(() => this.resolution()?.status === 'issued');
  /** The secretariat and the chair open the ballot a resolution comes from on the ballot desk. */
  protected readonly staff = computed(() => this.auth.roles().some((role) => role === 'secretary' || role === 'chair'));
  protected readonly canEdit = computed(() => !this.issued() && this.auth.roles().includes('secretary'));
  protected readonly canIssue = computed(() => !this.issued() && this.auth.roles().includes('chair'));
  protected readonly invalid = computed(() => !this.title().trim() || this.sections().length === 0 || this.sections().some((section) => !section.heading.trim()));

  constructor() {
    effect(() => {
      const id = this.resolutionId();
      untracked(() => this.load(id));
    });
  }

  protected setTitle(title: string): void {
    this.title.set(title);
    this.dirty.set(true);
  }

  protected setSection(index: number, change: Partial<ResolutionSection>): void {
    this.sections.update((sections) => sections.map((section, i) => (i === index ? { ...section, ...change } : section)));
    this.dirty.set(true);
  }

  protected addSection(): void {
    this.sections.update((sections) => [...sections, { itemId: null, heading: '', text: '' }]);
    this.dirty.set(true);
  }

  protected removeSection(index: number): void {
    this.sections.update((sections) => sections.filter((_, i) => i !== index));
    this.dirty.set(true);
  }

  protected moveSection(index: number, by: -1 | 1): void {
    this.sections.update((sections) => {
      const next = [...sections];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved as ResolutionSection);
      return next;
    });
    this.dirty.set(true);
  }

  protected save(): void {
    const resolution = this.resolution();
    if (!resolution || this.busy() || this.invalid()) return;
    this.run(this.api.save(resolution.id, { version: resolution.version, title: this.title(), sections: [...this.sections()] }), (saved) =>
      this.i18n.translate('resolutions.saved', { version: saved.version }),
    );
  }

  protected issue(): void {
    const resolution = this.resolution();
    if (!resolution || this.busy()) return;
    confirmAction(this.dialog, {
      title: this.i18n.translate('resolutions.issueConfirm.title'),
      message: this.i18n.translate('resolutions.issueConfirm.message'),
      confirmLabel: this.i18n.translate('resolutions.issue'),
    }).subscribe((confirmed) => {
      if (confirmed) this.run(this.api.issue(resolution.id, resolution.version), (done) => this.i18n.translate('resolutions.issuedNotice', { number: done.number ?? '' }));
    });
  }

  protected download(): void {
    const resolution = this.resolution();
    if (!resolution || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .pdf(resolution.id)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (blob) => saveBlob(blob, resolution.number ? `nghi-quyet-${resolution.number.replace(/\//g, '-')}.pdf` : 'nghi-quyet-du-thao.pdf'),
        error: (error: unknown) => this.actionError.set(this.i18n.describeError(error)),
      });
  }

  /** The secretariat assigns a task from this resolution, worded after a section when one is given. */
  protected assign(section: ResolutionSection | null): void {
    const resolution = this.resolution();
    if (!resolution || !this.canAssign()) return;
    const data: TaskFormDialogData = {
      source: { type: 'resolution', id: resolution.id, label: `${resolution.number ?? ''} ${resolution.title}`.trim() },
      ...(section ? { title: section.heading } : {}),
    };
    this.dialog
      .open<TaskFormDialogComponent, TaskFormDialogData, TaskDetailResponse>(TaskFormDialogComponent, { data, autoFocus: 'first-tabbable', width: '720px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((task) => {
        if (task) this.loadTasks(resolution);
      });
  }

  protected reload(): void {
    this.load(this.resolutionId());
  }

  private run(request: ReturnType<ResolutionsApi['save']>, notice: (result: ResolutionResponse) => string): void {
    this.busy.set(true);
    this.actionError.set(null);
    this.notice.set(null);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (result) => {
        this.show(result);
        this.notice.set(notice(result));
      },
      error: (error: unknown) => {
        const code = readApiError(error)?.code;
        this.actionError.set(code === MeetingErrorCode.STALE_VERSION ? this.i18n.translate('resolutions.stale') : this.i18n.describeError(error));
      },
    });
  }

  private load(id: string): void {
    this.loadProblem.set(null);
    this.api.get(id).subscribe({
      next: (resolution) => this.show(resolution),
      error: (error: unknown) => this.loadProblem.set(this.i18n.describeError(error)),
    });
  }

  private loadTasks(resolution: ResolutionResponse): void {
    if (resolution.status !== 'issued') return;
    this.tasksApi.list({ sourceType: 'resolution', sourceId: resolution.id, limit: 200 }).subscribe({
      next: (page) => this.tasks.set(page.items),
      error: () => this.tasks.set([]),
    });
  }

  private show(resolution: ResolutionResponse): void {
    this.resolution.set(resolution);
    this.loadTasks(resolution);
    this.title.set(resolution.title);
    this.sections.set(resolution.sections);
    this.dirty.set(false);
  }
}
