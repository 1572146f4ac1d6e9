import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationKind, NotificationParams } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** JSON kept in a `text` column: the same on SQLite and PostgreSQL. */
const json = <T>() => ({ to: (value: T) => JSON.stringify(value), from: (text: string) => JSON.parse(text) as T });

/** One notification of one user: a title and a link, never the content of what it is about. */
@Entity('notifications')
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
@Index('uq_notifications_user_dedupe', ['userId', 'dedupeKey'], { unique: true })
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  /** A route of the web app, or null. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  link!: string | null;

  @Column({ type: 'text', transformer: json<NotificationParams>() })
  params!: NotificationParams;

  /** Makes a notification once per thing (the floor given to one speaker's request); null when each event counts. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'read_at', nullable: true })
  readAt!: Date | null;
}

/** A user's choice for one kind; a kind without a row follows DEFAULT_NOTIFICATION_EMAIL. */
@Entity('notification_preferences')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind!: NotificationKind;

  @Column({ type: 'boolean' })
  email!: boolean;

  /** Null: DEFAULT_NOTIFICATION_PUSH (rows stored before push existed). */
  @Column({ type: 'boolean', nullable: true })
  push!: boolean | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * One device's Web Push subscription. It belongs to the session (refresh-token family) that
 * registered it: pushes go only while that session lives, and it is deleted with it.
 */
@Entity('push_subscriptions')
@Index('uq_push_subscriptions_endpoint', ['endpoint'], { unique: true })
@Index('idx_push_subscriptions_user', ['userId'])
@Index('idx_push_subscriptions_device', ['deviceId'])
export class PushSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** The session's refresh-token family. */
  @Column({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 1000 })
  endpoint!: string;

  /** The device's P-256 public key and auth secret (base64url) the payload is encrypted to. */
  @Column({ type: 'varchar', length: 100 })
  p256dh!: string;

  @Column({ type: 'varchar', length: 50 })
  auth!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'last_sent_at', nullable: true })
  lastSentAt!: Date | null;
}

export const NOTIFICATION_ENTITIES = [NotificationEntity, NotificationPreferenceEntity, PushSubscriptionEntity];
