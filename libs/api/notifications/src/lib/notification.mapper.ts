import type { NotificationResponse } from '@ecabinet/shared/contracts';
import type { NotificationEntity } from './notification.entity';

/** Whitelists the fields that leave the server (the dedupe key and the owner stay in). */
export function toNotificationResponse(entity: NotificationEntity): NotificationResponse {
  return {
    id: entity.id,
    kind: entity.kind,
    title: entity.title,
    link: entity.link,
    params: entity.params ?? {},
    createdAt: entity.createdAt.toISOString(),
    readAt: entity.readAt ? entity.readAt.toISOString() : null,
  };
}
