import { Injectable, inject } from '@angular/core';
import type { SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { toBase64, toHex } from './base64';
import { BallotsApi } from './ballots.api';
import { canonicalJson, createCertificationRequest } from '@ecabinet/shared/trust';
import { DEVICE_KEY_VAULT, type StoredDeviceKey, SUBTLE_CRYPTO } from './device-key.vault';

/** A signed document (an answer, an approval), ready to post, and what the signer may want to compare. */
export interface SignedAnswer<T = SignedAnswerDocument> {
  readonly document: T;
  /** The exact text that was signed. */
  readonly canonical: string;
  /** ECDSA P-256 / SHA-256, IEEE P1363 (r||s, 64 bytes), base64. */
  readonly signature: string;
  readonly keyId: string;
  readonly fingerprint: string;
}

/** Thrown when the browser offers no WebCrypto (not a secure context). */
export class SigningUnavailableError extends Error {
  constructor() {
    super('WebCrypto is not available: the page must be served over https (or from localhost).');
    this.name = 'SigningUnavailableError';
  }
}

const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/**
 * The member's signing key on this device. On first use it creates an ECDSA P-256 key pair
 * whose private half cannot be exported, keeps it in IndexedDB, and registers the public half
 * with the server; afterwards it signs answers with it. A key the server no longer accepts
 * (unknown, revoked) is replaced by a fresh one with `replaceKey`.
 */
@Injectable({ providedIn: 'root' })
export class DeviceKeyService {
  private readonly api = inject(BallotsApi);
  private readonly vault = inject(DEVICE_KEY_VAULT);
  private readonly subtle = inject(SUBTLE_CRYPTO);
  /** One creation or registration at a time per user, however many callers ask. */
  private readonly pending = new Map<string, Promise<StoredDeviceKey & { keyId: string }>>();

  /** The user's registered key on this device, created and registered when missing. */
  ensureKey(userId: string): Promise<StoredDeviceKey & { keyId: string }> {
    return this.once(userId, async () => {
      const stored = await this.vault.load(userId);
      if (stored?.keyId) {
        return { ...stored, keyId: stored.keyId };
      }
      return this.register(userId, stored ?? (await this.generate()));
    });
  }

  /** The fingerprint this device computed for its key of `userId` (null when it has none): what the member reads out to the certificate officer. */
  async fingerprintOf(userId: string): Promise<string | null> {
    return (await this.vault.load(userId))?.fingerprint ?? null;
  }

  /** Forgets the current key and registers a new one (the server refused the old one). */
  replaceKey(userId: string): Promise<StoredDeviceKey & { keyId: string }> {
    return this.once(userId, async () => this.register(userId, await this.generate()));
  }

  /** Signs the canonical JSON of `document` with the recipient's device key. */
  signAnswer(document: SignedAnswerDocument): Promise<SignedAnswer<SignedAnswerDocument>> {
    return this.sign(document.recipientId, document);
  }

  /** Signs the canonical JSON of any document with `userId`'s device key (the chair's approval, an answer). */
  async sign<T extends object>(userId: string, document: T): Promise<SignedAnswer<T>> {
    const subtle = this.requireSubtle();
    const key = await this.ensureKey(userId);
    const canonical = canonicalJson(document);
    const signature = await subtle.sign(SIGN_ALGORITHM, key.keyPair.privateKey, new TextEncoder().encode(canonical));
    return { document, canonical, signature: toBase64(signature), keyId: key.keyId, fingerprint: key.fingerprint };
  }

  private async generate(): Promise<StoredDeviceKey> {
    const subtle = this.requireSubtle();
    const keyPair = await subtle.generateKey(KEY_ALGORITHM, false, ['sign', 'verify']);
    const spki = await subtle.exportKey('spki', keyPair.publicKey);
    const fingerprint = toHex(await subtle.digest('SHA-256', spki));
    return { keyPair, keyId: null, fingerprint };
  }

  private async register(userId: string, key: StoredDeviceKey): Promise<StoredDeviceKey & { keyId: string }> {
    const subtle = this.requireSubtle();
    // Kept before registering, so a lost response does not leave an orphan private key.
    await this.vault.save(userId, { ...key, keyId: null });
    const spki = await subtle.exportKey('spki', key.keyPair.publicKey);
    const label = describeDevice();
    // The certificate request the officer's device certifies: this key, signed by it, naming the user.
    const csr = toBase64(await createCertificationRequest(key.keyPair, { commonName: label, userId }));
    const registered = await firstValueFrom(this.api.registerKey({ publicKey: toBase64(spki), label, csr }));
    // The fingerprint shown is the one this device computed, never the server's word for it.
    const saved = { ...key, keyId: registered.id };
    await this.vault.save(userId, saved);
    return saved;
  }

  private once(userId: string, work: () => Promise<StoredDeviceKey & { keyId: string }>): Promise<StoredDeviceKey & { keyId: string }> {
    const running = this.pending.get(userId);
    if (running) {
      return running;
    }
    const started = work().finally(() => this.pending.delete(userId));
    this.pending.set(userId, started);
    return started;
  }

  private requireSubtle(): SubtleCrypto {
    if (!this.subtle) {
      throw new SigningUnavailableError();
    }
    return this.subtle;
  }
}

/** A label for the key list: browser and platform, e.g. "Chrome · Linux (web)". */
export function describeDevice(nav: Pick<Navigator, 'userAgent'> | undefined = globalThis.navigator): string {
  const ua = nav?.userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const platform = /iPad/.test(ua)
    ? 'iPad'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'device';
  return `${browser} · ${platform} (e-Cabinet web)`;
}
