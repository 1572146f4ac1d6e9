import { InjectionToken } from '@angular/core';
import type { PaperClassification } from '@ecabinet/shared/contracts';
import { openAppDatabase } from '@ecabinet/web/ballots/data-access';

/** A paper kept on this device for one user (the encrypted bytes are kept apart, see {@link SealedContent}). */
export interface StoredPaper {
  /** `userId|meetingId|paperId`, or `userId|ballot:ballotId|paperId` for a ballot's paper. */
  readonly key: string;
  readonly userId: string;
  /** A paper of an opinion ballot (kept until its deadline); a meeting's paper when absent. */
  readonly source?: 'ballot';
  /** The meeting's id, or the ballot's for a ballot's paper. */
  readonly meetingId: string;
  readonly paperId: string;
  /** The meeting's title, or the ballot's. */
  readonly meetingTitle: string;
  readonly title: string;
  readonly classification: PaperClassification;
  readonly version: number;
  readonly sizeBytes: number;
  readonly storedAt: string;
  /** Kept by the member's choice; otherwise stored automatically before the meeting and let go after it. */
  readonly pinned: boolean;
}

/** A paper's bytes as kept: AES-GCM under the user's key on this device. */
export interface SealedContent {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: ArrayBuffer;
}

/**
 * The user's key on this device (non-extractable: it encrypts and decrypts here, and can never be
 * read out), and when the server last answered him: his copies are readable for `ttlMs` after
 * that, then deleted with the key.
 */
export interface DeviceSecret {
  readonly key: CryptoKey;
  readonly lastContact: number;
  readonly ttlMs: number;
  /** The password last accepted for him here, as a key: it opens these copies when the server cannot be reached. */
  readonly signIn?: PasswordLock;
}

/**
 * The user as he signed in, AES-GCM-encrypted under a key derived from his password (PBKDF2); the
 * password itself is kept nowhere. Only a digest of the name he typed is readable.
 */
export interface PasswordLock {
  readonly nameDigest: string;
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iterations: number;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly sealedUser: ArrayBuffer;
  /** Wrong passwords in a row; at the limit everything kept for him goes. */
  readonly failures: number;
}

export interface OfflinePaperDatabase {
  secret(userId: string): Promise<DeviceSecret | null>;
  saveSecret(userId: string, secret: DeviceSecret): Promise<void>;
  /** The users with a key here (expiry is checked for each, whoever is signed in). */
  users(): Promise<string[]>;
  entries(userId: string): Promise<StoredPaper[]>;
  put(entry: StoredPaper, content: SealedContent | null): Promise<void>;
  content(key: string): Promise<SealedContent | null>;
  /**
   * What is kept beside a copy, sealed like its bytes: its pages' text (for search offline) or the
   * member's notes on it as last seen. The text goes when the copy is replaced; both go with it.
   */
  part(key: string, part: CopyPart): Promise<SealedContent | null>;
  savePart(key: string, part: CopyPart, content: SealedContent): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  /** The user's copies and key, at once. */
  forget(userId: string): Promise<void>;
}

/** The clock expiry is measured by (a test sets its own). */
export const OFFLINE_CLOCK = new InjectionToken<() => number>('OFFLINE_CLOCK', { providedIn: 'root', factory: () => () => Date.now() });

/** Kept beside a copy: its text, and the member's notes on it. */
export type CopyPart = 'text' | 'notes';

export const OFFLINE_PAPERS_DATABASE_NAME = 'ecabinet-offline-papers';
const STORES = ['secrets', 'entries', 'contents'] as const;

/** IndexedDB: a key is stored as the structured clone of its CryptoKey, non-extractable flag included. */
export class IndexedDbOfflinePapers implements OfflinePaperDatabase {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory) {}

  async secret(userId: string): Promise<DeviceSecret | null> {
    return (await this.read<DeviceSecret>('secrets', userId)) ?? null;
  }

  saveSecret(userId: string, secret: DeviceSecret): Promise<void> {
    return this.write(['secrets'], (tx) => tx.objectStore('secrets').put(secret, userId));
  }

  async users(): Promise<string[]> {
    const db = await this.open();
    return (await done(db.transaction('secrets', 'readonly').objectStore('secrets').getAllKeys())).map(String);
  }

  async entries(userId: string): Promise<StoredPaper[]> {
    const db = await this.open();
    return done<StoredPaper[]>(db.transaction('entries', 'readonly').objectStore('entries').getAll(IDBKeyRange.bound(`${userId}|`, `${userId}|\uffff`)));
  }

  put(entry: StoredPaper, content: SealedContent | null): Promise<void> {
    return this.write(['entries', 'contents'], (tx) => {
      tx.objectStore('entries').put(entry, entry.key);
      if (content) {
        tx.objectStore('contents').put(content, entry.key);
        tx.objectStore('contents').delete(partKey(entry.key, 'text'));
      }
    });
  }

  async content(key: string): Promise<SealedContent | null> {
    return (await this.read<SealedContent>('contents', key)) ?? null;
  }

  async part(key: string, part: CopyPart): Promise<SealedContent | null> {
    return (await this.read<SealedContent>('contents', partKey(key, part))) ?? null;
  }

  savePart(key: string, part: CopyPart, content: SealedContent): Promise<void> {
    return this.write(['contents'], (tx) => tx.objectStore('contents').put(content, partKey(key, part)));
  }

  remove(keys: readonly string[]): Promise<void> {
    return this.write(['entries', 'contents'], (tx) => {
      for (const key of keys) {
        tx.objectStore('entries').delete(key);
        tx.objectStore('contents').delete(key);
        tx.objectStore('contents').delete(partKey(key, 'text'));
        tx.objectStore('contents').delete(partKey(key, 'notes'));
      }
    });
  }

  forget(userId: string): Promise<void> {
    const range = IDBKeyRange.bound(`${userId}|`, `${userId}|\uffff`);
    return this.write([...STORES], (tx) => {
      tx.objectStore('entries').delete(range);
      tx.objectStore('contents').delete(range);
      tx.objectStore('secrets').delete(userId);
    });
  }

  private async read<T>(store: (typeof STORES)[number], key: string): Promise<T | undefined> {
    const db = await this.open();
    return done<T | undefined>(db.transaction(store, 'readonly').objectStore(store).get(key));
  }

  private async write(stores: (typeof STORES)[number][], action: (tx: IDBTransaction) => void): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(stores, 'readwrite');
    action(tx);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (the device may be out of space)'));
    });
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= openAppDatabase(this.factory, OFFLINE_PAPERS_DATABASE_NAME, STORES, () => (this.db = null));
    return this.db;
  }
}

/** Within the user's key range, so forgetting him deletes it too. */
const partKey = (key: string, part: CopyPart) => `${key}#${part}`;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}

export const OFFLINE_PAPER_DATABASE = new InjectionToken<OfflinePaperDatabase>('OFFLINE_PAPER_DATABASE', {
  providedIn: 'root',
  factory: () => new IndexedDbOfflinePapers(globalThis.indexedDB),
});
