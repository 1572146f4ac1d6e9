import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { BallotErrorCode, type BallotReminderEntry, type BallotResponse, type TaskResponse } from '@ecabinet/shared/contracts';
import { BallotApprovalService, BallotsApi, DeviceKeyRefusedError, DeviceKeyService, SigningUnavailableError, groupHex } from '@ecabinet/web/ballots/data-access';
import { BallotStatusChipComponent, DeadlineChipComponent, TallyTableComponent, silenceRuleKey } from '@ecabinet/web/ballots/ui';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { ResolutionsApi, TasksApi } from '@ecabinet/web/meetings/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { DateTimePipe, TranslatePipe, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent, PageHeaderComponent, StatusChipComponent, type StatusTone, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import { EMPTY, type Observable, catchError, filter, finalize, from, switchMap, tap } from 'rxjs';
import { formatReminderHours, remindersDueAt, toLocalInput } from '../local-date-time';
import { BallotPapersPanelComponent } from '../ballot-papers-panel/ballot-papers-panel.component';
import { PromptDialogComponent, type PromptDialogData } from '../prompt-dialog/prompt-dialog.component';

const DIALOG = { width: '520px', maxWidth: 'calc(100vw - 32px)' } as const;

/**
 * One ballot at the desk: its content and rules, the step the workflow is at (submit, approve or
 * return, issue, extend, close early), the live tracking board while it is open, and the result
 * with the report and bundle downloads once it has closed.
 */
@Component({
  selector: 'ec-ballot-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatProgressBarModule,
    PageHeaderComponent,
    IconComponent,
    StatusChipComponent,
    DisabledReasonComponent,
    BallotStatusChipComponent,
    DeadlineChipComponent,
    TallyTableComponent,
    BallotPapersPanelComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ballot-detail-page.component.html',
  styleUrl: './ballot-detail-page.component.scss',
})
export class BallotDetailPageComponent {
  private readonly api = inject(BallotsApi);
  private readonly approvals = inject(BallotApprovalService);
  private readonly deviceKeys = inject(DeviceKeyService);
  /** The chair's device key fingerprint, when the server refused it as not certified yet: read out to the officer. */
  protected readonly uncertified = signal<string | null>(null);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);
  private readonly resolutions = inject(ResolutionsApi);
  private readonly tasksApi = inject(TasksApi);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly ballotId = input.required<string>();

  protected readonly ballot = signal<BallotResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly downloading = signal<'report' | 'bundle' | null>(null);
  protected readonly error = signal<string | null>(null);
  /** The tasks assigned from this closed ballot (a task links to its source, the source to its tasks). */
  protected readonly tasks = signal<TaskResponse[]>([]);
  protected readonly now = signal(Date.now());
  protected readonly isSecretary = computed(() => this.auth.hasAnyRole(['secretary']));
  protected readonly isChair = computed(() => this.auth.hasAnyRole(['chair']));
  protected readonly everyoneAnswered = computed(() => {
    const ballot = this.ballot();
    return !!ballot && ballot.recipientCount > 0 && ballot.answeredCount === ballot.recipientCount;
  });
  protected readonly missingAnswers = computed(() => {
    const ballot = this.ballot();
    return ballot ? ballot.recipientCount - ballot.answeredCount : 0;
  });
  /** Before issuing: the reminders whose moment has already come, which would go at once. */
  protected readonly dueAtIssue = computed(() => {
    const ballot = this.ballot();
    return ballot?.status === 'approved' ? remindersDueAt(ballot.deadline, ballot.reminderMinutes, this.now()) : [];
  });
  protected readonly dueAtIssueWarning = computed(() => {
    const ballot = this.ballot();
    const due = this.dueAtIssue();
    if (!ballot || !due.length) return null;
    const hours = formatReminderHours(due);
    if (due.length > 1) return this.i18n.translate('ballots.issueDueNowCovered', { hours });
    const leftSeconds = Math.max(0, (new Date(ballot.deadline).getTime() - this.now()) / 1000);
    const left = leftSeconds < 2 * 3600 ? this.i18n.formatWait(leftSeconds) : this.i18n.translate('ballots.remindersHours', { list: String(Math.floor(leftSeconds / 3600)) });
    return this.i18n.translate('ballots.issueDueNow', { hours, left });
  });
  protected readonly silenceKey = silenceRuleKey;
  protected readonly groupHex = groupHex;
  protected readonly formatHours = (minutes: number) => formatReminderHours([minutes]);
  protected reminderStateKey(entry: BallotReminderEntry) {
    return `ballots.reminderState.${entry.state}` as const;
  }
  protected reminderReasonKey(entry: BallotReminderEntry) {
    return `ballots.reminderReason.${entry.reason}` as const;
  }
  protected reminderTone(entry: BallotReminderEntry): StatusTone {
    switch (entry.state) {
      case 'sent':
        return 'success';
      case 'pending':
        return 'info';
      case 'skipped':
      case 'not_sent':
        return 'neutral';
    }
  }
  protected readonly reminderHours = computed(() => (this.ballot()?.reminderMinutes ?? []).map((m) => Math.round((m / 60) * 100) / 100).join(', '));

  constructor() {
    toObservable(this.ballotId)
      .pipe(
        switchMap((id) => this.fetch(id)),
        takeUntilDestroyed(),
      )
      .subscribe();

    // The tracking board follows answers, reminders and status changes as they happen.
    inject(LiveSocket)
      .on('ballot:notice')
      .pipe(
        filter((notice) => notice.ballotId === this.ballotId()),
        switchMap(() => this.fetch(this.ballotId())),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  protected submit(): void {
    this.confirmThen('ballots.submitConfirmTitle', 'ballots.submitConfirmMessage', 'ballots.submit', (id) => this.api.submit(id), 'ballots.submitted');
  }

  /** The chair signs the approval on this device: what this screen shows is what he signs. */
  protected approve(): void {
    const ballot = this.ballot();
    const chairId = this.auth.user()?.id;
    if (!ballot || !chairId) return;
    this.confirmThen('ballots.approveConfirmTitle', 'ballots.approveConfirmMessage', 'ballots.approve', () => from(this.approvals.approve(ballot, chairId)), 'ballots.approved');
  }

  protected issue(): void {
    this.now.set(Date.now());
    this.confirmThen('ballots.issueConfirmTitle', 'ballots.issueConfirmMessage', 'ballots.issue', (id) => this.api.issue(id), 'ballots.issued', false, this.dueAtIssueWarning());
  }

  protected closeEarly(): void {
    this.confirmThen('ballots.closeConfirmTitle', 'ballots.closeConfirmMessage', 'ballots.closeEarly', (id) => this.api.close(id), 'ballots.closedDone', true);
  }

  protected returnToDraft(): void {
    this.prompt({
      title: this.i18n.translate('ballots.returnTitle'),
      label: this.i18n.translate('ballots.returnReason'),
      confirmLabel: this.i18n.translate('ballots.returnAction'),
      requiredError: this.i18n.translate('ballots.required'),
      kind: 'text',
      destructive: true,
    }).subscribe((reason) => this.run((id) => this.api.returnToDraft(id, { reason }), 'ballots.returned'));
  }

  protected extend(): void {
    const ballot = this.ballot();
    if (!ballot) return;
    const later = new Date(Math.max(new Date(ballot.deadline).getTime(), Date.now()) + 86_400_000);
    this.prompt({
      title: this.i18n.translate('ballots.extendTitle'),
      label: this.i18n.translate('ballots.newDeadline'),
      confirmLabel: this.i18n.translate('ballots.extend'),
      requiredError: this.i18n.translate('ballots.required'),
      futureError: this.i18n.translate('ballots.deadlineFuture'),
      kind: 'datetime',
      initial: toLocalInput(later, this.i18n.timeZone()),
    }).subscribe((deadline) => {
      const chairId = this.auth.user()?.id;
      if (!chairId) return;
      this.run(() => from(this.approvals.extend(ballot, chairId, deadline)), null, (saved) => this.i18n.translate('ballots.extended', { at: this.i18n.formatDateTime(saved.deadline) }));
    });
  }

  /**
   * A closed ballot is issued as a resolution the way a session is: the secretariat composes the
   * draft from its result, or opens the one it has; the chair who approved the ballot finds it in
   * his approval queue and issues it.
   */
  protected openResolution(): void {
    const ballot = this.ballot();
    if (!ballot || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.resolutions
      .openOrCompose({ ballotId: ballot.id })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (id) => void this.router.navigate(['/resolutions', id]),
        error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
      });
  }

  /** Fetches the file with the session's bearer token, then saves it as a download. */
  protected download(kind: 'report' | 'bundle'): void {
    const ballot = this.ballot();
    if (!ballot || this.downloading()) return;
    this.downloading.set(kind);
    this.error.set(null);
    const file = kind === 'report' ? this.api.report(ballot.id) : this.api.bundle(ballot.id);
    file.subscribe({
      next: (blob) => {
        this.downloading.set(null);
        saveBlob(blob, kind === 'report' ? `ballot-${ballot.id}-report.pdf` : `ballot-${ballot.id}.json`);
      },
      error: (error: unknown) => {
        this.downloading.set(null);
        void this.describeBlobError(error).then((message) => this.error.set(message));
      },
    });
  }

  private confirmThen(
    title: 'ballots.submitConfirmTitle' | 'ballots.approveConfirmTitle' | 'ballots.issueConfirmTitle' | 'ballots.closeConfirmTitle',
    message: 'ballots.submitConfirmMessage' | 'ballots.approveConfirmMessage' | 'ballots.issueConfirmMessage' | 'ballots.closeConfirmMessage',
    confirm: 'ballots.submit' | 'ballots.approve' | 'ballots.issue' | 'ballots.closeEarly',
    action: (id: string) => Observable<BallotResponse>,
    done: 'ballots.submitted' | 'ballots.approved' | 'ballots.issued' | 'ballots.closedDone',
    destructive = false,
    warning: string | null = null,
  ): void {
    const ballot = this.ballot();
    if (!ballot) return;
    const consequence = this.i18n.translate(message, { title: ballot.title, n: ballot.recipientCount, at: this.i18n.formatDateTime(ballot.deadline) });
    confirmAction(this.dialog, {
      title: this.i18n.translate(title),
      message: warning ? `${consequence} ${warning}` : consequence,
      confirmLabel: this.i18n.translate(confirm),
      destructive,
    })
      .pipe(filter(Boolean))
      .subscribe(() => this.run(action, done));
  }

  /** A signing refusal says what happened to this device's key; anything else as the server said it. */
  private describeActionError(error: unknown): string {
    if (error instanceof SigningUnavailableError) return this.i18n.translate('ballots.signingUnavailable');
    if (error instanceof DeviceKeyRefusedError) {
      return error.freshFingerprint
        ? this.i18n.translate('ballots.chairKeyReplaced', { fingerprint: groupHex(error.freshFingerprint) })
        : this.i18n.translate('ballots.chairKeyFailed', { reason: this.i18n.describeError(error.registrationError) });
    }
    return this.i18n.describeError(error);
  }

  private prompt(data: PromptDialogData): Observable<string> {
    return this.dialog
      .open<PromptDialogComponent, PromptDialogData, string | null>(PromptDialogComponent, { ...DIALOG, data })
      .afterClosed()
      .pipe(filter((value): value is string => !!value));
  }

  private run(
    action: (id: string) => Observable<BallotResponse>,
    done: 'ballots.submitted' | 'ballots.approved' | 'ballots.issued' | 'ballots.closedDone' | 'ballots.returned' | null,
    describe?: (saved: BallotResponse) => string,
  ): void {
    const ballot = this.ballot();
    if (!ballot || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.uncertified.set(null);
    action(ballot.id).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.ballot.set(saved);
        const text = describe ? describe(saved) : done ? this.i18n.translate(done) : '';
        if (text) this.snackBar.open(text, this.i18n.translate('common.close'), { duration: 5000 });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(this.describeActionError(error));
        const userId = this.auth.user()?.id;
        if (userId && readApiError(error)?.code === BallotErrorCode.SIGNING_KEY_NOT_CERTIFIED) {
          void this.deviceKeys.fingerprintOf(userId).then((fingerprint) => this.uncertified.set(fingerprint ? groupHex(fingerprint) : null));
        }
      },
    });
  }

  private loadTasks(ballotId: string): void {
    this.tasksApi.list({ sourceType: 'ballot', sourceId: ballotId, filter: undefined, limit: 100 }).subscribe({
      next: (page) => this.tasks.set(page.items),
      error: () => this.tasks.set([]),
    });
  }

  /** After a change made elsewhere on the page (its papers): the ballot and its version again. */
  protected reload(): void {
    this.fetch(this.ballotId()).subscribe();
  }

  private fetch(id: string): Observable<BallotResponse> {
    return this.api.get(id).pipe(
      tap((ballot) => {
        this.ballot.set(ballot);
        this.now.set(Date.now());
        this.loading.set(false);
        if (ballot.status === 'closed' && (this.isSecretary() || this.isChair())) this.loadTasks(ballot.id);
      }),
      catchError((error: unknown) => {
        this.loading.set(false);
        this.error.set(this.i18n.describeError(error));
        return EMPTY;
      }),
    );
  }

  /** A failed blob request carries its JSON error body as a Blob; read it to translate the code. */
  private async describeBlobError(error: unknown): Promise<string> {
    const body = (error as { error?: unknown } | null)?.error;
    if (body instanceof Blob) {
      try {
        const parsed: unknown = JSON.parse(await body.text());
        return this.i18n.describeError({ ...(error as object), error: parsed });
      } catch {
        // not JSON: fall through
      }
    }
    return this.i18n.describeError(error);
  }
}
