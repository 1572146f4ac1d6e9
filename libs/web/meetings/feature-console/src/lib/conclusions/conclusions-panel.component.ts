import { ChangeDetectionStrategy, Component, type ElementRef, computed, effect, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { type AgendaItemResponse, type ConclusionVersionResponse, MeetingErrorCode, type TaskDetailResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { MeetingAnnouncer, MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, type TranslationKey, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { Subject, catchError, finalize, merge, of, switchMap, tap } from 'rxjs';
import { TaskFormDialogComponent, type TaskFormDialogData } from '../tasks/task-form-dialog.component';

/** One agenda item's conclusion as the chair and the secretariat see it. */
interface ConclusionRow {
  readonly item: AgendaItemResponse;
  readonly versions: readonly ConclusionVersionResponse[];
  readonly approved: ConclusionVersionResponse | null;
  readonly draft: ConclusionVersionResponse | null;
  /** The newest version's number (0: none): a save is based on it. */
  readonly latest: number;
}

/**
 * The conclusions of a meeting as versioned texts, beside the record: the secretariat drafts or
 * revises each item's conclusion during or after the session, the chair approves the newest
 * draft (his own words are approved as he saves them). Every version stays, in the history.
 * Re-read whenever the agenda moves, so a draft saved on another screen shows up here.
 */
@Component({
  selector: 'ec-conclusions-panel',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ec-conclusions" data-testid="conclusions-panel">
      <p class="ec-conclusions__intro">{{ 'meetings.console.conclusions.intro' | t }}</p>
      @if (!writable()) {
        <p class="ec-notice ec-notice--info"><ec-icon name="info" /><span>{{ 'meetings.console.conclusions.notWritable' | t }}</span></p>
      }
      @if (loadError(); as message) {
        <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ 'meetings.console.conclusions.loadFailed' | t: { reason: message } }}</span></p>
      }
      @if (assigned(); as task) {
        <p class="ec-notice ec-notice--success" role="status">
          <ec-icon name="checkCircle" /><span>{{ 'tasks.form.created' | t }}</span>
          <a mat-button [routerLink]="['/tasks', task.id]">{{ 'tasks.openTask' | t }}</a>
        </p>
      }
      @if (actionError(); as message) {
        <p class="ec-notice ec-notice--error" role="alert" data-testid="conclusion-error"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
      @if (rows().length === 0) {
        <p class="ec-conclusions__empty">{{ 'meetings.console.conclusions.empty' | t }}</p>
      }
      <ul class="ec-conclusions__list">
        @for (row of rows(); track row.item.id) {
          <li class="ec-conclusion" [attr.data-conclusion-item]="row.item.id">
            <div class="ec-conclusion__head">
              <h3 class="ec-conclusion__title"><span class="ec-conclusion__number">{{ row.item.number }}.</span> {{ row.item.title }}</h3>
              @if (row.draft) {
                <ec-status-chip tone="warning" icon="schedule">{{ 'meetings.console.conclusions.pending' | t }}</ec-status-chip>
              } @else if (row.approved) {
                <ec-status-chip tone="success" icon="checkCircle">{{ 'meetings.console.conclusions.approved' | t }}</ec-status-chip>
              } @else {
                <ec-status-chip tone="neutral">{{ 'meetings.console.conclusions.notYet' | t }}</ec-status-chip>
              }
            </div>

            @if (row.approved; as approved) {
              <div class="ec-conclusion__text ec-conclusion__text--approved">
                <p>{{ approved.text }}</p>
                <p class="ec-conclusion__meta">
                  {{ 'meetings.console.conclusions.approvedBy' | t: { version: approved.version, name: approved.approvedBy?.fullName ?? '', time: (approved.approvedAt | dateTime) } }}
                </p>
                @if (canAssign()) {
                  <button mat-stroked-button type="button" [attr.aria-label]="'tasks.assignFromConclusion' | t: { number: row.item.number }" (click)="assign(row, approved)" data-testid="conclusion-assign">
                    <ec-icon name="add" />{{ 'tasks.assign' | t }}
                  </button>
                }
              </div>
            }
            @if (row.draft; as draft) {
              <div class="ec-conclusion__text ec-conclusion__text--draft" data-testid="conclusion-draft">
                <h4>{{ 'meetings.console.conclusions.draftHeading' | t: { version: draft.version } }}</h4>
                <p>{{ draft.text }}</p>
                <p class="ec-conclusion__meta">{{ 'meetings.console.conclusions.draftedBy' | t: { name: draft.draftedBy.fullName, time: (draft.draftedAt | dateTime) } }}</p>
                @if (isChair() && writable()) {
                  <button
                    mat-flat-button
                    type="button"
                    [disabled]="busy()"
                    [attr.aria-label]="'meetings.console.conclusions.approveNamed' | t: { number: row.item.number, version: draft.version }"
                    (click)="approve(row, draft)"
                  >
                    <ec-icon name="check" />{{ 'meetings.console.conclusions.approve' | t }}
                  </button>
                }
              </div>
            }

            @if (editing() === row.item.id) {
              <form class="ec-conclusion__editor" [formGroup]="form" (ngSubmit)="save(row)">
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-label>{{ 'meetings.console.conclusions.label' | t: { number: row.item.number } }}</mat-label>
                  <textarea #editor matInput formControlName="text" rows="5" required></textarea>
                  @if (text.invalid && text.touched) {
                    <mat-error>{{ 'meetings.console.conclusions.required' | t }}</mat-error>
                  }
                </mat-form-field>
                <div class="ec-conclusion__actions">
                  <button mat-button type="button" [disabled]="busy()" (click)="cancel()">{{ 'common.cancel' | t }}</button>
                  <button mat-flat-button type="submit" [disabled]="busy()">
                    {{ (busy() ? 'common.saving' : isChair() ? 'meetings.console.conclusions.saveApproved' : 'meetings.console.conclusions.saveDraft') | t }}
                  </button>
                </div>
              </form>
            } @else if (writable()) {
              <button
                mat-stroked-button
                type="button"
                class="ec-conclusion__write"
                [disabled]="busy() || editing() !== null"
                [attr.aria-label]="(row.latest ? 'meetings.console.conclusions.reviseNamed' : 'meetings.console.conclusions.writeNamed') | t: { number: row.item.number }"
                (click)="edit(row)"
              >
                <ec-icon name="edit" />{{ (row.latest ? 'meetings.console.conclusions.revise' : 'meetings.console.conclusions.write') | t }}
              </button>
            }

            @if (row.versions.length > 1) {
              <details class="ec-conclusion__history">
                <summary>{{ 'meetings.console.conclusions.history' | t: { n: row.versions.length } }}</summary>
                <ol>
                  @for (version of row.versions; track version.version) {
                    <li [attr.data-version]="version.version">
                      <span class="ec-conclusion__meta">
                        v{{ version.version }} · {{ statusLabels[version.status] | t }} ·
                        {{ 'meetings.console.conclusions.draftedBy' | t: { name: version.draftedBy.fullName, time: (version.draftedAt | dateTime) } }}
                      </span>
                      <span class="ec-conclusion__old">{{ version.text }}</span>
                    </li>
                  }
                </ol>
              </details>
            }
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .ec-conclusions {
      padding: 12px 16px 16px;
    }
    .ec-conclusions__intro,
    .ec-conclusions__empty {
      margin: 0 0 12px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-conclusions__list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .ec-conclusion {
      display: grid;
      gap: 8px;
      padding: 12px 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-conclusion__head {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: center;
      justify-content: space-between;
    }
    .ec-conclusion__title {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
    .ec-conclusion__number {
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-conclusion__text {
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .ec-conclusion__text--draft {
      border-left: 4px solid var(--ec-warning, #b26a00);
    }
    .ec-conclusion__text h4 {
      margin: 0 0 4px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-conclusion__text p {
      margin: 0 0 4px;
      font: var(--mat-sys-body-medium);
      white-space: pre-line;
    }
    .ec-conclusion__meta {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-conclusion__editor mat-form-field {
      width: 100%;
    }
    .ec-conclusion__actions {
      display: flex;
      gap: 8px;
      justify-content: flex-end;
      margin-top: 4px;
    }
    .ec-conclusion__write {
      justify-self: start;
    }
    .ec-conclusion__history summary {
      cursor: pointer;
      min-height: 32px;
      font: var(--mat-sys-label-large);
    }
    .ec-conclusion__history ol {
      margin: 4px 0 0;
      padding-left: 20px;
    }
    .ec-conclusion__history li {
      display: grid;
      gap: 2px;
      margin-bottom: 6px;
    }
    .ec-conclusion__old {
      font: var(--mat-sys-body-small);
      white-space: pre-line;
    }
  `,
})
export class ConclusionsPanelComponent {
  readonly meetingId = input.required<string>();
  readonly agenda = input.required<readonly AgendaItemResponse[]>();
  /** The meeting's chair: his saves are approved as he makes them, and he approves drafts. */
  readonly isChair = input(false);
  /** In session, adjourned or closed: the server takes conclusions then, never before. */
  readonly writable = input(false);

  private readonly api = inject(MeetingsApi);
  private readonly i18n = inject(TranslationService);
  private readonly announcer = inject(MeetingAnnouncer);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  /** The secretariat assigns tasks from approved conclusions. */
  protected readonly canAssign = computed(() => this.auth.roles().includes('secretary'));
  protected readonly assigned = signal<TaskDetailResponse | null>(null);

  private readonly versions = signal<readonly ConclusionVersionResponse[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly editing = signal<string | null>(null);
  protected readonly text = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(20000)] });
  protected readonly form = new FormGroup({ text: this.text });
  private readonly reload = new Subject<void>();
  protected readonly statusLabels = {
    draft: 'meetings.console.conclusions.status.draft',
    approved: 'meetings.console.conclusions.status.approved',
    superseded: 'meetings.console.conclusions.status.superseded',
  } as const satisfies Record<ConclusionVersionResponse['status'], TranslationKey>;

  protected readonly rows = computed<ConclusionRow[]>(() => {
    const all = this.versions();
    return this.agenda()
      .filter((item) => item.status !== 'withdrawn')
      .map((item) => {
        const versions = all.filter((version) => version.itemId === item.id).sort((a, b) => a.version - b.version);
        const newest = versions[versions.length - 1] ?? null;
        return {
          item,
          versions,
          approved: [...versions].reverse().find((version) => version.status === 'approved') ?? null,
          draft: newest?.status === 'draft' ? newest : null,
          latest: newest?.version ?? 0,
        };
      });
  });

  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');

  constructor() {
    // Keyboard users land in the editor they opened.
    effect(() => this.editor()?.nativeElement.focus());
    // Read again when the meeting or an item changes (a conclusion drafted or approved bumps its version), not on every
    // agenda event that hands over the same items again.
    const conclusionsState = computed(
      () => ({ id: this.meetingId(), key: this.agenda().map((item) => `${item.id}:${item.version}:${item.conclusionPending}:${item.conclusion ?? ''}`).join('\n') }),
      { equal: (a, b) => a.id === b.id && a.key === b.key },
    );
    merge(toObservable(conclusionsState), this.reload)
      .pipe(
        switchMap(() =>
          this.api.conclusions(this.meetingId()).pipe(
            tap(() => this.loadError.set(null)),
            catchError((error: unknown) => {
              this.loadError.set(this.i18n.describeError(error));
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((versions) => {
        if (versions) this.versions.set(versions);
      });
  }

  /** A task from an item's approved conclusion: the conclusion's words as the first wording. */
  protected assign(row: ConclusionRow, approved: ConclusionVersionResponse): void {
    const data: TaskFormDialogData = { source: { type: 'conclusion', id: row.item.id, label: row.item.title }, title: approved.text.slice(0, 500) };
    this.dialog
      .open<TaskFormDialogComponent, TaskFormDialogData, TaskDetailResponse>(TaskFormDialogComponent, { data, autoFocus: 'first-tabbable', width: '720px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((task) => this.assigned.set(task ?? null));
  }

  protected edit(row: ConclusionRow): void {
    this.actionError.set(null);
    this.text.reset(row.versions[row.versions.length - 1]?.text ?? '');
    this.editing.set(row.item.id);
  }

  protected cancel(): void {
    this.editing.set(null);
  }

  protected save(row: ConclusionRow): void {
    this.text.markAsTouched();
    if (this.text.invalid || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .draftConclusion(this.meetingId(), row.item.id, { text: this.text.value.trim(), basedOnVersion: row.latest })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (saved) => {
          this.editing.set(null);
          this.merge([saved]);
          const key = saved.status === 'approved' ? 'meetings.console.conclusions.savedApproved' : 'meetings.console.conclusions.saved';
          this.announcer.say(this.i18n.translate(key, { number: row.item.number, version: saved.version }));
          this.reload.next();
        },
        error: (error: unknown) => {
          const problem = readApiError(error);
          if (problem?.code === MeetingErrorCode.STALE_VERSION) {
            // Someone saved meanwhile: show his version; what this user typed stays in the editor.
            const details = problem.details as { versions?: ConclusionVersionResponse[] } | undefined;
            this.merge(details?.versions ?? []);
            this.actionError.set(this.i18n.translate('meetings.console.conclusions.stale'));
            return;
          }
          this.actionError.set(this.i18n.describeError(error));
        },
      });
  }

  protected approve(row: ConclusionRow, draft: ConclusionVersionResponse): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .approveConclusion(this.meetingId(), row.item.id, draft.version)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (approved) => {
          this.merge([approved]);
          this.announcer.say(this.i18n.translate('meetings.console.conclusions.approvedAnnounce', { number: row.item.number, version: approved.version }));
          this.reload.next();
        },
        error: (error: unknown) => {
          this.actionError.set(this.i18n.describeError(error));
          this.reload.next();
        },
      });
  }

  /** Puts versions the server returned in place (an item's statuses follow on the next read). */
  private merge(versions: readonly ConclusionVersionResponse[]): void {
    if (!versions.length) return;
    const key = (version: ConclusionVersionResponse) => `${version.itemId}#${version.version}`;
    const fresh = new Map(versions.map((version) => [key(version), version]));
    const kept = this.versions().filter((version) => !fresh.has(key(version)));
    this.versions.set([...kept, ...fresh.values()]);
  }
}
