import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createECDH, randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { DataSource, In, Not } from 'typeorm';
import { generateRequestDetails } from 'web-push';
import type { NotificationKind, PushSubscriptionRequest, PushSubscriptionResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, DomainEvents, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { liveDevices } from '@ecabinet/api/identity';
import { NotificationPreferencesService } from './notification-preferences.service';
import { PushSubscriptionEntity, type NotificationEntity } from './notification.entity';
import { notificationErrors } from './notifications.errors';
import { allowedPushService, pushMessage } from './push-message';

/** How long a push service may keep a message for an unreachable device. */
const TTL_SECONDS = 24 * 3600;
/** How long one push service request may take. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Requests in flight at once. */
const PARALLEL = 8;
/** Worth waking the device at once (a phone in power saving delays the rest). */
const URGENT: ReadonlySet<NotificationKind> = new Set(['ballot-issued', 'ballot-reminder', 'floor-granted', 'meeting-started', 'signing-key-registered', 'task-overdue']);

/**
 * Web Push (#14): devices subscribe through an allowed push service; each notification a user
 * wants pushed goes, encrypted to the device (RFC 8291) and signed with the installation's VAPID
 * key (RFC 8292), to each of his devices whose session still lives. A subscription belongs to
 * the session that made it: it is deleted when that session ends (logout, wipe, disabled
 * account, logout everywhere), and never used once the session is gone, even before.
 */
@Injectable()
export class PushService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PushService.name);
  private subscription?: Subscription;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly preferences: NotificationPreferencesService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.on('identity.sessions-revoked').subscribe(({ payload }) => {
      this.forget(payload.userId, payload.sessionId, payload.exceptSessionId).catch((error: unknown) => this.logger.error({ err: error }, 'push subscriptions of ended sessions not deleted'));
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private get repository() {
    return this.dataSource.getRepository(PushSubscriptionEntity);
  }

  /** This device's subscription, replacing any it had; an endpoint another session held moves to this one. */
  async subscribe(user: AuthenticatedUser, request: PushSubscriptionRequest): Promise<PushSubscriptionResponse> {
    if (!this.config.push.vapid) throw notificationErrors.pushDisabled();
    const deviceId = user.sessionId;
    if (!deviceId) throw notificationErrors.pushNeedsSession();
    const service = allowedPushService(request.endpoint, this.config.push.services);
    if (!service) throw notificationErrors.pushServiceNotAllowed(safeOrigin(request.endpoint));
    if (!validKeys(request.keys)) throw notificationErrors.pushKeysInvalid();
    const entity = this.repository.create({
      id: randomUUID(),
      userId: user.id,
      deviceId,
      endpoint: request.endpoint,
      p256dh: request.keys.p256dh.replace(/=+$/, ''),
      auth: request.keys.auth.replace(/=+$/, ''),
      createdAt: this.clock.now(),
      lastSentAt: null,
    });
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(PushSubscriptionEntity);
      await repository.delete({ endpoint: request.endpoint });
      await repository.delete({ deviceId });
      await repository.insert(entity);
    });
    return { service, createdAt: entity.createdAt.toISOString() };
  }

  /** This device no longer wants pushes. */
  async unsubscribe(user: AuthenticatedUser): Promise<void> {
    if (user.sessionId) await this.repository.delete({ userId: user.id, deviceId: user.sessionId });
  }

  /** Pushes each notification to its user's live devices, if he wants its kind pushed. Never throws. */
  async push(notifications: readonly NotificationEntity[]): Promise<void> {
    const vapid = this.config.push.vapid;
    if (!vapid || notifications.length === 0) return;
    try {
      const wanted: NotificationEntity[] = [];
      const kinds = new Set(notifications.map((n) => n.kind));
      for (const kind of kinds) {
        const group = notifications.filter((n) => n.kind === kind);
        const wanting = await this.preferences.pushing(group.map((n) => n.userId), kind);
        wanted.push(...group.filter((n) => wanting.has(n.userId)));
      }
      if (wanted.length === 0) return;
      const subscriptions = await this.repository.find({ where: { userId: In([...new Set(wanted.map((n) => n.userId))]) } });
      const live = await liveDevices(this.dataSource.manager, subscriptions.map((s) => s.deviceId), this.clock.now());
      const sends = wanted.flatMap((notification) => subscriptions.filter((s) => s.userId === notification.userId && live.has(s.deviceId)).map((s) => ({ notification, subscription: s })));
      for (let start = 0; start < sends.length; start += PARALLEL) {
        await Promise.all(sends.slice(start, start + PARALLEL).map(({ notification, subscription }) => this.send(subscription, notification, vapid)));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'push notifications not sent');
    }
  }

  private async send(subscription: PushSubscriptionEntity, notification: NotificationEntity, vapid: NonNullable<AppConfig['push']['vapid']>): Promise<void> {
    // The allowed services are checked again: the configuration may have narrowed since it subscribed.
    if (!allowedPushService(subscription.endpoint, this.config.push.services)) return;
    try {
      const details = generateRequestDetails(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        JSON.stringify(pushMessage(notification)),
        { vapidDetails: vapid, TTL: TTL_SECONDS, urgency: URGENT.has(notification.kind) ? 'high' : 'normal', contentEncoding: 'aes128gcm' },
      );
      const headers = Object.fromEntries(Object.entries(details.headers).filter(([name]) => name.toLowerCase() !== 'content-length').map(([name, value]) => [name, String(value)]));
      const response = await fetch(details.endpoint, { method: 'POST', headers, body: details.body ? new Uint8Array(details.body) : undefined, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) {
        // The device unsubscribed, or the push service expired it: it is not asked again.
        await this.repository.delete({ id: subscription.id });
        return;
      }
      if (!response.ok) {
        this.logger.warn({ status: response.status, service: safeOrigin(subscription.endpoint), notificationId: notification.id }, 'push refused by the push service');
        return;
      }
      await this.repository.update({ id: subscription.id }, { lastSentAt: this.clock.now() });
    } catch (error) {
      this.logger.warn({ err: error, service: safeOrigin(subscription.endpoint), notificationId: notification.id }, 'push not delivered to the push service');
    }
  }

  /** The subscriptions of sessions that ended: one, all but one, or all of the user's. */
  private async forget(userId: string, sessionId?: string, exceptSessionId?: string): Promise<void> {
    await this.repository.delete({ userId, ...(sessionId ? { deviceId: sessionId } : exceptSessionId ? { deviceId: Not(exceptSessionId) } : {}) });
  }
}

/** A P-256 point the push payload can be encrypted to, and a 16-byte secret. */
function validKeys(keys: PushSubscriptionRequest['keys']): boolean {
  try {
    const point = Buffer.from(keys.p256dh, 'base64url');
    const auth = Buffer.from(keys.auth, 'base64url');
    if (point.length !== 65 || point[0] !== 4 || auth.length !== 16) return false;
    // Throws when the point is not on the curve.
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(point);
    return true;
  } catch {
    return false;
  }
}

function safeOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'an invalid URL';
  }
}
