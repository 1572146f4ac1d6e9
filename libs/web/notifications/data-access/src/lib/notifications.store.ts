import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { NotificationResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { NotificationsApi } from './notifications.api';

/** How many of the newest notifications the bell's panel shows. */
export const NOTIFICATION_PANEL_SIZE = 20;

/**
 * The signed-in user's notifications for the bell: the newest page and the unread count, read
 * from the API when the user signs in and each time the live connection is (re)established (so
 * nothing missed while offline is lost), then kept current by `notification:new` and
 * `notification:unread` from the user's own live room (reads on another device too).
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(NotificationsApi);
  private readonly auth = inject(AuthStore);
  private readonly live = inject(LiveSocket);
  private readonly state = signal<{ items: readonly NotificationResponse[]; unread: number; loaded: boolean; failed: boolean }>({ items: [], unread: 0, loaded: false, failed: false });

  readonly items = computed(() => this.state().items);
  readonly unread = computed(() => this.state().unread);
  readonly loaded = computed(() => this.state().loaded);
  readonly failed = computed(() => this.state().failed);

  constructor() {
    const destroyRef = inject(DestroyRef);
    effect(() => {
      const userId = this.auth.user()?.id ?? null;
      untracked(() => (userId ? this.reload() : this.state.set({ items: [], unread: 0, loaded: false, failed: false })));
    });
    this.live.connected.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => this.reload());
    this.live
      .on('notification:new')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ notification, unread }) =>
        this.state.update((s) => ({
          ...s,
          unread,
          items: [notification, ...s.items.filter((n) => n.id !== notification.id)].slice(0, NOTIFICATION_PANEL_SIZE),
        })),
      );
    this.live
      .on('notification:unread')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(({ unread }) => {
        const readAt = new Date().toISOString();
        // Read everywhere: the items shown here are read too.
        this.state.update((s) => ({ ...s, unread, items: unread === 0 ? s.items.map((n) => (n.readAt ? n : { ...n, readAt })) : s.items }));
      });
  }

  reload(): void {
    if (!this.auth.isAuthenticated()) return;
    this.api.list({ limit: NOTIFICATION_PANEL_SIZE }).subscribe({
      next: (page) => this.state.set({ items: page.items, unread: page.unread, loaded: true, failed: false }),
      error: () => this.state.update((s) => ({ ...s, failed: true })),
    });
  }

  /** Marks one read at once on screen; the server's answer confirms it (and the count follows live). */
  markRead(notification: NotificationResponse): void {
    if (notification.readAt) return;
    const readAt = new Date().toISOString();
    this.state.update((s) => ({ ...s, unread: Math.max(0, s.unread - 1), items: s.items.map((n) => (n.id === notification.id ? { ...n, readAt } : n)) }));
    this.api.markRead(notification.id).subscribe({ error: () => this.reload() });
  }

  markAllRead(): void {
    const readAt = new Date().toISOString();
    this.state.update((s) => ({ ...s, unread: 0, items: s.items.map((n) => (n.readAt ? n : { ...n, readAt })) }));
    this.api.markAllRead().subscribe({ error: () => this.reload() });
  }
}
