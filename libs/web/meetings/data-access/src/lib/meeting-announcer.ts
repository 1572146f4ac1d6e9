import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { MeetingStatus } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { MeetingLiveStore } from './meeting-live.store';

interface Watched {
  readonly currentId: string | null;
  readonly status: MeetingStatus;
  readonly vote: string | null;
  readonly order: string;
  readonly sync: string;
}

/**
 * Provide it beside {@link MeetingLiveStore} on a page. What changed on a live meeting page, in one polite sentence for screen-reader users: the item
 * under discussion, the agenda order, the meeting's status, a vote opening or closing, the
 * connection coming back. Nothing is said for the first state the page shows.
 */
@Injectable()
export class MeetingAnnouncer {
  private readonly store = inject(MeetingLiveStore);
  private readonly i18n = inject(TranslationService);
  private readonly text = signal('');
  private previous: Watched | null = null;
  private wasDisconnected = false;

  /** The sentence to put in the page's `aria-live="polite"` region. */
  readonly message = this.text.asReadonly();

  private readonly watched = computed<Watched | null>(() => {
    const meeting = this.store.meeting();
    if (!meeting) {
      return null;
    }
    const vote = this.store.vote();
    return {
      currentId: this.store.currentItem()?.id ?? null,
      status: meeting.status,
      vote: vote ? `${vote.id}:${vote.status}` : null,
      order: this.store
        .agenda()
        .map((item) => `${item.id}@${item.number}`)
        .join(','),
      sync: this.store.syncStatus(),
    };
  });

  constructor() {
    effect(() => {
      const now = this.watched();
      untracked(() => this.compare(now));
    });
  }

  private compare(now: Watched | null): void {
    const before = this.previous;
    this.previous = now;
    if (!now || !before) {
      return;
    }
    const sentences: string[] = [];
    if (now.sync === 'offline') {
      this.wasDisconnected = true;
    } else if (now.sync === 'live' && this.wasDisconnected) {
      this.wasDisconnected = false;
      sentences.push(this.i18n.translate('meetings.announce.reconnected'));
    }
    if (now.status !== before.status) {
      sentences.push(this.i18n.translate('meetings.announce.status', { status: this.i18n.translate(`meetings.status.${now.status}`) }));
    }
    if (now.currentId !== before.currentId) {
      const item = this.store.currentItem();
      sentences.push(
        item ? this.i18n.translate('meetings.announce.current', { number: item.number, title: item.title }) : this.i18n.translate('meetings.announce.noCurrent'),
      );
    } else if (now.order !== before.order) {
      sentences.push(this.i18n.translate('meetings.announce.agenda'));
    }
    if (now.vote !== before.vote) {
      const vote = this.store.vote();
      if (vote?.status === 'open') {
        sentences.push(this.i18n.translate('meetings.announce.voteOpened', { question: vote.question }));
      } else if (vote?.status === 'closed' && vote.result) {
        const result = this.i18n.translate(vote.result.passed ? 'meetings.result.passed' : 'meetings.result.rejected');
        sentences.push(this.i18n.translate('meetings.announce.voteClosed', { result }));
      }
    }
    if (sentences.length) {
      this.say(sentences.join(' '));
    }
  }

  /** Says something else that happened on the page (a move made with the keyboard, …). */
  say(sentence: string): void {
    // A repeated sentence must still change the region's text to be read again.
    this.text.set(this.text() === sentence ? `${sentence}\u00a0` : sentence);
  }
}
