import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { Router } from '@angular/router';
import type { NotificationResponse } from '@ecabinet/shared/contracts';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { NotificationsStore } from '@ecabinet/web/notifications/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';

const MINUTE = 60_000;

/**
 * The bell in the top bar: the unread count as a badge, updated live, and a menu of the newest
 * notifications (arrow keys move, Enter opens the thing it is about and marks it read).
 */
@Component({
  selector: 'ec-notification-bell',
  imports: [MatButtonModule, MatMenuModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-icon-button
      type="button"
      class="ec-bell"
      data-testid="notification-bell"
      [matMenuTriggerFor]="panel"
      [attr.aria-label]="unread() ? ('notifications.bellUnread' | t: { n: unread() }) : ('notifications.bell' | t)"
      (menuOpened)="now.set(clock())"
    >
      <ec-icon name="notifications" />
      @if (unread()) {
        <span class="ec-bell__badge" data-testid="notification-count" aria-hidden="true">{{ unread() > 99 ? '99+' : unread() }}</span>
      }
    </button>
    <span class="ec-visually-hidden" aria-live="polite">{{ announcement() }}</span>

    <mat-menu #panel="matMenu" class="ec-bell-panel" xPosition="before">
      <div class="ec-bell-panel__head">
        <h2 class="ec-bell-panel__title">{{ 'notifications.title' | t }}</h2>
        @if (unread()) {
          <button mat-button type="button" class="ec-bell-panel__all" (click)="$event.stopPropagation(); markAllRead()">
            {{ 'notifications.markAllRead' | t }}
          </button>
        } @else {
          <span class="ec-bell-panel__none">{{ 'notifications.allRead' | t }}</span>
        }
      </div>
      @if (failed() && items().length === 0) {
        <p class="ec-bell-panel__empty" role="alert">{{ 'notifications.loadFailed' | t }}</p>
      } @else if (items().length === 0) {
        <p class="ec-bell-panel__empty">{{ 'notifications.empty' | t }}</p>
      }
      @for (notification of items(); track notification.id) {
        <button
          mat-menu-item
          type="button"
          class="ec-bell-item"
          data-testid="notification-item"
          [class.ec-bell-item--unread]="!notification.readAt"
          (click)="open(notification)"
        >
          <span class="ec-bell-item__text">
            <span class="ec-bell-item__kind">
              @if (!notification.readAt) {
                <span class="ec-bell-item__dot" aria-hidden="true"></span>
                <span class="ec-visually-hidden">{{ 'notifications.unread' | t }}: </span>
              }
              {{ kindLabel(notification) }}
            </span>
            <span class="ec-bell-item__title">{{ notification.title }}</span>
            @if (detail(notification); as line) {
              <span class="ec-bell-item__detail">{{ line }}</span>
            }
            <span class="ec-bell-item__time">
              <time [attr.datetime]="notification.createdAt">{{ relative(notification.createdAt) }}</time>
              @if (!notification.link) {
                · {{ 'notifications.nothingToOpen' | t }}
              }
            </span>
          </span>
        </button>
      }
    </mat-menu>
  `,
  styles: `
    :host {
      display: inline-flex;
      position: relative;
    }
    .ec-bell {
      color: inherit;
      position: relative;
    }
    .ec-bell__badge {
      position: absolute;
      top: 2px;
      right: 0;
      min-width: 20px;
      height: 20px;
      padding: 0 5px;
      box-sizing: border-box;
      border-radius: 10px;
      background: #c62828;
      color: #fff;
      font-size: 12px;
      font-weight: 700;
      line-height: 20px;
      text-align: center;
      pointer-events: none;
    }
    .ec-visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    ::ng-deep .ec-bell-panel.mat-mdc-menu-panel {
      width: min(420px, 94vw);
      max-width: min(420px, 94vw);
      max-height: min(560px, 80vh);
    }
    .ec-bell-panel__head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 12px 8px 16px;
      border-bottom: 1px solid rgba(0, 0, 0, 0.12);
    }
    .ec-bell-panel__title {
      margin: 0;
      font-size: 16px;
      font-weight: 600;
    }
    .ec-bell-panel__none {
      font-size: 13px;
      color: rgba(0, 0, 0, 0.6);
    }
    .ec-bell-panel__empty {
      margin: 0;
      padding: 16px;
      color: rgba(0, 0, 0, 0.6);
    }
    .ec-bell-item.mat-mdc-menu-item {
      height: auto;
      min-height: 64px;
      padding-top: 8px;
      padding-bottom: 8px;
      align-items: flex-start;
      white-space: normal;
    }
    .ec-bell-item__text {
      display: flex;
      flex-direction: column;
      gap: 2px;
      line-height: 1.35;
    }
    .ec-bell-item__kind {
      font-size: 12px;
      color: rgba(0, 0, 0, 0.62);
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .ec-bell-item__title {
      font-size: 14px;
    }
    .ec-bell-item--unread .ec-bell-item__title {
      font-weight: 600;
    }
    .ec-bell-item--unread {
      background: rgba(25, 118, 210, 0.06);
    }
    .ec-bell-item__dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #1565c0;
    }
    .ec-bell-item__detail,
    .ec-bell-item__time {
      font-size: 12px;
      color: rgba(0, 0, 0, 0.62);
    }
  `,
})
export class NotificationBellComponent {
  private readonly store = inject(NotificationsStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(TranslationService);

  protected readonly items = this.store.items;
  protected readonly unread = this.store.unread;
  protected readonly failed = this.store.failed;
  /** The moment relative times are counted from: when the panel was last opened. */
  protected readonly now = signal(Date.now());
  protected readonly announcement = signal('');
  protected readonly clock = () => Date.now();
  private readonly relativeFormat = computed(() => new Intl.RelativeTimeFormat(this.i18n.locale(), { numeric: 'auto' }));

  constructor() {
    inject(LiveSocket)
      .on('notification:new')
      .pipe(takeUntilDestroyed())
      .subscribe(({ notification }) =>
        this.announcement.set(this.i18n.translate('notifications.newArrived', { kind: this.i18n.translate(`notifications.kinds.${notification.kind}`), title: notification.title })),
      );
  }

  protected open(notification: NotificationResponse): void {
    this.store.markRead(notification);
    if (notification.link) void this.router.navigateByUrl(notification.link);
  }

  protected kindLabel(notification: NotificationResponse): string {
    return this.i18n.translate(`notifications.kinds.${notification.kind}`);
  }

  protected markAllRead(): void {
    this.store.markAllRead();
  }

  protected detail(notification: NotificationResponse): string {
    const { deadline, startsAt, members, version, meetingTitle, fingerprint, certified, number, dueDate, decision, requestKind, daysLate } = notification.params;
    if (number) return this.i18n.translate('notifications.documentNumber', { number });
    if (dueDate && daysLate) return this.i18n.translate('notifications.taskLate', { date: this.i18n.formatCalendarDate(dueDate), n: daysLate });
    if (dueDate) return this.i18n.translate('notifications.taskDue', { date: this.i18n.formatCalendarDate(dueDate) });
    if (decision && requestKind) return `${this.i18n.translate(`tasks.kind.${requestKind}`)}: ${this.i18n.translate(`tasks.state.${decision}`)}`;
    if (fingerprint) return this.i18n.translate(certified ? 'notifications.keyCertified' : 'notifications.keyAwaiting', { fingerprint: fingerprint.slice(0, 16).replace(/(.{4})(?!$)/g, '$1 ') });
    if (members?.length) return this.i18n.translate('notifications.lateMembers', { names: members.join(', ') });
    if (deadline) return this.i18n.translate('notifications.deadline', { at: this.i18n.formatDateTime(deadline) });
    if (startsAt) return this.i18n.translate('notifications.startsAt', { at: this.i18n.formatDateTime(startsAt) });
    if (version) return [meetingTitle, this.i18n.translate('notifications.version', { n: version })].filter(Boolean).join(' · ');
    return meetingTitle ?? '';
  }

  /** "5 phút trước" / "5 minutes ago", in the language of the interface. */
  protected relative(iso: string): string {
    const minutes = Math.round((new Date(iso).getTime() - this.now()) / MINUTE);
    const format = this.relativeFormat();
    if (minutes === 0) return this.i18n.translate('notifications.justNow');
    if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 24) return format.format(hours, 'hour');
    const days = Math.round(hours / 24);
    if (Math.abs(days) < 7) return format.format(days, 'day');
    return this.i18n.formatDateTime(iso);
  }
}
