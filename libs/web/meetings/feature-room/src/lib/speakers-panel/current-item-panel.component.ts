import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaItemResponse, MeetingStatus, SpeakerResponse } from '@ecabinet/shared/contracts';
import { CountdownChipComponent, formatClock } from '@ecabinet/web/meetings/ui';
import { TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

/**
 * The item under discussion and its list of speakers, as a member sees it: who speaks now (and
 * for how long), who waits, and the member's own "request the floor" / "withdraw".
 */
@Component({
  selector: 'ec-current-item-panel',
  imports: [MatButtonModule, CountdownChipComponent, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './current-item-panel.component.html',
  styleUrl: './current-item-panel.component.scss',
})
export class CurrentItemPanelComponent {
  readonly item = input<AgendaItemResponse | null>(null);
  readonly status = input.required<MeetingStatus>();
  readonly speakers = input<readonly SpeakerResponse[]>([]);
  readonly myUserId = input<string | null>(null);
  /** The caller may ask for the floor (member, chair, delegate). */
  readonly canSpeak = input(false);
  /** The caller is excluded from the item (conflict of interest): a notice instead of "request the floor". */
  readonly excluded = input(false);
  readonly busy = input(false);
  /** Server-adjusted clock, ticking. */
  readonly now = input.required<number>();
  readonly requestFloor = output<string>();
  readonly withdrawFloor = output<string>();

  /** Speaking now first, then waiting in order, then those who have spoken; withdrawals left out. */
  protected readonly list = computed(() => {
    const rank = { speaking: 0, waiting: 1, done: 2, withdrawn: 3 } as const;
    return this.speakers()
      .filter((speaker) => speaker.state !== 'withdrawn')
      .map((speaker, order) => ({ speaker, order }))
      .sort((a, b) => rank[a.speaker.state] - rank[b.speaker.state] || a.order - b.order)
      .map(({ speaker }) => speaker);
  });
  protected readonly mine = computed(() =>
    this.speakers().find((speaker) => speaker.userId === this.myUserId() && (speaker.state === 'waiting' || speaker.state === 'speaking')) ?? null,
  );
  protected readonly myPlace = computed(() => {
    const mine = this.mine();
    if (mine?.state !== 'waiting') {
      return null;
    }
    return this.speakers().filter((speaker) => speaker.state === 'waiting').findIndex((speaker) => speaker.id === mine.id) + 1;
  });
  protected readonly idleMessage = computed<TranslationKey>(() => {
    switch (this.status()) {
      case 'closed':
        return 'meetings.room.ended';
      case 'in_session':
      case 'adjourned':
        return 'meetings.room.noCurrent';
      case 'draft':
      case 'published':
        return 'meetings.room.notStarted';
    }
  });
  protected readonly floorOpen = computed(() => this.status() === 'in_session' || this.status() === 'adjourned');

  protected speakingFor(speaker: SpeakerResponse): string {
    return speaker.startedAt ? formatClock(this.now() - Date.parse(speaker.startedAt)) : '';
  }

  /** Marked "wish to speak" before the item came up (Estonia's model): queued first. */
  protected askedInAdvance(speaker: SpeakerResponse): boolean {
    const startedAt = this.item()?.startedAt;
    return !!startedAt && Date.parse(speaker.requestedAt) < Date.parse(startedAt);
  }

  protected stateKey(speaker: SpeakerResponse) {
    return `meetings.speakerState.${speaker.state}` as const;
  }
}
