import type { NotificationKind } from '@ecabinet/shared/contracts';

/**
 * Which users also want a kind of notification by e-mail. Whoever sends an e-mail alert asks
 * first; the notifications module provides it from each user's stored choices.
 */
export abstract class EmailPreferences {
  /** Of these users, those who chose to receive this kind by e-mail too. */
  abstract wanting(userIds: readonly string[], kind: NotificationKind): Promise<ReadonlySet<string>>;
}
