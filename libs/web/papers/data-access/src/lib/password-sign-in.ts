import { Injectable, inject } from '@angular/core';
import type { UserResponse } from '@ecabinet/shared/contracts';
import { SUBTLE_CRYPTO } from '@ecabinet/web/ballots/data-access';
import { MAX_OFFLINE_FAILURES, type OfflineSignIn, type OfflineUnlock } from '@ecabinet/web/identity/data-access';
import { OFFLINE_CLOCK, OFFLINE_PAPER_DATABASE, type DeviceSecret, type OfflinePaperDatabase, type PasswordLock } from './offline-paper.database';

/** PBKDF2-SHA-256 rounds (OWASP's figure): about a third of a second on a tablet, for each guess too. */
export const PASSWORD_ROUNDS = 600_000;

/**
 * The password as the key to what this device keeps (#14), for a cold start without the network.
 * At each sign-in the server accepts, the user's profile is encrypted under a key derived from the
 * password; offline, the same password decrypts it and the app signs him in on the device alone.
 * Nothing is opened for an expired user (his copies are deleted first), and five wrong passwords
 * delete his copies and keys. Depends on nothing that needs a signed-in user.
 */
@Injectable({ providedIn: 'root' })
export class PasswordSignIn implements OfflineSignIn {
  private readonly db = inject(OFFLINE_PAPER_DATABASE);
  private readonly now = inject(OFFLINE_CLOCK);
  private readonly subtle = inject(SUBTLE_CRYPTO);

  async remember(username: string, password: string, user: UserResponse): Promise<void> {
    if (!this.subtle) return;
    const secret = await deviceSecret(this.db, this.subtle, user.id, this.now());
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const key = await this.passwordKey(password, salt, PASSWORD_ROUNDS);
    const sealedUser = await this.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encode(user.id) }, key, encode(JSON.stringify(user)));
    const signIn: PasswordLock = { nameDigest: await this.nameDigest(username), salt, iterations: PASSWORD_ROUNDS, iv, sealedUser, failures: 0 };
    // Read again: the papers' sync may have met the server meanwhile.
    await this.db.saveSecret(user.id, { ...((await this.db.secret(user.id)) ?? secret), signIn });
  }

  async unlock(username: string, password: string): Promise<OfflineUnlock> {
    if (!this.subtle) return { refused: 'unknown' };
    const digest = await this.nameDigest(username);
    for (const userId of await this.db.users()) {
      const secret = await this.db.secret(userId);
      const lock = secret?.signIn;
      if (!secret || !lock || lock.nameDigest !== digest) continue;
      if (this.now() >= secret.lastContact + secret.ttlMs) {
        await this.db.forget(userId);
        return { refused: 'unknown' };
      }
      try {
        const key = await this.passwordKey(password, lock.salt, lock.iterations);
        const user = JSON.parse(new TextDecoder().decode(await this.subtle.decrypt({ name: 'AES-GCM', iv: lock.iv, additionalData: encode(userId) }, key, lock.sealedUser))) as UserResponse;
        if (lock.failures) await this.db.saveSecret(userId, { ...secret, signIn: { ...lock, failures: 0 } });
        return { user };
      } catch {
        const failures = lock.failures + 1;
        if (failures >= MAX_OFFLINE_FAILURES) {
          await this.db.forget(userId);
          return { refused: 'locked' };
        }
        await this.db.saveSecret(userId, { ...secret, signIn: { ...lock, failures } });
        return { refused: 'wrong-password' };
      }
    }
    return { refused: 'unknown' };
  }

  private async passwordKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
    const subtle = this.subtle as SubtleCrypto;
    const material = await subtle.importKey('raw', encode(password), 'PBKDF2', false, ['deriveKey']);
    return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  }

  /** The name as typed, case and spaces aside; a digest, so a lost tablet does not list who used it. */
  private async nameDigest(username: string): Promise<string> {
    const digest = await (this.subtle as SubtleCrypto).digest('SHA-256', encode(username.trim().toLowerCase()));
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  }
}

/**
 * The user's key on this device, made on first need: AES-GCM, non-extractable, so it encrypts and
 * decrypts here and can never be read out.
 */
export function deviceSecret(db: OfflinePaperDatabase, subtle: SubtleCrypto, userId: string, now: number): Promise<DeviceSecret> {
  // One key per user, even when the sign-in and the papers' first sync both ask for it at once.
  let made = making.get(userId);
  if (!made) {
    made = makeSecret(db, subtle, userId, now).finally(() => making.delete(userId));
    making.set(userId, made);
  }
  return made;
}

const making = new Map<string, Promise<DeviceSecret>>();
/** Until the server has said otherwise (OFFLINE_COPY_HOURS). */
const DEFAULT_TTL_MS = 72 * 3_600_000;

async function makeSecret(db: OfflinePaperDatabase, subtle: SubtleCrypto, userId: string, now: number): Promise<DeviceSecret> {
  const kept = await db.secret(userId);
  if (kept) return kept;
  const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const secret: DeviceSecret = { key, lastContact: now, ttlMs: DEFAULT_TTL_MS };
  await db.saveSecret(userId, secret);
  return secret;
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(text));
}
