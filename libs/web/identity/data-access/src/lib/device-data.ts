import { Injectable } from '@angular/core';

/** The IndexedDB databases the app keeps (device signing keys, signed answers, the officer's CA); any other of this origin goes too. */
export const DEVICE_DATABASES = ['ecabinet-device-keys', 'ecabinet-signed-answers', 'ecabinet-officer-ca', 'ecabinet-pending-changes', 'ecabinet-offline-papers'] as const;
/** What survives a wipe: the interface language, which is not the user's data. */
const KEPT_LOCAL_KEYS = new Set(['ecabinet.lang']);
/** Who turned push notifications on in this browser: another user signing in here does not inherit them. */
export const PUSH_OWNER_KEY = 'ecabinet.push.owner';
/** A database held open by another tab is deleted once that tab lets go; the wipe does not wait longer than this. */
const BLOCKED_WAIT_MS = 3000;

/**
 * What this device keeps for its users, and remote wipe (#14): when the server says the device
 * was revoked (or its user logged out everywhere, or was disabled), everything stored here goes,
 * before the app shows anything: IndexedDB (keys, signed answers, stored papers), drafts in
 * session and local storage, and caches of data. The app shell's own caches stay (they hold no
 * one's data), so the app still opens offline.
 */
@Injectable({ providedIn: 'root' })
export class DeviceData {
  async wipe(): Promise<void> {
    await Promise.all([this.wipeDatabases(), this.wipeCaches(), this.forgetPush()]);
    try {
      globalThis.sessionStorage?.clear();
      const local = globalThis.localStorage;
      if (local) {
        const keys = Array.from({ length: local.length }, (_, index) => local.key(index)).filter((key): key is string => key !== null);
        for (const key of keys) if (!KEPT_LOCAL_KEYS.has(key)) local.removeItem(key);
      }
    } catch {
      // Storage refused (a private window's quota): nothing of it can be kept either.
    }
  }

  /** The browser's push subscription goes (a logout, a wipe): nothing more is shown here, whoever signs in next. */
  async forgetPush(): Promise<void> {
    try {
      globalThis.localStorage?.removeItem(PUSH_OWNER_KEY);
      const registration = await globalThis.navigator?.serviceWorker?.getRegistration();
      await (await registration?.pushManager?.getSubscription())?.unsubscribe();
    } catch {
      // No service worker, or the browser refused: the server has dropped the session's subscription anyway.
    }
  }

  private async wipeDatabases(): Promise<void> {
    const factory = globalThis.indexedDB;
    if (!factory) return;
    const names = new Set<string>(DEVICE_DATABASES);
    try {
      for (const database of (await factory.databases?.()) ?? []) if (database.name) names.add(database.name);
    } catch {
      // Older engines cannot list them: the known ones are deleted by name.
    }
    await Promise.all(
      [...names].map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = factory.deleteDatabase(name);
            const timer = setTimeout(resolve, BLOCKED_WAIT_MS);
            request.onsuccess = request.onerror = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
      ),
    );
  }

  private async wipeCaches(): Promise<void> {
    const storage = globalThis.caches;
    if (!storage) return;
    for (const name of await storage.keys()) if (!name.startsWith('ngsw:')) await storage.delete(name);
  }
}
