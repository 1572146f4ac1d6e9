import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, Injector, afterNextRender, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { BookProgress, PaperResponse, PositionChoice, VoteChoice, VoteResponse } from '@ecabinet/shared/contracts';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { type ChangeOutcome, MeetingAnnouncer, MeetingLiveStore, PendingChanges, type PendingPosition, injectTicker } from '@ecabinet/web/meetings/data-access';
import { MeetingHeaderComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { PapersApi } from '@ecabinet/web/papers/data-access';
import { EmptyStateComponent, IconComponent, saveBlob } from '@ecabinet/web/shared/ui';
import { type Observable, finalize } from 'rxjs';
import { type PositionChange, RoomAgendaItemComponent } from '../agenda-item/room-agenda-item.component';
import { MeetingCallComponent } from '../call/meeting-call.component';
import { MeetingChatComponent } from '../chat/meeting-chat.component';
import { CheckInCodeComponent } from '../check-in/check-in-code.component';
import { CurrentItemPanelComponent } from '../speakers-panel/current-item-panel.component';
import { VotePanelComponent } from '../vote-panel/vote-panel.component';

/**
 * The meeting page a member uses on a tablet: the agenda with the current item highlighted and
 * followed live, the member's positions, the list of speakers and the vote panel.
 */
@Component({
  selector: 'ec-meeting-room-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatProgressBarModule,
    MeetingHeaderComponent,
    RoomAgendaItemComponent,
    CurrentItemPanelComponent,
    VotePanelComponent,
    MeetingCallComponent,
    MeetingChatComponent,
    CheckInCodeComponent,
    EmptyStateComponent,
    IconComponent,
    TranslatePipe,
  ],
  providers: [MeetingLiveStore, MeetingAnnouncer],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meeting-room-page.component.html',
  styleUrl: './meeting-room-page.component.scss',
})
export class MeetingRoomPageComponent {
  /** The `:meetingId` route parameter. */
  readonly meetingId = input.required<string>();

  protected readonly store = inject(MeetingLiveStore);
  protected readonly pendingChanges = inject(PendingChanges);
  protected readonly announcer = inject(MeetingAnnouncer);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly ticker = injectTicker();

  /** The server's clock, so countdowns agree on every screen. */
  protected readonly now = computed(() => this.ticker() + this.store.clockOffsetMs());
  protected readonly busy = signal(false);
  protected readonly savingItemId = signal<string | null>(null);
  protected readonly failureMessage = computed(() => (this.store.failure() ? this.i18n.describeError(this.store.failure()) : null));
  protected readonly voteItem = computed(() => {
    const vote = this.store.vote();
    return vote ? (this.store.agenda().find((item) => item.id === vote.itemId) ?? null) : null;
  });
  protected readonly positionsOpen = computed(() => this.store.takesPart() && this.store.status() !== 'closed');

  private readonly papersApi = inject(PapersApi);
  private readonly live = inject(LiveSocket);
  private readonly destroyRef = inject(DestroyRef);
  /** The papers the caller may read, by agenda item (re-read when the live `papers` event says so). */
  protected readonly papersByItem = signal<ReadonlyMap<string, readonly PaperResponse[]>>(new Map());
  protected readonly hasPapers = computed(() => this.papersByItem().size > 0);
  protected readonly downloadingPaper = signal<string | null>(null);
  protected readonly bookProgress = signal<BookProgress | null>(null);
  protected readonly noPapers: readonly PaperResponse[] = [];
  protected readonly noVotes: readonly VoteResponse[] = [];

  constructor() {
    effect(() => {
      const meetingId = this.meetingId();
      untracked(() => this.store.open(meetingId));
    });
    effect(() => {
      const meetingId = this.meetingId();
      if (this.store.papersSeq() === null) return;
      untracked(() => this.loadPapers(meetingId));
    });
    this.live
      .on('book:progress')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((progress) => {
        if (progress.meetingId === this.meetingId()) this.bookProgress.set(progress);
      });
    // The current item stays in view as the session moves on.
    effect(() => {
      const current = this.store.currentItem()?.id;
      if (current) {
        afterNextRender(() => this.scrollToItem(current), { injector: this.injector });
      }
    });
  }

  protected setPosition(change: PositionChange): void {
    this.savingItemId.set(change.itemId);
    this.run(this.store.setPosition(change.itemId, change.position, change.note), () => this.savingItemId.set(null), (saved) =>
      this.i18n.translate(saved.queued ? 'meetings.room.positionQueued' : 'meetings.room.positionSaved', { position: this.i18n.translate(`meetings.position.${saved.position}`) }),
    );
  }

  /** What became of a change made offline that the server did not take, for this meeting. */
  protected readonly changeOutcomes = computed(() =>
    this.pendingChanges.outcomes().filter((o): o is ChangeOutcome<PendingPosition> => o.change.kind === 'position' && o.change.meetingId === this.store.meeting()?.id),
  );

  protected describeOutcome(outcome: ChangeOutcome<PendingPosition>): string {
    const label = (position: string | null | undefined) => (position ? this.i18n.translate(`meetings.position.${position as PositionChoice}`) : this.i18n.translate('meetings.room.noPosition'));
    const values = { item: outcome.change.itemTitle, mine: label(outcome.change.position) };
    return outcome.outcome === 'conflict'
      ? this.i18n.translate('meetings.room.changeConflict', { ...values, current: label(outcome.current?.position) })
      : this.i18n.translate('meetings.room.changeRefused', { ...values, reason: this.i18n.describeError(outcome.error) });
  }

  protected requestFloor(itemId: string): void {
    this.busy.set(true);
    this.run(this.store.requestFloor(itemId), () => this.busy.set(false), () => this.i18n.translate('meetings.room.floorRequested'));
  }

  protected withdrawFloor(itemId: string): void {
    this.busy.set(true);
    this.run(this.store.withdrawFloor(itemId), () => this.busy.set(false), () => this.i18n.translate('meetings.room.floorWithdrawn'));
  }

  protected castVote(choice: VoteChoice): void {
    const vote = this.store.openVote();
    if (!vote) {
      return;
    }
    this.busy.set(true);
    this.run(this.store.castVote(vote.id, choice), () => this.busy.set(false), () =>
      this.i18n.translate('meetings.room.voteCast', { choice: this.i18n.translate(`meetings.choice.${choice}`) }),
    );
  }

  protected downloadPaper(paper: PaperResponse): void {
    this.downloadingPaper.set(paper.id);
    this.run(this.papersApi.download(this.meetingId(), paper.id), () => this.downloadingPaper.set(null), (file) => {
      saveBlob(file.blob, file.fileName);
      return this.i18n.translate('papers.downloaded', { name: file.fileName });
    });
  }

  private loadPapers(meetingId: string): void {
    this.papersApi.list(meetingId).subscribe({
      next: (papers) => {
        const byItem = new Map<string, PaperResponse[]>();
        for (const paper of [...papers].sort((a, b) => a.position - b.position)) {
          byItem.set(paper.itemId, [...(byItem.get(paper.itemId) ?? []), paper]);
        }
        this.papersByItem.set(byItem);
      },
      error: (error: unknown) => this.notify(this.i18n.describeError(error)),
    });
  }

  private run<T>(action: Observable<T>, done: () => void, success: (result: T) => string): void {
    action.pipe(finalize(done)).subscribe({
      next: (result) => this.notify(success(result)),
      error: (error: unknown) => this.notify(this.i18n.describeError(error)),
    });
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.translate('common.close'), { duration: 4000 });
  }

  private scrollToItem(itemId: string): void {
    const element = Array.from(this.document.querySelectorAll('[data-item-id]')).find((candidate) => candidate.getAttribute('data-item-id') === itemId);
    const reduceMotion = this.document.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
    element?.scrollIntoView?.({ block: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  }
}
