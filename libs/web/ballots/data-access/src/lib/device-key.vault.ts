import { InjectionToken } from '@angular/core';

/** What this device keeps for one user: the key pair and what the server knows it by. */
export interface StoredDeviceKey {
  /** The private key is non-extractable: it can sign, never leave the browser. */
  readonly keyPair: CryptoKeyPair;
  /** The id the server gave the public key; null until registered. */
  readonly keyId: string | null;
  /** SHA-256 of the public key (SPKI DER), hex, as the server computes it. */
  readonly fingerprint: string;
}

/** Where the device keys live; IndexedDB in the browser, a map in unit tests. */
export interface DeviceKeyVault {
  load(userId: string): Promise<StoredDeviceKey | null>;
  save(userId: string, key: StoredDeviceKey): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * One IndexedDB object store of records keyed by user id. A `CryptoKey` survives the structured
 * clone IndexedDB stores, non-extractable flag included, so a private key kept here never exists
 * outside the browser's key store.
 */
export class IndexedDbUserStore<T> {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly indexedDb: IDBFactory,
    private readonly dbName: string,
    private readonly storeName: string,
  ) {}

  async load(userId: string): Promise<T | null> {
    const db = await this.open();
    return (await request<T | undefined>(db.transaction(this.storeName, 'readonly').objectStore(this.storeName).get(userId))) ?? null;
  }

  async save(userId: string, value: T): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(this.storeName, 'readwrite');
    tx.objectStore(this.storeName).put(value, userId);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = this.indexedDb.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(this.storeName);
      req.onsuccess = () => {
        // A remote wipe deletes the database: let go of it at once, and open afresh next time.
        req.result.onversionchange = () => {
          req.result.close();
          this.db = null;
        };
        resolve(req.result);
      };
      req.onerror = () => {
        this.db = null;
        reject(req.error ?? new Error('IndexedDB unavailable'));
      };
    });
    return this.db;
  }
}

/** Device keys in IndexedDB, one record per user keyed by user id. */
export class IndexedDbDeviceKeyVault extends IndexedDbUserStore<StoredDeviceKey> implements DeviceKeyVault {
  constructor(indexedDb: IDBFactory) {
    super(indexedDb, 'ecabinet-device-keys', 'keys');
  }
}

export const DEVICE_KEY_VAULT = new InjectionToken<DeviceKeyVault>('DEVICE_KEY_VAULT', {
  providedIn: 'root',
  factory: () => new IndexedDbDeviceKeyVault(globalThis.indexedDB),
});

/**
 * WebCrypto. Browsers only offer it in a secure context (https, or http on localhost/127.0.0.1);
 * elsewhere it is undefined and signing says so instead of failing obscurely.
 */
export const SUBTLE_CRYPTO = new InjectionToken<SubtleCrypto | undefined>('SUBTLE_CRYPTO', {
  providedIn: 'root',
  factory: () => globalThis.crypto?.subtle,
});
