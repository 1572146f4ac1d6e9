import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { type AbstractControl, FormArray, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import type { BallotRecipientChoice, BallotResponse, CreateBallotRequest, SilenceRule, TallyVisibility } from '@ecabinet/shared/contracts';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { silenceRuleKey } from '@ecabinet/web/ballots/ui';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent, PageHeaderComponent, provideTouchedErrorStateMatcher } from '@ecabinet/web/shared/ui';
import { formatReminderHours, fromLocalInput, parseReminderHours, toLocalInput } from '../local-date-time';

const DEFAULT_DEADLINE_DAYS = 3;

function notBlank(control: AbstractControl<string>): ValidationErrors | null {
  return control.value.trim() ? null : { required: true };
}

function futureDeadline(control: AbstractControl<string>): ValidationErrors | null {
  const iso = fromLocalInput(control.value);
  if (!iso) return { required: true };
  return new Date(iso).getTime() > Date.now() ? null : { past: true };
}

function reminderHours(control: AbstractControl<string>): ValidationErrors | null {
  return parseReminderHours(control.value) ? null : { reminders: true };
}

const questionControl = (text = '') => new FormControl(text, { nonNullable: true, validators: [notBlank, Validators.maxLength(2000)] });

/**
 * The secretariat drafts a ballot: title, summary, questions (add, remove, reorder), deadline,
 * silence rule, tally visibility, reminder times and recipients: every member of the Government
 * (the default) or those the secretariat ticks.
 */
@Component({
  selector: 'ec-ballot-editor-page',
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    MatTooltipModule,
    PageHeaderComponent,
    IconComponent,
    DisabledReasonComponent,
    TranslatePipe,
  ],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ballot-editor-page.component.html',
  styleUrl: './ballot-editor-page.component.scss',
})
export class BallotEditorPageComponent {
  private readonly api = inject(BallotsApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);

  /** Route parameter; absent for a new ballot. */
  readonly ballotId = input<string | undefined>(undefined);

  protected readonly silenceKey = silenceRuleKey;
  protected readonly existing = signal<BallotResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [notBlank, Validators.maxLength(300)] }),
    summary: new FormControl('', { nonNullable: true, validators: [notBlank, Validators.maxLength(20000)] }),
    questions: new FormArray([questionControl()]),
    deadline: new FormControl(toLocalInput(new Date(Date.now() + DEFAULT_DEADLINE_DAYS * 86_400_000), this.i18n.timeZone()), { nonNullable: true, validators: [futureDeadline] }),
    silenceRule: new FormControl<SilenceRule>('not_counted', { nonNullable: true }),
    tallyVisibility: new FormControl<TallyVisibility>('after_close', { nonNullable: true }),
    reminders: new FormControl('24, 2', { nonNullable: true, validators: [reminderHours] }),
    recipientMode: new FormControl<'all' | 'chosen'>('all', { nonNullable: true }),
  });

  /** Enabled members and the chair; "all" sends to every one of them. */
  protected readonly choices = signal<readonly BallotRecipientChoice[]>([]);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly recipientsMissing = signal(false);

  constructor() {
    this.api.recipientChoices().subscribe({
      next: (choices) => {
        this.choices.set(choices);
        this.settleRecipientMode();
      },
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
    effect(() => {
      const id = this.ballotId();
      if (id) {
        untracked(() => this.load(id));
      }
    });
  }

  protected get questions(): FormArray<FormControl<string>> {
    return this.form.controls.questions;
  }

  protected addQuestion(): void {
    this.questions.push(questionControl());
    queueMicrotask(() => document.getElementById(`question-${this.questions.length - 1}`)?.focus());
  }

  protected removeQuestion(index: number): void {
    if (this.questions.length > 1) {
      this.questions.removeAt(index);
    }
  }

  /** Swaps a question with its neighbour; focus follows the moved question's button. */
  protected moveQuestion(index: number, by: -1 | 1, event: Event): void {
    const target = index + by;
    if (target < 0 || target >= this.questions.length) {
      return;
    }
    const control = this.questions.at(index);
    this.questions.removeAt(index);
    this.questions.insert(target, control);
    const button = (event.currentTarget as HTMLElement | null)?.dataset['move'];
    queueMicrotask(() => document.querySelector<HTMLElement>(`[data-move="${button?.replace(/\d+$/, String(target))}"]`)?.focus());
  }

  /** An existing ballot sent to everyone shows "all"; otherwise its recipients are ticked (once both lists are in). */
  private settleRecipientMode(): void {
    const existing = this.existing();
    const choices = this.choices();
    if (!existing || !choices.length) return;
    const chosen = this.chosen();
    const everyone = chosen.size === choices.length && choices.every((choice) => chosen.has(choice.id));
    this.form.controls.recipientMode.setValue(everyone ? 'all' : 'chosen');
  }

  protected isChosen(userId: string): boolean {
    return this.chosen().has(userId);
  }

  protected choose(userId: string, checked: boolean): void {
    this.chosen.update((current) => {
      const next = new Set(current);
      if (checked) next.add(userId);
      else next.delete(userId);
      return next;
    });
    if (checked) this.recipientsMissing.set(false);
  }

  /** Explicit ids whenever the list is known, so an edit from "chosen" back to "all" is saved as such. */
  private recipientIds(): string[] | undefined {
    if (this.form.controls.recipientMode.value === 'chosen') return [...this.chosen()];
    return this.choices().length ? this.choices().map((choice) => choice.id) : undefined;
  }

  protected save(): void {
    this.form.markAllAsTouched();
    this.recipientsMissing.set(this.form.controls.recipientMode.value === 'chosen' && this.chosen().size === 0);
    if (this.recipientsMissing()) {
      document.querySelector<HTMLElement>('[data-testid="recipients"] input')?.focus();
      return;
    }
    if (this.form.invalid || this.saving()) {
      document.querySelector<HTMLElement>('.ec-editor input.ng-invalid, .ec-editor textarea.ng-invalid')?.focus();
      return;
    }
    const value = this.form.getRawValue();
    const request: CreateBallotRequest = {
      title: value.title.trim(),
      summary: value.summary.trim(),
      questions: value.questions.map((text) => ({ text: text.trim() })),
      deadline: fromLocalInput(value.deadline, this.i18n.timeZone()) ?? '',
      silenceRule: value.silenceRule,
      tallyVisibility: value.tallyVisibility,
      reminderMinutes: parseReminderHours(value.reminders) ?? [],
      recipientIds: this.recipientIds(),
    };
    const existing = this.existing();
    this.saving.set(true);
    this.error.set(null);
    (existing ? this.api.update(existing.id, { ...request, version: existing.version }) : this.api.create(request)).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.snackBar.open(this.i18n.translate('ballots.saved'), this.i18n.translate('common.close'), { duration: 4000 });
        void this.router.navigate(['/ballot-desk', saved.id]);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }

  private load(id: string): void {
    this.loading.set(true);
    this.api.get(id).subscribe({
      next: (ballot) => {
        this.existing.set(ballot);
        this.questions.clear();
        ballot.questions.forEach((question) => this.questions.push(questionControl(question.text)));
        this.form.patchValue({
          title: ballot.title,
          summary: ballot.summary,
          deadline: toLocalInput(ballot.deadline, this.i18n.timeZone()),
          silenceRule: ballot.silenceRule,
          tallyVisibility: ballot.tallyVisibility,
          reminders: formatReminderHours(ballot.reminderMinutes),
        });
        this.chosen.set(new Set((ballot.recipients ?? []).map((recipient) => recipient.userId)));
        this.settleRecipientMode();
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }
}
