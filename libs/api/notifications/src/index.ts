export * from './lib/notifications.module';
export { NotificationsService, type NotificationDraft } from './lib/notifications.service';
export { NotificationEntity, NotificationPreferenceEntity } from './lib/notification.entity';
