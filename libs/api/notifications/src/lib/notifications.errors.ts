import { NotificationErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

export const notificationErrors = {
  /** Also for another user's notification: whether it exists is not the caller's business. */
  notFound: () => new DomainError(NotificationErrorCode.NOTIFICATION_NOT_FOUND, 'No such notification.'),
};
