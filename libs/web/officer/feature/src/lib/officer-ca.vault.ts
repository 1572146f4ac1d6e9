import { InjectionToken } from '@angular/core';

/** The officer's issuing CA on this device: its key pair (private half non-extractable) and, once signed, its certificate. */
export interface StoredOfficerCa {
  readonly keyPair: CryptoKeyPair;
  /** The PKCS#10 request for the root holder (DER, base64). */
  readonly csr: string;
  /** SHA-256 of the CA key's SPKI, hex: what the root holder compares before signing. */
  readonly fingerprint: string;
  /** The CA certificate the root holder signed (DER, base64); null until loaded. */
  readonly certificate: string | null;
}

export interface OfficerCaVault {
  load(userId: string): Promise<StoredOfficerCa | null>;
  save(userId: string, value: StoredOfficerCa): Promise<void>;
}

const DB_NAME = 'ecabinet-officer-ca';
const STORE = 'ca';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The CA key in IndexedDB, keyed by the officer's user id. The private key is a non-extractable
 * CryptoKey: IndexedDB keeps it as such, and it never exists outside the browser's key store, nor
 * reaches the server.
 */
export class IndexedDbOfficerCaVault implements OfficerCaVault {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly indexedDb: IDBFactory) {}

  async load(userId: string): Promise<StoredOfficerCa | null> {
    const db = await this.open();
    return (await request<StoredOfficerCa | undefined>(db.transaction(STORE, 'readonly').objectStore(STORE).get(userId))) ?? null;
  }

  async save(userId: string, value: StoredOfficerCa): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(value, userId);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = this.indexedDb.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        this.db = null;
        reject(req.error ?? new Error('IndexedDB unavailable'));
      };
    });
    return this.db;
  }
}

export const OFFICER_CA_VAULT = new InjectionToken<OfficerCaVault>('OFFICER_CA_VAULT', {
  providedIn: 'root',
  factory: () => new IndexedDbOfficerCaVault(globalThis.indexedDB),
});
