import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { Clock } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { LoginThrottleEntity } from './entities/login-throttle.entity';
import { identityErrors } from './identity.errors';

interface Limit {
  maxFailures: number;
  windowMs: number;
}

/** Per username: 5 failures in 15 minutes locks it, doubling from 30 s up to 15 minutes. */
const USERNAME_LIMIT: Limit = { maxFailures: 5, windowMs: 15 * 60_000 };
/**
 * Per client address, against guessing unknown usernames: 500 failures in 15 minutes (a ministry
 * of 200 staff signs in from one address). It never refuses an existing account: see assertAllowed.
 */
const ADDRESS_LIMIT: Limit = { maxFailures: 500, windowMs: 15 * 60_000 };
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/**
 * Throttles failed logins in the database, so every API instance sees the same counters.
 * Keys are the username as typed (existing or not) and the client address: a locked account
 * and an unknown one answer the same 429.
 */
@Injectable()
export class LoginThrottleService {
  private readonly throttle: Repository<LoginThrottleEntity>;

  constructor(
    dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {
    this.throttle = dataSource.getRepository(LoginThrottleEntity);
  }

  /**
   * An existing account is refused only by its own lock: a storm of failures from a shared address
   * must not lock out a colleague typing the right password there. The address lock slows
   * guessing of unknown usernames (which existing accounts cannot be told apart from before it).
   */
  async assertAllowed(username: string, ip: string | null, accountExists: boolean): Promise<void> {
    const now = this.clock.now().getTime();
    const keys = accountExists ? [this.usernameKey(username)] : this.keys(username, ip);
    const rows = await this.throttle.find({ where: keys.map((key) => ({ key })) });
    const lockedUntil = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
    if (lockedUntil > now) throw identityErrors.tooManyAttempts(Math.ceil((lockedUntil - now) / 1000));
  }

  async recordFailure(username: string, ip: string | null): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(LoginThrottleEntity);
      for (const key of this.keys(username, ip)) {
        const limit = key.startsWith('ip:') ? ADDRESS_LIMIT : USERNAME_LIMIT;
        const row = (await repository.findOne({ where: { key } })) ?? repository.create({ key, failures: 0, windowStartedAt: now, lockedUntil: null });
        if (now.getTime() - row.windowStartedAt.getTime() > limit.windowMs && !(row.lockedUntil && row.lockedUntil > now)) {
          row.failures = 0;
          row.windowStartedAt = now;
        }
        row.failures += 1;
        if (row.failures >= limit.maxFailures) {
          const lockMs = Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (row.failures - limit.maxFailures));
          row.lockedUntil = new Date(now.getTime() + lockMs);
        }
        await repository.save(row);
      }
    });
  }

  async recordSuccess(username: string): Promise<void> {
    await this.transactions.run((manager) => manager.getRepository(LoginThrottleEntity).delete({ key: this.usernameKey(username) }));
  }

  private usernameKey(username: string): string {
    return `user:${username.trim().toLowerCase().slice(0, 150)}`;
  }

  private keys(username: string, ip: string | null): string[] {
    return ip ? [this.usernameKey(username), `ip:${ip}`] : [this.usernameKey(username)];
  }
}
