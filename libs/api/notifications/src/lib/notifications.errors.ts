import { NotificationErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

export const notificationErrors = {
  /** Also for another user's notification: whether it exists is not the caller's business. */
  notFound: () => new DomainError(NotificationErrorCode.NOTIFICATION_NOT_FOUND, 'No such notification.'),
  pushServiceNotAllowed: (origin: string) =>
    new DomainError(NotificationErrorCode.PUSH_SERVICE_NOT_ALLOWED, `Pushes are not sent through ${origin}: it is not one of the push services this installation allows.`, { origin }),
  pushKeysInvalid: () => new DomainError(NotificationErrorCode.PUSH_KEYS_INVALID, 'The subscription keys must be a P-256 public key (65 bytes) and a 16-byte secret, in base64url.'),
  pushDisabled: () => new DomainError(NotificationErrorCode.PUSH_DISABLED, 'This installation does not send push notifications (no VAPID keys are configured).'),
  pushNeedsSession: () => new DomainError(NotificationErrorCode.PUSH_NEEDS_SESSION, 'Only a signed-in device can receive push notifications.'),
};
