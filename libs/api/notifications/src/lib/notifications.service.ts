import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import type { NotificationKind, NotificationPage, NotificationParams, NotificationQuery, NotificationResponse, NotificationUnreadResponse } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { NotificationMailerService } from './notification-mailer.service';
import { NotificationEntity } from './notification.entity';
import { toNotificationResponse } from './notification.mapper';
import { notificationErrors } from './notifications.errors';
import { PushService } from './push.service';

/** One notification to store for one user. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  link: string | null;
  params?: NotificationParams;
  /** Stored once per user and key (a second draft with the same key is dropped). */
  dedupeKey?: string;
}

const DEFAULT_LIMIT = 20;

/** The user's inbox: stores notifications, tells the user's devices, reads and marks only the caller's own. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly mailer: NotificationMailerService,
    private readonly push: PushService,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(NotificationEntity);
  }

  /** Stores the drafts, sends each user the new one with the unread count, then e-mails and pushes to those who chose so. */
  async notify(drafts: readonly NotificationDraft[]): Promise<NotificationEntity[]> {
    const stored: NotificationEntity[] = [];
    for (const draft of drafts) {
      if (draft.dedupeKey && (await this.repository.exists({ where: { userId: draft.userId, dedupeKey: draft.dedupeKey } }))) continue;
      const entity = this.repository.create({
        id: randomUUID(),
        userId: draft.userId,
        kind: draft.kind,
        title: draft.title.slice(0, 500),
        link: draft.link,
        params: draft.params ?? {},
        dedupeKey: draft.dedupeKey ?? null,
        createdAt: this.clock.now(),
        readAt: null,
      });
      try {
        await this.repository.insert(entity);
        stored.push(entity);
      } catch (error) {
        // The same key stored meanwhile (unique index), or the user deleted: nothing to tell.
        this.logger.debug({ err: error, userId: draft.userId, kind: draft.kind }, 'notification not stored');
      }
    }
    const unread = await this.unreadCounts(stored.map((n) => n.userId));
    for (const notification of stored) {
      this.events.publish('notification.created', { userId: notification.userId, notification: toNotificationResponse(notification), unread: unread.get(notification.userId) ?? 1 });
    }
    await Promise.all([this.mailer.mail(stored), this.push.push(stored)]);
    return stored;
  }

  async list(user: AuthenticatedUser, query: NotificationQuery): Promise<NotificationPage> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const where = { userId: user.id, ...(query.unread ? { readAt: IsNull() } : {}) };
    const [items, total, unread] = await Promise.all([
      this.repository.find({ where, order: { createdAt: 'DESC', id: 'DESC' }, skip: offset, take: limit }),
      this.repository.count({ where }),
      this.repository.count({ where: { userId: user.id, readAt: IsNull() } }),
    ]);
    return { items: items.map(toNotificationResponse), total, offset, limit, unread };
  }

  async markRead(id: string, user: AuthenticatedUser): Promise<NotificationResponse> {
    const notification = await this.repository.findOne({ where: { id, userId: user.id } });
    if (!notification) throw notificationErrors.notFound();
    if (!notification.readAt) {
      notification.readAt = this.clock.now();
      await this.repository.update({ id, userId: user.id, readAt: IsNull() }, { readAt: notification.readAt });
      await this.publishUnread(user.id);
    }
    return toNotificationResponse(notification);
  }

  async markAllRead(user: AuthenticatedUser): Promise<NotificationUnreadResponse> {
    const result = await this.repository.update({ userId: user.id, readAt: IsNull() }, { readAt: this.clock.now() });
    if (result.affected !== 0) return { unread: await this.publishUnread(user.id) };
    return { unread: 0 };
  }

  private async publishUnread(userId: string): Promise<number> {
    const unread = await this.repository.count({ where: { userId, readAt: IsNull() } });
    this.events.publish('notification.unread', { userId, unread });
    return unread;
  }

  private async unreadCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.repository
      .createQueryBuilder('n')
      .select('n.userId', 'userId')
      .addSelect('COUNT(*)', 'count')
      .where({ userId: In([...new Set(userIds)]), readAt: IsNull() })
      .groupBy('n.userId')
      .getRawMany<{ userId: string; count: string | number }>();
    return new Map(rows.map((row) => [row.userId, Number(row.count)]));
  }
}
