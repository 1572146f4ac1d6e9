import { InjectionToken } from '@angular/core';
import { IndexedDbUserStore } from '@ecabinet/web/ballots/data-access';

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

/**
 * The CA key in IndexedDB, keyed by the officer's user id. The private key is a non-extractable
 * CryptoKey: IndexedDB keeps it as such, and it never leaves the browser's key store, nor reaches
 * the server.
 */
export class IndexedDbOfficerCaVault extends IndexedDbUserStore<StoredOfficerCa> implements OfficerCaVault {
  constructor(indexedDb: IDBFactory) {
    super(indexedDb, 'ecabinet-officer-ca', 'ca');
  }
}

export const OFFICER_CA_VAULT = new InjectionToken<OfficerCaVault>('OFFICER_CA_VAULT', {
  providedIn: 'root',
  factory: () => new IndexedDbOfficerCaVault(globalThis.indexedDB),
});
