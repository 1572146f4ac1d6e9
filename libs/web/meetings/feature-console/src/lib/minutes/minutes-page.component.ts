import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import {
  type AttendanceState,
  type MeetingResponse,
  MeetingErrorCode,
  type MinutesItem,
  type MinutesProse,
  type MinutesResponse,
} from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { MeetingsApi, MinutesApi, ResolutionsApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, type TranslationKey, TranslationService, readApiError } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, StatusChipComponent, confirmAction, saveBlob } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';
import { MinutesDraftStore } from '../draft-stores';

const ATTENDANCE_ORDER: readonly AttendanceState[] = ['in_room', 'remote', 'represented', 'absent', 'unknown'];

/**
 * The minutes of a closed meeting beside its record: the facts drafted from the record (who
 * attended, the quorum, per item the speakers, votes and approved conclusion) are shown as they
 * are; the secretariat writes the prose around them and saves it by version; the chair approves,
 * which numbers, freezes and seals them. Everyone in the meeting reads approved minutes and
 * downloads the signed PDF.
 */
@Component({
  selector: 'ec-minutes-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, EmptyStateComponent, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:beforeunload)': 'beforeUnload($event)' },
  templateUrl: './minutes-page.component.html',
  styleUrls: ['../document-page.scss', './minutes-page.component.scss'],
})
export class MinutesPageComponent {
  /** The `:meetingId` route parameter. */
  readonly meetingId = input.required<string>();

  private readonly api = inject(MinutesApi);
  private readonly meetings = inject(MeetingsApi);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  private readonly drafts = inject(MinutesDraftStore);
  private readonly resolutions = inject(ResolutionsApi);
  private readonly router = inject(Router);

  protected readonly meeting = signal<MeetingResponse | null>(null);
  protected readonly minutes = signal<MinutesResponse | null>(null);
  /** What the secretariat is writing (the saved prose until he types). */
  protected readonly prose = signal<MinutesProse>({ opening: '', items: {}, closing: '' });
  protected readonly dirty = signal(false);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly loadProblem = signal<{ code: string | null; message: string } | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly stale = signal(false);
  protected readonly notice = signal<string | null>(null);

  /** Shown when unsaved prose from before a reload was put back. */
  protected readonly restored = signal(false);

  protected readonly approved = computed(() => this.minutes()?.status === 'approved');
  private readonly manager = computed(() => this.auth.roles().includes('secretary') || this.meeting()?.myRole === 'chair' || this.meeting()?.myRole === 'secretary');
  protected readonly canEdit = computed(() => !this.approved() && this.manager());
  protected readonly isChair = computed(() => this.meeting()?.myRole === 'chair');
  /** The secretariat composes the session resolution from the approved conclusions. */
  protected readonly canCompose = computed(() => this.auth.roles().includes('secretary') && (this.minutes()?.conclusionsPending ?? 1) === 0);
  protected readonly attendanceGroups = computed(() => {
    const record = this.minutes()?.record;
    if (!record) return [];
    const voters = record.attendance.filter((p) => p.role !== 'secretary' && p.role !== 'observer');
    return ATTENDANCE_ORDER.map((state) => ({ state, people: voters.filter((p) => p.attendance === state) })).filter((group) => group.people.length);
  });
  protected readonly others = computed(() => (this.minutes()?.record.attendance ?? []).filter((p) => p.role === 'secretary' || p.role === 'observer'));
  protected readonly attendanceLabels: Record<AttendanceState, TranslationKey> = {
    in_room: 'minutes.attendance.in_room',
    remote: 'minutes.attendance.remote',
    represented: 'minutes.attendance.represented',
    absent: 'minutes.attendance.absent',
    unknown: 'minutes.attendance.unknown',
  };

  constructor() {
    effect(() => {
      const id = this.meetingId();
      untracked(() => this.load(id));
    });
    // Every keystroke of unsaved prose is kept in the tab until the server has it.
    effect(() => {
      const prose = this.prose();
      const minutes = untracked(() => this.minutes());
      if (this.dirty() && minutes) this.drafts.write(minutes.meetingId, minutes.version, prose);
    });
  }

  /** The browser asks before leaving with unsaved prose (the tab also keeps it). */
  protected beforeUnload(event: BeforeUnloadEvent): void {
    if (this.dirty()) event.preventDefault();
  }

  protected setOpening(text: string): void {
    this.prose.update((prose) => ({ ...prose, opening: text }));
    this.dirty.set(true);
  }

  protected setClosing(text: string): void {
    this.prose.update((prose) => ({ ...prose, closing: text }));
    this.dirty.set(true);
  }

  protected setItem(item: MinutesItem, text: string): void {
    this.prose.update((prose) => ({ ...prose, items: { ...prose.items, [item.itemId]: text } }));
    this.dirty.set(true);
  }

  protected itemText(item: MinutesItem): string {
    return this.prose().items[item.itemId] ?? '';
  }

  protected save(): void {
    const minutes = this.minutes();
    if (!minutes || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .save(this.meetingId(), { version: minutes.version, prose: this.prose() })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (saved) => {
          this.drafts.clear(this.meetingId());
          this.show(saved);
          this.notice.set(this.i18n.translate('minutes.saved', { version: saved.version }));
        },
        error: (error: unknown) => this.refused(error),
      });
  }

  /** Keeps what was typed and takes the version someone else saved as the base of the next save. */
  protected takeTheirs(): void {
    this.stale.set(false);
    this.load(this.meetingId());
  }

  protected approve(): void {
    const minutes = this.minutes();
    if (!minutes || this.busy()) return;
    confirmAction(this.dialog, {
      title: this.i18n.translate('minutes.approveConfirm.title'),
      message: this.i18n.translate('minutes.approveConfirm.message'),
      confirmLabel: this.i18n.translate('minutes.approve'),
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.busy.set(true);
      this.actionError.set(null);
      this.api
        .approve(this.meetingId(), minutes.version)
        .pipe(finalize(() => this.busy.set(false)))
        .subscribe({
          next: (approved) => {
            this.drafts.clear(this.meetingId());
            this.show(approved);
            this.notice.set(this.i18n.translate('minutes.approvedNotice', { number: approved.number ?? '' }));
          },
          error: (error: unknown) => this.refused(error),
        });
    });
  }

  /** Opens the meeting's resolution, composing its draft first if it has none. */
  protected compose(): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.resolutions
      .openOrCompose({ meetingId: this.meetingId() })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (id) => void this.router.navigate(['/resolutions', id]),
        error: (error: unknown) => this.actionError.set(this.i18n.describeError(error)),
      });
  }

  protected download(): void {
    const minutes = this.minutes();
    if (!minutes || this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    this.api
      .pdf(this.meetingId())
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (blob) => saveBlob(blob, minutes.number ? `bien-ban-${minutes.number.replace(/\//g, '-')}.pdf` : `bien-ban-du-thao.pdf`),
        error: (error: unknown) => this.actionError.set(this.i18n.describeError(error)),
      });
  }

  private load(meetingId: string): void {
    this.loading.set(true);
    this.loadProblem.set(null);
    // The meeting (for the caller's role in it) is read once, whether the minutes answer or not.
    this.meetings.get(meetingId).subscribe({ next: (meeting) => this.meeting.set(meeting), error: () => undefined });
    this.api
      .get(meetingId)
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (minutes) => {
          if (this.dirty() && minutes.status === 'draft') {
            // A stale save: the other version becomes the base, what this user typed stays.
            this.minutes.set(minutes);
          } else {
            this.show(minutes);
          }
        },
        error: (error: unknown) => {
          this.loadProblem.set({ code: readApiError(error)?.code ?? null, message: this.i18n.describeError(error) });
        },
      });
  }

  private show(minutes: MinutesResponse): void {
    this.minutes.set(minutes);
    this.stale.set(false);
    // Unsaved prose written on this version before a reload or a crash comes back, marked unsaved.
    const kept = minutes.status === 'draft' ? this.drafts.read<MinutesProse>(minutes.meetingId) : null;
    if (kept && kept.version === minutes.version && JSON.stringify(kept.prose) !== JSON.stringify(minutes.prose)) {
      this.prose.set(kept.prose);
      this.dirty.set(true);
      this.restored.set(true);
      return;
    }
    if (minutes.status === 'approved') this.drafts.clear(minutes.meetingId);
    this.prose.set(minutes.prose);
    this.dirty.set(false);
    this.restored.set(false);
  }

  private refused(error: unknown): void {
    const problem = readApiError(error);
    if (problem?.code === MeetingErrorCode.STALE_VERSION) {
      this.stale.set(true);
      return;
    }
    this.actionError.set(this.i18n.describeError(error));
    if (problem?.code === MeetingErrorCode.MINUTES_FROZEN || problem?.code === MeetingErrorCode.CONCLUSIONS_PENDING) this.load(this.meetingId());
  }
}
