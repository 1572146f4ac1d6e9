import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AgendaItemStatus, MeetingStatus } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { type IconName, StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';

const MEETING: Readonly<Record<MeetingStatus, { tone: StatusTone; icon: IconName | null }>> = {
  draft: { tone: 'neutral', icon: 'edit' },
  published: { tone: 'info', icon: 'event' },
  in_session: { tone: 'success', icon: 'live' },
  adjourned: { tone: 'warning', icon: 'pause' },
  closed: { tone: 'neutral', icon: 'checkCircle' },
};

const ITEM: Readonly<Record<AgendaItemStatus, { tone: StatusTone; icon: IconName | null }>> = {
  pending: { tone: 'neutral', icon: null },
  current: { tone: 'success', icon: 'live' },
  done: { tone: 'info', icon: 'checkCircle' },
  deferred: { tone: 'warning', icon: 'schedule' },
  withdrawn: { tone: 'danger', icon: 'block' },
};

/** "Đang họp", "Đã bế mạc"…: a meeting's status in words, tinted by tone. */
@Component({
  selector: 'ec-meeting-status-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ec-status-chip [tone]="view().tone" [icon]="view().icon" [attr.data-status]="status()">{{ label() | t }}</ec-status-chip>`,
})
export class MeetingStatusChipComponent {
  readonly status = input.required<MeetingStatus>();
  protected readonly view = computed(() => MEETING[this.status()]);
  protected readonly label = computed(() => `meetings.status.${this.status()}` as const);
}

/** "Đang thảo luận", "Hoãn"…: an agenda item's status in words. */
@Component({
  selector: 'ec-agenda-item-status-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ec-status-chip [tone]="view().tone" [icon]="view().icon" [attr.data-status]="status()">{{ label() | t }}</ec-status-chip>`,
})
export class AgendaItemStatusChipComponent {
  readonly status = input.required<AgendaItemStatus>();
  protected readonly view = computed(() => ITEM[this.status()]);
  protected readonly label = computed(() => `meetings.itemStatus.${this.status()}` as const);
}
