import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull, type EntityManager, type Repository } from 'typeorm';
import type { LoginResponse, TotpEnrollResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, DomainEvents, type AppConfig } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { RefreshTokenEntity, type SignInMethod } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { DevicesService } from './devices.service';
import { identityErrors } from './identity.errors';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';
import { TotpService } from './totp.service';
import { revokeSessions, UsersService } from './users.service';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A login or refresh result: the body for the client and the cookie value to set. */
export interface IssuedSession {
  response: LoginResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

@Injectable()
export class AuthService {
  private readonly refreshTokens: Repository<RefreshTokenEntity>;

  constructor(
    dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
    private readonly totp: TotpService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly devices: DevicesService,
  ) {
    this.refreshTokens = dataSource.getRepository(RefreshTokenEntity);
  }

  async login(username: string, password: string, totpCode: string | undefined, client: ClientInfo): Promise<IssuedSession> {
    const user = await this.users.findByUsername(username);
    await this.throttle.assertAllowed(username, client.ip, user !== null);
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordOk) {
      await this.failLogin(username, user, 'invalid-credentials', client);
      throw identityErrors.invalidCredentials();
    }
    if (user.totpEnabled && !totpCode) throw identityErrors.totpRequired();
    if (user.totpEnabled && !(await this.acceptTotp(user, totpCode))) {
      await this.failLogin(username, user, 'invalid-totp', client);
      throw identityErrors.totpInvalid();
    }
    if (user.disabled) {
      await this.audit.record({ action: 'auth.login.failed', actor: { id: user.id, username: user.username }, details: { reason: 'disabled' } });
      throw identityErrors.userDisabled();
    }
    await this.throttle.recordSuccess(username);
    return this.transactions.run(async (manager) => {
      await this.audit.record({ action: 'auth.login.succeeded', actor: { id: user.id, username: user.username }, targetType: 'user', targetId: user.id }, manager);
      return this.issueSession(manager, user, randomUUID(), client);
    });
  }

  /**
   * Opens a session for a user the organisation's identity provider vouched for (single sign-on).
   * The caller has already checked the account (enabled) and, when the provider asserted no second
   * factor and the account has its own, the code ({@link verifySecondFactor}).
   */
  async signInVerified(user: UserEntity, method: Exclude<SignInMethod, 'password'>, client: ClientInfo): Promise<IssuedSession> {
    await this.throttle.recordSuccess(user.username);
    return this.transactions.run(async (manager) => {
      await this.audit.record(
        { action: 'auth.login.succeeded', actor: { id: user.id, username: user.username }, targetType: 'user', targetId: user.id, details: { method } },
        manager,
      );
      return this.issueSession(manager, user, randomUUID(), client, method);
    });
  }

  /** The account's own second factor after single sign-on: throttled and audited like a password attempt. */
  async verifySecondFactor(user: UserEntity, code: string, client: ClientInfo): Promise<void> {
    await this.throttle.assertAllowed(user.username, client.ip, true);
    if (!(await this.acceptTotp(user, code))) {
      await this.failLogin(user.username, user, 'invalid-totp', client);
      throw identityErrors.totpInvalid();
    }
  }

  /** Records a single sign-on the e-Cabinet refused (unknown or disabled account). */
  async recordRefusedSignIn(claimed: string, user: UserEntity | null, reason: string): Promise<void> {
    await this.audit.record({
      action: 'auth.login.failed',
      actor: { id: user?.id ?? null, username: claimed.trim().toLowerCase().slice(0, 64) || null },
      details: { reason, method: 'sso' },
    });
  }

  /** Rotates the refresh token. A token presented twice revokes its whole family. */
  async refresh(presented: string | undefined, client: ClientInfo): Promise<IssuedSession> {
    const [id, secret] = (presented ?? '').split('.');
    if (!id || !secret) throw identityErrors.refreshInvalid();
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (manager) => {
      const repository = manager.getRepository(RefreshTokenEntity);
      const token = await repository.findOne({ where: { id } });
      if (!token || !safeEqual(token.tokenHash, sha256(secret))) return { error: 'invalid' as const };
      if (token.revokedAt || token.expiresAt <= now) return { error: 'ended' as const, familyId: token.familyId };
      if (token.usedAt) {
        await repository.update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { error: 'reused' as const, userId: token.userId };
      }
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: token.userId } });
      if (!user || user.disabled) return { error: 'invalid' as const };
      // Conditional update: of two concurrent refreshes with the same token only one wins.
      const claimed = await repository.update({ id, usedAt: IsNull() }, { usedAt: now });
      if (claimed.affected !== 1) return { error: 'invalid' as const };
      return { session: await this.issueSession(manager, user, token.familyId, client, token.signInMethod) };
    });
    if ('session' in outcome && outcome.session) return outcome.session;
    // A device told to wipe hears it here, with its own (verified) cookie, before anything else.
    if ('familyId' in outcome && outcome.familyId && (await this.devices.heard(outcome.familyId))) throw identityErrors.deviceWiped();
    throw identityErrors.refreshInvalid();
  }

  async logout(presented: string | undefined): Promise<void> {
    const [id] = (presented ?? '').split('.');
    if (!id) return;
    const token = await this.refreshTokens.findOne({ where: { id } });
    if (!token) return;
    const user = await this.users.get(token.userId).catch(() => null);
    await this.transactions.run(async (manager) => {
      await manager.getRepository(RefreshTokenEntity).update({ familyId: token.familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      // Logout is called with the cookie alone: the actor is the token's owner.
      await this.audit.record({ action: 'auth.logout', actor: { id: token.userId, username: user?.username ?? null }, targetType: 'user', targetId: token.userId }, manager);
    });
    // Its access tokens die with the family (the guard checks it); its live connections close now.
    this.events.publish('identity.sessions-revoked', { userId: token.userId, reason: 'logout', sessionId: token.familyId });
  }

  async logoutEverywhere(userId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.devices.wipeAll(manager, userId, 'logout-everywhere', userId);
      await manager.getRepository(RefreshTokenEntity).update({ userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      await manager.getRepository(UserEntity).increment({ id: userId }, 'sessionEpoch', 1);
      await this.audit.record({ action: 'auth.logout-everywhere', targetType: 'user', targetId: userId }, manager);
    });
    this.events.publish('identity.sessions-revoked', { userId, reason: 'logout' });
  }

  /** Every other session of the user ends: whoever knew the old password is out. The caller's stays. */
  async changePassword(userId: string, sessionId: string | undefined, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.get(userId);
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) throw identityErrors.wrongCurrentPassword();
    const passwordHash = await this.hasher.hash(newPassword);
    await this.transactions.run(async (manager) => {
      await manager.getRepository(UserEntity).update({ id: userId }, { passwordHash, updatedAt: this.clock.now() });
      await revokeSessions(manager, userId, this.clock.now(), sessionId);
      await this.audit.record({ action: 'auth.password.changed', targetType: 'user', targetId: userId }, manager);
    });
    this.events.publish('identity.sessions-revoked', { userId, reason: 'password-changed', exceptSessionId: sessionId });
  }

  async enrollTotp(userId: string): Promise<TotpEnrollResponse> {
    const user = await this.users.get(userId);
    // The active secret is never sent again: enrolling another needs the factor turned off (with a code) first.
    if (user.totpEnabled) throw identityErrors.totpAlreadyEnabled();
    const secret = this.totp.generateSecret();
    await this.transactions.run((manager) => manager.getRepository(UserEntity).update({ id: userId, totpEnabled: false }, { totpSecret: this.totp.seal(secret) }));
    return { otpauthUrl: this.totp.otpauthUrl(user.username, secret), secret };
  }

  async confirmTotp(userId: string, code: string): Promise<void> {
    const user = await this.users.get(userId);
    if (!user.totpSecret) throw identityErrors.totpNotEnrolled();
    if (!(await this.acceptTotp(user, code))) throw identityErrors.totpInvalid();
    await this.transactions.run(async (manager) => {
      await manager.getRepository(UserEntity).update({ id: userId }, { totpEnabled: true, updatedAt: this.clock.now() });
      await this.audit.record({ action: 'auth.totp.enabled', targetType: 'user', targetId: userId }, manager);
    });
  }

  async disableTotp(userId: string, code: string): Promise<void> {
    const user = await this.users.get(userId);
    if (!user.totpEnabled) return;
    if (!(await this.acceptTotp(user, code))) throw identityErrors.totpInvalid();
    await this.transactions.run(async (manager) => {
      await manager.getRepository(UserEntity).update({ id: userId }, { totpEnabled: false, totpSecret: null, updatedAt: this.clock.now() });
      await this.audit.record({ action: 'auth.totp.disabled', targetType: 'user', targetId: userId }, manager);
    });
  }

  /**
   * A valid code is accepted once: its time-step must be later than the last one accepted for the
   * user. The conditional update makes two concurrent uses of one code (on any instance) accept one.
   */
  private async acceptTotp(user: UserEntity, code: string | undefined): Promise<boolean> {
    const step = this.totp.verify(code, user.totpSecret);
    if (step === null) return false;
    const claimed = await this.refreshTokens.manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ totpLastStep: String(step) })
      .where('id = :id', { id: user.id })
      .andWhere('(totp_last_step IS NULL OR totp_last_step < :step)', { step })
      .execute();
    return claimed.affected === 1;
  }

  private async failLogin(username: string, user: UserEntity | null, reason: string, client: ClientInfo): Promise<void> {
    await this.throttle.recordFailure(username, client.ip);
    await this.audit.record({
      action: 'auth.login.failed',
      actor: { id: user?.id ?? null, username: username.trim().toLowerCase().slice(0, 64) },
      details: { reason },
    });
  }

  private async issueSession(
    manager: EntityManager,
    user: UserEntity,
    familyId: string,
    client: ClientInfo,
    signInMethod: SignInMethod = 'password',
  ): Promise<IssuedSession> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(now.getTime() + this.config.refreshTokenTtlDays * 86_400_000);
    const token = await manager.getRepository(RefreshTokenEntity).save({
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: sha256(secret),
      expiresAt: refreshExpiresAt,
      createdAt: now,
      usedAt: null,
      revokedAt: null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
      signInMethod,
    });
    const { accessToken, expiresIn } = this.tokens.issueAccessToken(user, familyId);
    return {
      response: { accessToken, expiresIn, user: await this.users.toResponse(user, signInMethod === 'sso-mfa') },
      refreshToken: `${token.id}.${secret}`,
      refreshExpiresAt,
    };
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
