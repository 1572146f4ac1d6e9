import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  DEFAULT_NOTIFICATION_EMAIL,
  DEFAULT_NOTIFICATION_PUSH,
  NOTIFICATION_KINDS,
  type NotificationEmailChoices,
  type NotificationPushChoices,
  type NotificationKind,
  type NotificationPreferencesResponse,
  type UpdateNotificationPreferencesRequest,
} from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, EmailPreferences, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';
import { NotificationPreferenceEntity } from './notification.entity';

/** Each user's choice, per kind, of what also goes by e-mail and what is pushed; kinds never chosen follow the defaults. */
@Injectable()
export class NotificationPreferencesService extends EmailPreferences {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async get(user: AuthenticatedUser): Promise<NotificationPreferencesResponse> {
    const [rows, stored] = await Promise.all([
      this.dataSource.getRepository(NotificationPreferenceEntity).find({ where: { userId: user.id } }),
      this.dataSource.getRepository(UserEntity).findOne({ where: { id: user.id } }),
    ]);
    const email: NotificationEmailChoices = { ...DEFAULT_NOTIFICATION_EMAIL };
    const push: NotificationPushChoices = { ...DEFAULT_NOTIFICATION_PUSH };
    for (const row of rows) {
      if (!NOTIFICATION_KINDS.includes(row.kind)) continue;
      email[row.kind] = row.email;
      if (row.push !== null) push[row.kind] = row.push;
    }
    return { email, push, pushKey: this.config.push.vapid?.publicKey ?? null, emailAvailable: this.config.smtp !== null, hasEmail: Boolean(stored?.email) };
  }

  /** Kinds left out of the request keep their choice; a row stores both choices of its kind. */
  async update(user: AuthenticatedUser, request: UpdateNotificationPreferencesRequest): Promise<NotificationPreferencesResponse> {
    const current = await this.get(user);
    const updatedAt = this.clock.now();
    const rows = NOTIFICATION_KINDS.filter((kind) => typeof request.email?.[kind] === 'boolean' || typeof request.push?.[kind] === 'boolean').map((kind) => ({
      userId: user.id,
      kind,
      email: request.email?.[kind] ?? current.email[kind],
      push: request.push?.[kind] ?? current.push[kind],
      updatedAt,
    }));
    if (rows.length) await this.dataSource.getRepository(NotificationPreferenceEntity).upsert(rows, ['userId', 'kind']);
    return this.get(user);
  }

  /** Of these users, those who want `kind` pushed. */
  pushing(userIds: readonly string[], kind: NotificationKind): Promise<ReadonlySet<string>> {
    return this.choosing(userIds, kind, 'push');
  }

  /** Of these users, those whose choice (or the kind's default) for `channel` is yes. */
  private async choosing(userIds: readonly string[], kind: NotificationKind, channel: 'email' | 'push'): Promise<ReadonlySet<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(NotificationPreferenceEntity).find({ where: { userId: In([...userIds]), kind } });
    const chosen = new Map(rows.map((row) => [row.userId, row[channel]]));
    const defaults = channel === 'email' ? DEFAULT_NOTIFICATION_EMAIL : DEFAULT_NOTIFICATION_PUSH;
    return new Set(userIds.filter((id) => chosen.get(id) ?? defaults[kind]));
  }

  wanting(userIds: readonly string[], kind: NotificationKind): Promise<ReadonlySet<string>> {
    return this.choosing(userIds, kind, 'email');
  }
}
