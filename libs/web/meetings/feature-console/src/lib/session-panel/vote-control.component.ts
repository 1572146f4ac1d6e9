import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { AgendaItemResponse, MeetingResponse, VoteResponse } from '@ecabinet/shared/contracts';
import { VoteRecordListComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

export interface OpenVoteValue {
  readonly itemId: string;
  readonly question: string;
  readonly secret: boolean;
}

/** Opening a vote on an item (named or secret), following how many have voted, closing it. */
@Component({
  selector: 'ec-vote-control',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    VoteRecordListComponent,
    IconComponent,
    StatusChipComponent,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './vote-control.component.html',
  styleUrl: './vote-control.component.scss',
})
export class VoteControlComponent {
  private readonly i18n = inject(TranslationService);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  readonly meeting = input.required<MeetingResponse>();
  readonly agenda = input.required<readonly AgendaItemResponse[]>();
  readonly currentItem = input<AgendaItemResponse | null>(null);
  readonly vote = input<VoteResponse | null>(null);
  /** Every vote of the meeting, oldest first. */
  readonly votes = input<readonly VoteResponse[]>([]);
  /** Who is excluded from which item (conflict of interest): listed apart, never as not yet voted. */
  readonly exclusions = input<ReadonlyMap<string, readonly string[]>>(new Map());
  readonly busy = input(false);
  readonly voteOpen = output<OpenVoteValue>();
  readonly voteClose = output<VoteResponse>();

  protected readonly form = this.formBuilder.group({
    itemId: ['', Validators.required],
    question: ['', [Validators.required, Validators.maxLength(500)]],
    secret: [false],
  });
  private readonly questionEdited = signal(false);

  protected readonly votable = computed(() => this.agenda().filter((item) => item.status !== 'withdrawn' && item.status !== 'deferred'));
  protected readonly openVote = computed(() => (this.vote()?.status === 'open' ? this.vote() : null));
  /** The record of the session: every closed vote, an item voted on twice showing both. */
  protected readonly closedVotes = computed(() => this.votes().filter((vote) => vote.status === 'closed'));
  protected readonly inSession = computed(() => this.meeting().status === 'in_session');
  protected readonly progress = computed(() => {
    const vote = this.openVote();
    return vote && vote.eligible > 0 ? Math.min(100, (vote.votedCount / vote.eligible) * 100) : 0;
  });
  /** Who has voted, who has not (never how, in a secret vote), and who is excluded from the item. */
  protected readonly turnout = computed(() => {
    const vote = this.openVote();
    const voted = new Set(vote?.voterIds ?? []);
    const excluded = new Set(vote ? (this.exclusions().get(vote.itemId) ?? []) : []);
    const meeting = this.meeting();
    const present = (state: string) => state === 'in_room' || state === 'remote';
    const eligible = meeting.participants.filter(
      (participant) =>
        ((participant.role === 'member' || participant.role === 'chair') && present(participant.attendance)) ||
        (participant.role === 'delegate' && meeting.delegatesMayVote && present(participant.attendance)),
    );
    return {
      voted: meeting.participants.filter((participant) => voted.has(participant.userId)).map((participant) => participant.fullName),
      waiting: eligible.filter((participant) => !voted.has(participant.userId) && !excluded.has(participant.userId)).map((participant) => participant.fullName),
      excluded: meeting.participants.filter((participant) => excluded.has(participant.userId)).map((participant) => participant.fullName),
    };
  });

  constructor() {
    // The item under discussion is the natural one to vote on; the question follows the item
    // until the chair writes their own.
    effect(() => {
      const current = this.currentItem();
      untracked(() => {
        if (current && (!this.form.controls.itemId.value || !this.form.controls.itemId.dirty)) {
          this.form.controls.itemId.setValue(current.id);
          this.suggestQuestion();
        }
      });
    });
    // A vote opened (or closed) used this question and this choice of secrecy: the next vote
    // starts afresh, named, on the item under discussion, so a secret vote is never repeated by
    // accident nor an old question put again.
    let lastOpenVoteId: string | null = null;
    effect(() => {
      const openVoteId = this.openVote()?.id ?? null;
      if (openVoteId !== lastOpenVoteId) {
        lastOpenVoteId = openVoteId;
        untracked(() => this.resetForm());
      }
    });
    this.form.controls.itemId.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.suggestQuestion());
    this.form.controls.question.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.form.controls.question.dirty) {
        this.questionEdited.set(true);
      }
    });
  }

  protected submit(): void {
    if (this.form.invalid || !this.form.controls.question.value.trim()) {
      this.form.markAllAsTouched();
      return;
    }
    const { itemId, question, secret } = this.form.getRawValue();
    this.voteOpen.emit({ itemId, question: question.trim(), secret });
    this.questionEdited.set(false);
    this.form.controls.question.markAsPristine();
  }

  private resetForm(): void {
    this.questionEdited.set(false);
    this.form.reset({ itemId: this.currentItem()?.id ?? this.form.controls.itemId.value, question: '', secret: false }, { emitEvent: false });
    this.suggestQuestion();
  }

  private suggestQuestion(): void {
    if (this.questionEdited()) {
      return;
    }
    const item = this.agenda().find((candidate) => candidate.id === this.form.controls.itemId.value);
    if (item) {
      this.form.controls.question.setValue(this.i18n.translate('meetings.console.vote.defaultQuestion', { title: item.title }), { emitEvent: false });
    }
  }
}
