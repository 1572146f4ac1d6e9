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
    this.db ??= openAppDatabase(this.indexedDb, this.dbName, [this.storeName], () => (this.db = null));
    return this.db;
  }
}

/**
 * Opens one of the app's databases (version 1, creating its stores). A remote wipe deletes it:
 * the connection is let go of at once and `forget` called, so that the next use opens afresh.
 */
export function openAppDatabase(factory: IDBFactory, name: string, stores: readonly string[], forget: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      for (const store of stores) request.result.createObjectStore(store);
    };
    request.onsuccess = () => {
      request.result.onversionchange = () => {
        request.result.close();
        forget();
      };
      resolve(request.result);
    };
    request.onerror = () => {
      forget();
      reject(request.error ?? new Error('IndexedDB unavailable'));
    };
  });
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
