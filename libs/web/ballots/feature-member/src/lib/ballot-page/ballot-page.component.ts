import { ChangeDetectionStrategy, Component, type ElementRef, computed, inject, input, signal, viewChildren } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { type AnswerReceipt, BallotErrorCode, type BallotResponse, OPINION_CHOICES, type OpinionChoice, type SubmitAnswerRequest } from '@ecabinet/shared/contracts';
import {
  type AnswerInclusion,
  BallotAnswerService,
  BallotsApi,
  DeviceKeyRefusedError,
  DeviceKeyService,
  type DeviceKeyRefusal,
  type SavedDraft,
  SigningUnavailableError,
  groupHex,
} from '@ecabinet/web/ballots/data-access';
import { BallotPaperListComponent, BallotStatusChipComponent, DeadlineChipComponent, TallyTableComponent, opinionChoiceKey, silenceRuleKey } from '@ecabinet/web/ballots/ui';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { type ChangeOutcome, PendingChanges, type PendingAnswer } from '@ecabinet/web/meetings/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { DateTimePipe, TranslatePipe, type TranslationKey, TranslationService, isNetworkError, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, PageHeaderComponent, confirmAction, provideTouchedErrorStateMatcher } from '@ecabinet/web/shared/ui';
import { EMPTY, catchError, debounceTime, distinctUntilChanged, filter, forkJoin, map, of, switchMap, tap } from 'rxjs';
import { type AnswerForm, COMMENT_MAX_LENGTH, createAnswerForm, draftAnswers, fillAnswerForm, invalidAnswerCount } from '../answer-form';
import { tickingClock } from '../ticking-clock';

type DraftState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed'; reason: string } | { kind: 'restored'; at: string };

/** The server refused this device's key: why, and the new key's fingerprint (grouped) or why registering it failed. */
type KeyNotice = { reason: DeviceKeyRefusal; fingerprint: string; failure: null } | { reason: DeviceKeyRefusal; fingerprint: null; failure: string };

const AUTOSAVE_DEBOUNCE_MS = 1000;

/**
 * One ballot for a member: the matter, the questions, the silence rule in plain words, the answer
 * form (autosaved as a private draft on the server), "Ký và gửi", the receipt of what was signed,
 * and the tally once it may be shown.
 */
@Component({
  selector: 'ec-ballot-page',
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    PageHeaderComponent,
    IconComponent,
    BallotStatusChipComponent,
    DeadlineChipComponent,
    TallyTableComponent,
    BallotPaperListComponent,
    TranslatePipe,
    DateTimePipe,
  ],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ballot-page.component.html',
  styleUrl: './ballot-page.component.scss',
})
export class BallotPageComponent {
  private readonly api = inject(BallotsApi);
  private readonly answers = inject(BallotAnswerService);
  private readonly deviceKeys = inject(DeviceKeyService);
  /** This device's key fingerprint, when the server refused it as not certified yet: the member reads it to the officer. */
  protected readonly uncertified = signal<string | null>(null);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);
  private readonly questionBlocks = viewChildren<ElementRef<HTMLElement>>('questionBlock');

  /** Route parameter. */
  readonly ballotId = input.required<string>();

  protected readonly choices = OPINION_CHOICES;
  protected readonly commentMax = COMMENT_MAX_LENGTH;
  protected readonly now = tickingClock();
  protected readonly ballot = signal<BallotResponse | null>(null);
  protected readonly receipts = signal<readonly AnswerReceipt[]>([]);
  protected readonly form = signal<AnswerForm | null>(null);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly draft = signal<DraftState>({ kind: 'idle' });
  protected readonly sending = signal(false);
  protected readonly sendError = signal<string | null>(null);
  private readonly pendingChanges = inject(PendingChanges);
  /** Answers to this ballot signed here without the network, waiting to be sent. */
  protected readonly queuedAnswers = computed(() => this.pendingChanges.answersFor(this.ballotId()));
  /** Answers signed offline that the server refused when they arrived (closed meanwhile, …). */
  protected readonly refusedAnswers = computed(() =>
    this.pendingChanges.outcomes().filter((outcome): outcome is ChangeOutcome<PendingAnswer> => outcome.change.kind === 'answer' && outcome.change.ballotId === this.ballotId()),
  );
  protected readonly keyNotice = signal<KeyNotice | null>(null);
  protected readonly incomplete = signal(0);
  /** After closing: whether the sealed record holds what this device signed ('checking' while it looks). */
  protected readonly inclusion = signal<AnswerInclusion | 'checking' | null>(null);

  protected readonly latestReceipt = computed(() => this.receipts()[0] ?? null);
  protected readonly earlierReceipts = computed(() => this.receipts().slice(1));
  protected readonly isRecipient = computed(() => !!this.ballot()?.mine);
  protected readonly canAnswer = computed(() => {
    const ballot = this.ballot();
    return !!ballot && ballot.status === 'open' && !!ballot.mine && new Date(ballot.deadline).getTime() > this.now();
  });
  protected readonly signLabel = computed<TranslationKey>(() => (this.ballot()?.mine?.answered ? 'ballots.signAndSendRevision' : 'ballots.signAndSend'));
  protected readonly questionText = computed(() => new Map(this.ballot()?.questions.map((q) => [q.id, q]) ?? []));

  constructor() {
    toObservable(this.ballotId)
      .pipe(
        switchMap((id) => this.load(id)),
        takeUntilDestroyed(),
      )
      .subscribe();

    inject(LiveSocket)
      .on('ballot:notice')
      .pipe(
        filter((notice) => notice.ballotId === this.ballotId() && notice.kind !== 'reminder'),
        switchMap(() => this.api.get(this.ballotId()).pipe(catchError(() => EMPTY))),
        takeUntilDestroyed(),
      )
      .subscribe((ballot) => this.applyBallot(ballot));

    // An answer signed offline reached the server: shown as any answer sent.
    this.pendingChanges.sentAnswers$
      .pipe(
        filter((receipt) => receipt.ballotId === this.ballotId()),
        takeUntilDestroyed(),
      )
      .subscribe((receipt) => {
        const ballot = this.ballot();
        if (ballot) this.accepted(ballot, receipt);
      });

    // Draft autosave: a moment after the member stops changing the form, the draft goes to the server.
    toObservable(this.form)
      .pipe(
        switchMap((form) => (form ? form.valueChanges.pipe(map(() => draftAnswers(form))) : EMPTY)),
        filter(() => this.canAnswer()),
        debounceTime(AUTOSAVE_DEBOUNCE_MS),
        map((answers) => ({ answers, key: JSON.stringify(answers) })),
        distinctUntilChanged((a, b) => a.key === b.key),
        tap(() => this.draft.set({ kind: 'saving' })),
        switchMap(({ answers }) =>
          this.api.saveDraft(this.ballotId(), { answers }).pipe(
            tap((saved) => this.draft.set({ kind: 'saved', at: saved.savedAt ?? new Date().toISOString() })),
            catchError((error: unknown) => {
              this.draft.set({ kind: 'failed', reason: this.i18n.describeError(error) });
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  protected readonly silenceKey = silenceRuleKey;

  protected choiceLabel(choice: OpinionChoice): string {
    return this.i18n.translate(opinionChoiceKey(choice));
  }

  protected grouped(hex: string): string {
    return groupHex(hex);
  }

  protected retry(): void {
    this.load(this.ballotId()).subscribe();
  }

  /** Validates, asks for confirmation, signs on this device and sends. */
  protected signAndSend(): void {
    const form = this.form();
    const ballot = this.ballot();
    const user = this.auth.user();
    if (!form || !ballot || !user || this.sending()) {
      return;
    }
    this.sendError.set(null);
    form.markAllAsTouched();
    const invalid = invalidAnswerCount(form);
    this.incomplete.set(invalid);
    if (invalid > 0) {
      const first = form.controls.findIndex((group) => group.invalid);
      this.questionBlocks()[first]?.nativeElement.querySelector<HTMLElement>('input, textarea')?.focus();
      return;
    }
    confirmAction(this.dialog, {
      title: this.i18n.translate('ballots.signConfirmTitle'),
      message: this.i18n.translate('ballots.signConfirmMessage', { n: ballot.questions.length }),
      confirmLabel: this.i18n.translate('ballots.signAndSend'),
    })
      .pipe(filter(Boolean))
      .subscribe(() => void this.send(ballot, user.id, form));
  }

  private async send(ballot: BallotResponse, userId: string, form: AnswerForm): Promise<void> {
    this.sending.set(true);
    this.keyNotice.set(null);
    this.uncertified.set(null);
    let signed: SubmitAnswerRequest | null = null;
    try {
      signed = await this.answers.sign(ballot, userId, draftAnswers(form));
      this.accepted(ballot, await this.answers.send(userId, signed));
    } catch (error) {
      if (signed && isNetworkError(error)) {
        // Signed now, sent when the network returns: it counts if it arrives before the deadline.
        await this.pendingChanges.addAnswer({ ballotId: ballot.id, ballotTitle: ballot.title, deadline: ballot.deadline, recipientId: userId, request: signed });
        this.snackBar.open(this.i18n.translate('ballots.answerQueued'), this.i18n.translate('common.close'), { duration: 6000 });
        return;
      }
      if (error instanceof DeviceKeyRefusedError) {
        // The form keeps the answer; the device already holds a fresh key (or retries registering it).
        this.keyNotice.set(
          error.freshFingerprint
            ? { reason: error.reason, fingerprint: groupHex(error.freshFingerprint), failure: null }
            : { reason: error.reason, fingerprint: null, failure: this.i18n.describeError(error.registrationError) },
        );
      } else {
        this.sendError.set(error instanceof SigningUnavailableError ? this.i18n.translate('ballots.signingUnavailable') : this.i18n.describeError(error));
        if (readApiError(error)?.code === BallotErrorCode.SIGNING_KEY_NOT_CERTIFIED) this.uncertified.set(groupHex((await this.deviceKeys.fingerprintOf(userId)) ?? ''));
      }
    } finally {
      this.sending.set(false);
    }
  }

  /** The server has the answer: its receipt, the ballot as answered, a fresh read of the ballot. */
  private accepted(ballot: BallotResponse, receipt: AnswerReceipt): void {
    this.receipts.update((receipts) => [receipt, ...receipts.filter((known) => known.revision !== receipt.revision)]);
    this.ballot.set({ ...ballot, mine: { answered: true, revision: receipt.revision, answeredAt: receipt.receivedAt, documentHash: receipt.documentHash } });
    this.draft.set({ kind: 'idle' });
    this.snackBar.open(this.i18n.translate('ballots.signed', { n: receipt.revision }), this.i18n.translate('common.close'), { duration: 5000 });
    this.api.get(ballot.id).subscribe({ next: (fresh) => this.applyBallot(fresh), error: () => undefined });
  }

  protected describeRefusal(outcome: ChangeOutcome<PendingAnswer>): string {
    return this.i18n.translate('ballots.answerRefused', { at: this.i18n.formatDateTime(outcome.change.madeAt), reason: this.i18n.describeError(outcome.error) });
  }

  protected dismissRefusal(outcome: ChangeOutcome<PendingAnswer>): void {
    this.pendingChanges.dismiss(outcome);
  }

  private load(id: string) {
    this.loading.set(true);
    this.loadError.set(null);
    return this.api.get(id).pipe(
      switchMap((ballot) =>
        ballot.mine
          ? forkJoin({
              ballot: of(ballot),
              draft: this.api.getDraft(id).pipe(catchError(() => of<SavedDraft>({ answers: [], savedAt: null }))),
              receipts: this.api.myReceipts(id).pipe(catchError(() => of<AnswerReceipt[]>([]))),
            })
          : of({ ballot, draft: { answers: [], savedAt: null } as SavedDraft, receipts: [] as AnswerReceipt[] }),
      ),
      tap(({ ballot, draft, receipts }) => {
        this.receipts.set(receipts);
        this.applyBallot(ballot);
        const form = createAnswerForm(ballot.questions);
        const last = receipts[0] ?? null;
        if (draft.savedAt && draft.answers.length > 0 && (!last || draft.savedAt > last.receivedAt)) {
          fillAnswerForm(form, draft.answers);
          this.draft.set({ kind: 'restored', at: draft.savedAt });
        } else if (last) {
          fillAnswerForm(form, last.document.answers);
        }
        if (!this.canAnswer()) {
          form.disable({ emitEvent: false });
        }
        this.form.set(form);
        this.loading.set(false);
      }),
      catchError((error: unknown) => {
        this.loadError.set(this.i18n.describeError(error));
        this.loading.set(false);
        return EMPTY;
      }),
    );
  }

  private applyBallot(ballot: BallotResponse): void {
    this.ballot.set(ballot);
    const userId = this.auth.user()?.id;
    if (userId && this.inclusion() === null && ballot.status === 'closed' && ballot.mine?.answered && ballot.tallyVisibility === 'after_close') {
      this.inclusion.set('checking');
      void this.answers.inclusion(ballot.id, userId).then((inclusion) => this.inclusion.set(inclusion));
    }
    const form = this.form();
    if (form && !this.canAnswer() && form.enabled) {
      form.disable({ emitEvent: false });
    }
  }
}
