import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import {
  type AgendaItemResponse,
  type ItemExclusionsResponse,
  MEETING_TRANSITIONS,
  MeetingErrorCode,
  type MeetingStatus,
  type VoteResponse,
} from '@ecabinet/shared/contracts';
import { MeetingAnnouncer, MeetingLiveStore, injectTicker } from '@ecabinet/web/meetings/data-access';
import { MeetingHeaderComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe, type TranslationKey, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, confirmAction } from '@ecabinet/web/shared/ui';
import { type Observable, filter, finalize, tap } from 'rxjs';
import { type AgendaMove, AgendaEditorComponent } from '../agenda-editor/agenda-editor.component';
import { ItemExclusionsStore } from '../agenda-editor/item-exclusions.store';
import { type AttendanceChange, AttendanceTableComponent } from '../attendance/attendance-table.component';
import { CompleteItemDialogComponent, type CompleteItemDialogData } from '../item-dialogs/complete-item-dialog.component';
import { ExclusionsDialogComponent, type ExclusionsDialogData } from '../item-dialogs/exclusions-dialog.component';
import { ItemFormDialogComponent, type ItemFormDialogData, type ItemFormValue } from '../item-dialogs/item-form-dialog.component';
import { PapersManagerComponent } from '../papers-manager/papers-manager.component';
import { PositionsOverviewComponent } from '../positions/positions-overview.component';
import { type SpeakerAction, SpeakersControlComponent } from '../session-panel/speakers-control.component';
import { PendingConclusionsComponent } from '../session-panel/pending-conclusions.component';
import { ScreensStatusComponent } from '../session-panel/screens-status.component';
import { RoomScreensPanelComponent } from '../session-panel/room-screens-panel.component';
import { CheckInScannerComponent } from '../attendance/check-in-scanner.component';
import { SeatPlanComponent } from '../seats/seat-plan.component';
import { MeetingChatComponent } from '@ecabinet/web/meetings/feature-room';
import { ConclusionsPanelComponent } from '../conclusions/conclusions-panel.component';
import { type OpenVoteValue, VoteControlComponent } from '../session-panel/vote-control.component';

interface StatusAction {
  readonly to: MeetingStatus;
  readonly label: TranslationKey;
  readonly title: TranslationKey;
  readonly message: TranslationKey;
  readonly destructive: boolean;
}

const DIALOG = { width: '640px', maxWidth: 'calc(100vw - 32px)' } as const;

function statusAction(from: MeetingStatus, to: MeetingStatus): StatusAction {
  const name = ((): 'publish' | 'unpublish' | 'start' | 'resume' | 'adjourn' | 'close' => {
    switch (to) {
      case 'published':
        return 'publish';
      case 'draft':
        return 'unpublish';
      case 'in_session':
        return from === 'adjourned' ? 'resume' : 'start';
      case 'adjourned':
        return 'adjourn';
      case 'closed':
        return 'close';
    }
  })();
  return {
    to,
    label: `meetings.console.status.${name}`,
    title: `meetings.console.status.${name}Title`,
    message: `meetings.console.status.${name}Message`,
    destructive: name === 'close' || name === 'unpublish',
  };
}

/**
 * The secretariat's and the chair's console for one meeting: the agenda editor, the item under
 * discussion and its speakers, votes, attendance with quorum, positions before the meeting, and
 * the meeting's status. Everything follows the meeting live, like the members' page.
 */
@Component({
  selector: 'ec-meeting-console-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatProgressBarModule,
    MatTabsModule,
    MeetingHeaderComponent,
    AgendaEditorComponent,
    AttendanceTableComponent,
    PositionsOverviewComponent,
    PapersManagerComponent,
    SpeakersControlComponent,
    PendingConclusionsComponent,
    ScreensStatusComponent,
    RoomScreensPanelComponent,
    MeetingChatComponent,
    CheckInScannerComponent,
    SeatPlanComponent,
    ConclusionsPanelComponent,
    VoteControlComponent,
    EmptyStateComponent,
    IconComponent,
    TranslatePipe,
  ],
  providers: [MeetingLiveStore, MeetingAnnouncer, ItemExclusionsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meeting-console-page.component.html',
  styleUrl: './meeting-console-page.component.scss',
})
export class MeetingConsolePageComponent {
  /** The `:meetingId` route parameter. */
  readonly meetingId = input.required<string>();

  protected readonly store = inject(MeetingLiveStore);
  protected readonly announcer = inject(MeetingAnnouncer);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly editor = viewChild(AgendaEditorComponent);
  private readonly ticker = injectTicker();
  protected readonly exclusions = inject(ItemExclusionsStore);
  /** Item id → names of those excluded from it, for the agenda editor's chips. */
  protected readonly excludedNames = computed(() => {
    const names = new Map(this.store.participants().map((p) => [p.userId, p.fullName]));
    return new Map([...this.exclusions.exclusions()].map(([itemId, userIds]) => [itemId, userIds.map((id) => names.get(id) ?? id)]));
  });

  protected readonly now = computed(() => this.ticker() + this.store.clockOffsetMs());
  protected readonly busy = signal(false);
  /** Drafts waiting for the chair's approval: counted on the conclusions tab. */
  protected readonly pendingConclusions = computed(() => this.store.agenda().filter((item) => item.conclusionPending).length);
  /** The server takes conclusions in session, adjourned and after the close; never before. */
  protected readonly conclusionsWritable = computed(() => ['in_session', 'adjourned', 'closed'].includes(this.store.status() ?? ''));
  /** Set when a write was refused as stale; the agenda shown is then the server's. */
  protected readonly staleNotice = signal(false);
  protected readonly failureMessage = computed(() => (this.store.failure() ? this.i18n.describeError(this.store.failure()) : null));
  protected readonly statusActions = computed<StatusAction[]>(() => {
    const status = this.store.status();
    if (!status) {
      return [];
    }
    return MEETING_TRANSITIONS[status]
      .filter((to) => (to === 'published' || to === 'draft' ? this.store.isSecretariat() : true))
      .map((to) => statusAction(status, to));
  });

  constructor() {
    effect(() => {
      const meetingId = this.meetingId();
      untracked(() => this.store.open(meetingId));
    });
    // The secretariat sees on each item who is excluded from it (conflict of interest).
    effect(() => {
      const itemIds = this.store.agenda().map((item) => item.id);
      if (this.store.isSecretariat() && this.store.meeting()) {
        untracked(() => this.exclusions.load(this.meetingId(), itemIds));
      }
    });
  }

  // --- agenda ------------------------------------------------------------------------------

  protected moveItem(move: AgendaMove): void {
    this.perform(
      this.store.moveItem(move.item.id, move.parentId, move.index),
      () => {
        const moved = this.store.agenda().find((item) => item.id === move.item.id);
        this.announcer.say(this.i18n.translate('meetings.console.moved', { title: move.item.title, number: moved?.number ?? '' }));
      },
      // The row was re-rendered elsewhere (and its buttons disabled meanwhile): focus it again.
      () => (move.via === 'drag' ? undefined : this.editor()?.refocus(move.item.id, move.via)),
    );
  }

  protected addItem(): void {
    const data: ItemFormDialogData = {
      item: null,
      parents: this.store.agendaTree().map((node) => node.item),
      save: (value: ItemFormValue) =>
        this.store
          .addItem({
            parentId: value.parentId,
            title: value.title,
            ...(value.summary ? { summary: value.summary } : {}),
            ...(value.presenter ? { presenter: value.presenter } : {}),
            ...(value.plannedMinutes ? { plannedMinutes: value.plannedMinutes } : {}),
          })
          .pipe(tap({ error: (error: unknown) => this.noteStale(error) })),
    };
    this.dialog
      .open<ItemFormDialogComponent, ItemFormDialogData, AgendaItemResponse>(ItemFormDialogComponent, { ...DIALOG, data })
      .afterClosed()
      .pipe(filter((item): item is AgendaItemResponse => !!item))
      .subscribe((item) => this.notify(this.i18n.translate('meetings.console.itemForm.created', { title: item.title })));
  }

  protected editItem(item: AgendaItemResponse): void {
    const data: ItemFormDialogData = {
      item,
      parents: [],
      save: (value: ItemFormValue) =>
        this.store
          .updateItem(item, { title: value.title, summary: value.summary, presenter: value.presenter, plannedMinutes: value.plannedMinutes })
          .pipe(tap({ error: (error: unknown) => this.noteStale(error) })),
    };
    this.dialog
      .open<ItemFormDialogComponent, ItemFormDialogData, AgendaItemResponse>(ItemFormDialogComponent, { ...DIALOG, data })
      .afterClosed()
      .pipe(filter((saved): saved is AgendaItemResponse => !!saved))
      .subscribe((saved) => this.notify(this.i18n.translate('meetings.console.itemForm.saved', { title: saved.title })));
  }

  protected deferItem(item: AgendaItemResponse): void {
    this.confirmThen(
      { title: 'meetings.console.deferTitle', message: 'meetings.console.deferMessage', confirm: 'meetings.console.defer', params: { title: item.title } },
      () => this.store.setItemStatus(item, 'deferred'),
    );
  }

  protected withdrawItem(item: AgendaItemResponse): void {
    this.confirmThen(
      {
        title: 'meetings.console.withdrawTitle',
        message: 'meetings.console.withdrawMessage',
        confirm: 'meetings.console.withdraw',
        params: { title: item.title },
        destructive: true,
      },
      () => this.store.setItemStatus(item, 'withdrawn'),
    );
  }

  protected editExclusions(item: AgendaItemResponse): void {
    const data: ExclusionsDialogData = {
      item,
      participants: this.store.participants(),
      excluded: this.exclusions.exclusions().get(item.id) ?? [],
      save: (userIds) => this.exclusions.save(this.meetingId(), item.id, userIds),
    };
    this.dialog
      .open<ExclusionsDialogComponent, ExclusionsDialogData, ItemExclusionsResponse>(ExclusionsDialogComponent, { ...DIALOG, data })
      .afterClosed()
      .pipe(filter((saved): saved is ItemExclusionsResponse => !!saved))
      .subscribe(() => this.notify(this.i18n.translate('meetings.console.exclusions.saved', { number: item.number })));
  }

  protected restoreItem(item: AgendaItemResponse): void {
    this.perform(this.store.setItemStatus(item, 'pending'));
  }

  // --- the session -------------------------------------------------------------------------

  protected setCurrent(item: AgendaItemResponse | null): void {
    this.perform(this.store.setCurrentItem(item?.id ?? null));
  }

  /** The conclusion of the item under discussion, or (`record`) of one already done without one. */
  protected completeItem(item: AgendaItemResponse, mode: CompleteItemDialogData['mode'] = 'conclude'): void {
    const data: CompleteItemDialogData = {
      meetingId: this.meetingId(),
      item,
      mode,
      complete: (conclusion) => this.store.completeItem(item.id, conclusion).pipe(tap({ error: (error: unknown) => this.noteStale(error) })),
    };
    this.dialog
      .open<CompleteItemDialogComponent, CompleteItemDialogData, AgendaItemResponse>(CompleteItemDialogComponent, { ...DIALOG, data })
      .afterClosed()
      .pipe(filter((done): done is AgendaItemResponse => !!done))
      .subscribe((done) => this.notify(this.i18n.translate('meetings.console.completeForm.done', { number: done.number })));
  }

  protected grantFloor(action: SpeakerAction): void {
    this.perform(this.store.grantFloor(action.itemId, action.speakerId));
  }

  protected endSpeaker(action: Required<SpeakerAction>): void {
    this.perform(this.store.endSpeaker(action.itemId, action.speakerId));
  }

  protected openVote(value: OpenVoteValue): void {
    this.perform(this.store.openVoteOn(value.itemId, value.question, value.secret), () => this.notify(this.i18n.translate('meetings.console.vote.opened')));
  }

  protected closeVote(vote: VoteResponse): void {
    this.confirmThen(
      {
        title: 'meetings.console.vote.closeTitle',
        message: 'meetings.console.vote.closeMessage',
        confirm: 'meetings.console.vote.close',
        params: { n: vote.votedCount, total: vote.eligible },
      },
      () => this.store.closeVote(vote.id),
      (closed) =>
        this.notify(
          this.i18n.translate('meetings.console.vote.closed', {
            result: this.i18n.translate(closed.result?.passed ? 'meetings.result.passed' : 'meetings.result.rejected'),
          }),
        ),
    );
  }

  protected setAttendance(change: AttendanceChange): void {
    this.perform(this.store.setAttendance(change.participant.userId, change.attendance), () =>
      this.announcer.say(
        this.i18n.translate('meetings.console.attendance.saved', {
          name: change.participant.fullName,
          state: this.i18n.translate(`meetings.attendance.${change.attendance}`),
        }),
      ),
    );
  }

  protected adopt(items: readonly AgendaItemResponse[]): void {
    this.confirmThen(
      {
        title: 'meetings.console.positions.adoptTitle',
        message: 'meetings.console.positions.adoptMessage',
        confirm: 'meetings.console.positions.adopt',
        params: { items: items.map((item) => `${item.number}. ${item.title}`).join('; ') },
      },
      () => this.store.adoptWithoutDebate(items.map((item) => item.id)),
      () => this.notify(this.i18n.translate('meetings.console.positions.adoptDone', { n: items.length })),
    );
  }

  protected changeStatus(action: StatusAction): void {
    this.confirmThen(
      { title: action.title, message: action.message, confirm: action.label, destructive: action.destructive },
      () => this.store.changeStatus(action.to),
      () => this.notify(this.i18n.translate('meetings.console.status.changed', { status: this.i18n.translate(`meetings.status.${action.to}`) })),
    );
  }

  // --- plumbing ----------------------------------------------------------------------------

  private confirmThen<T>(
    texts: { title: TranslationKey; message: TranslationKey; confirm: TranslationKey; params?: Record<string, string | number>; destructive?: boolean },
    action: () => Observable<T>,
    done?: (result: T) => void,
  ): void {
    confirmAction(this.dialog, {
      title: this.i18n.translate(texts.title),
      message: this.i18n.translate(texts.message, texts.params),
      confirmLabel: this.i18n.translate(texts.confirm),
      destructive: texts.destructive,
    })
      .pipe(filter(Boolean))
      .subscribe(() => this.perform(action(), done));
  }

  private perform<T>(action: Observable<T>, done?: (result: T) => void, always?: () => void): void {
    this.busy.set(true);
    action
      .pipe(
        finalize(() => {
          this.busy.set(false);
          always?.();
        }),
      )
      .subscribe({
        next: (result) => {
          this.staleNotice.set(false);
          done?.(result);
        },
        error: (error: unknown) => {
          if (!this.noteStale(error)) {
            this.notify(this.i18n.describeError(error));
          }
        },
      });
  }

  /** A stale write: the store already shows the server's agenda; say so clearly. */
  private noteStale(error: unknown): boolean {
    const stale = readApiError(error)?.code === MeetingErrorCode.STALE_VERSION;
    if (stale) {
      this.staleNotice.set(true);
    }
    return stale;
  }

  protected describeError(error: unknown): string {
    return this.i18n.describeError(error);
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.translate('common.close'), { duration: 4000 });
  }
}
