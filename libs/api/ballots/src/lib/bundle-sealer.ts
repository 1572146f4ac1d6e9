import { Inject, Injectable } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, canonicalJson, type AppConfig } from '@ecabinet/api/platform';
import type { BallotBundle } from '@ecabinet/shared/contracts';
import { sha256Hex } from './answer-signature';
import type { SealedBundle } from './bundle-verifier';

/**
 * Seals result bundles with the installation's own ECDSA P-256 key, kept under DATA_DIR (shared
 * by every instance) and created on first use. The seal's SHA-256 is printed on the signed report.
 */
@Injectable()
export class BundleSealer {
  private key: { privateKey: KeyObject; publicKeySpki: string } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  seal(bundle: BallotBundle): { text: string; sha256: string } {
    const { privateKey, publicKeySpki } = this.loadKey();
    const sha256 = sha256Hex(canonicalJson(bundle));
    const signature = sign('sha256', Buffer.from(sha256), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
    const sealed: SealedBundle = { ...bundle, seal: { sha256, signature, publicKey: publicKeySpki } };
    return { text: canonicalJson(sealed), sha256 };
  }

  private loadKey(): { privateKey: KeyObject; publicKeySpki: string } {
    if (this.key) return this.key;
    const dir = join(this.config.dataDir, 'keys');
    const file = join(dir, 'bundle-seal.pem');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    const privateKey = createPrivateKey(readFileSync(file));
    const publicKeySpki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
    this.key = { privateKey, publicKeySpki };
    return this.key;
  }
}
