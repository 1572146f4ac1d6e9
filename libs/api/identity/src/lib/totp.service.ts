import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { DataSource, IsNull, Not } from 'typeorm';
import { APP_CONFIG, ConfigError, type AppConfig } from '@ecabinet/api/platform';
import { UserEntity } from './entities/user.entity';

authenticator.options = { window: 1 };

/** A stored secret sealed with AES-256-GCM: `v1:` + base64url(iv 12 bytes | tag 16 bytes | ciphertext). */
const SEALED = 'v1:';

/**
 * RFC 6238 time-based one-time passwords (authenticator apps). The secrets are sealed at rest
 * with TOTP_ENCRYPTION_KEY: the database alone (a dump, a backup) never gives a second factor.
 */
@Injectable()
export class TotpService implements OnApplicationBootstrap {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = config.totpEncryptionKey;
  }

  /**
   * At boot: a stored secret the key cannot open stops start-up (a wrong key would lock every
   * enrolled user out), and one still in plain text (written before sealing) is sealed now. An
   * upgrade here rather than in a migration, because migrations do not hold the key.
   */
  async onApplicationBootstrap(): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    const rows = await users.find({ select: { id: true, totpSecret: true }, where: { totpSecret: Not(IsNull()) } });
    for (const { id, totpSecret } of rows) {
      if (!totpSecret) continue;
      if (!totpSecret.startsWith(SEALED)) {
        await users.update({ id, totpSecret }, { totpSecret: this.seal(totpSecret) });
      } else if (this.open(totpSecret) === null) {
        throw new ConfigError('TOTP_ENCRYPTION_KEY', 'does not open the second-factor secrets stored in the database: it is not the key they were sealed with');
      }
    }
  }

  generateSecret(): string {
    return authenticator.generateSecret();
  }

  otpauthUrl(username: string, secret: string): string {
    return authenticator.keyuri(username, 'e-Cabinet', secret);
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return SEALED + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The secret of a sealed value, or null when it is not one this key sealed. */
  open(stored: string): string | null {
    if (!stored.startsWith(SEALED)) return null;
    const bytes = Buffer.from(stored.slice(SEALED.length), 'base64url');
    if (bytes.length < 29) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** The time-step of a valid code for the stored (sealed) secret, now or one step either side; else null. */
  verify(code: string | undefined, stored: string | null): number | null {
    const secret = stored ? this.open(stored) : null;
    if (!code || !secret || !/^\d{6}$/.test(code)) return null;
    const delta = authenticator.checkDelta(code, secret);
    if (delta === null) return null;
    return Math.floor(Date.now() / 1000 / authenticator.allOptions().step) + delta;
  }

  /** For tests and the demo: the code an authenticator app would show now. */
  currentCode(secret: string): string {
    return authenticator.generate(secret);
  }
}
