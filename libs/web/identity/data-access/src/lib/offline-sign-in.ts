import { InjectionToken } from '@angular/core';
import type { UserResponse } from '@ecabinet/shared/contracts';

/**
 * What a password opens on this device without the server: the user as he was when he last
 * signed in here, or why not (nothing kept for that name, a wrong password, or too many wrong
 * passwords: what was kept is then deleted).
 */
/** Wrong passwords in a row before everything kept for that user on the device is deleted. */
export const MAX_OFFLINE_FAILURES = 5;

export type OfflineUnlock = { readonly user: UserResponse } | { readonly refused: 'unknown' | 'wrong-password' | 'locked' };

/**
 * Signing in with the network gone (#14): the papers kept on a device open with the password the
 * user last signed in with there. Provided by the papers library, which keeps them; absent, there
 * is no offline sign-in.
 */
export interface OfflineSignIn {
  /** After a sign-in with a password that the server accepted: remembers it, as a key, for this device. */
  remember(username: string, password: string, user: UserResponse): Promise<void>;
  unlock(username: string, password: string): Promise<OfflineUnlock>;
}

/** Loads the offline sign-in on first need (it lives with the papers, which the login page must not pull in). */
export const OFFLINE_SIGN_IN = new InjectionToken<() => Promise<OfflineSignIn>>('OFFLINE_SIGN_IN');
