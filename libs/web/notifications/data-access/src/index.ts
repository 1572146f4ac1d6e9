export { NotificationsApi } from './lib/notifications.api';
export { NotificationsStore, NOTIFICATION_PANEL_SIZE } from './lib/notifications.store';
export { PushRegistration, type PushState } from './lib/push-registration';
