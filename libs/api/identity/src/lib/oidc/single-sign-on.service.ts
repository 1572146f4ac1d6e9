import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@ecabinet/api/platform';
import type { SsoRefusal } from '@ecabinet/shared/contracts';
import { AuthService, type ClientInfo, type IssuedSession } from '../auth.service';
import type { UserEntity } from '../entities/user.entity';
import { identityErrors } from '../identity.errors';
import { UsersService } from '../users.service';
import { OidcClient, OidcExchangeRefused, type OidcPendingSignIn } from './oidc-client';

/** Path of the callback the provider sends the browser back to (registered at the provider). */
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** A sign-in started at the provider lasts this long; the browser carries it in a signed cookie. */
export const PENDING_TTL_SECONDS = 600;
/** After single sign-on, the account's own second factor must be entered within this time. */
export const SECOND_FACTOR_TTL_SECONDS = 300;

/**
 * `amr` values (RFC 8176) that stand for a factor besides a password: a provider asserting
 * one of them, or `mfa`, has done a second factor and the account's own is not asked again.
 */
const SECOND_FACTOR_METHODS = new Set(['mfa', 'otp', 'hwk', 'sc', 'swk', 'sms', 'tel', 'fpt', 'face', 'iris', 'retina', 'vbm']);

interface PendingClaims extends OidcPendingSignIn {
  typ: 'oidc-pending';
  returnUrl: string;
}

interface SecondFactorClaims {
  typ: 'oidc-second-factor';
  sub: string;
  returnUrl: string;
}

export type SsoOutcome =
  | { kind: 'session'; session: IssuedSession; returnUrl: string }
  | { kind: 'second-factor'; ticket: string; returnUrl: string }
  | { kind: 'refused'; reason: SsoRefusal };

/**
 * Single sign-on through the organisation's OpenID provider (authorization code flow with PKCE).
 * The provider says who the person is; e-Cabinet decides whether that is one of its enabled users
 * (matched by the configured claim, never created) and what they may do.
 */
@Injectable()
export class SingleSignOnService {
  private readonly logger = new Logger(SingleSignOnService.name);
  private readonly client: OidcClient | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {
    const oidc = config.oidc;
    this.client = oidc ? new OidcClient(oidc.issuer, oidc.clientId, oidc.clientSecret, `${config.publicUrl}${OIDC_CALLBACK_PATH}`) : null;
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** Where to send the browser, and the signed state it must bring back; null when the provider cannot be reached. */
  async start(returnUrl: string | undefined): Promise<{ url: string; pending: string } | { refused: SsoRefusal }> {
    if (!this.client) return { refused: 'unavailable' };
    try {
      const { url, pending } = await this.client.start();
      const claims: PendingClaims = { typ: 'oidc-pending', ...pending, returnUrl: safeReturnPath(returnUrl) };
      return { url: url.href, pending: this.jwt.sign(claims, { expiresIn: PENDING_TTL_SECONDS, algorithm: 'HS256' }) };
    } catch (error) {
      this.logger.warn(`The identity provider cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      return { refused: 'unavailable' };
    }
  }

  /** The provider's answer: a session, the account's own second factor to ask for, or a refusal. */
  async finish(query: URLSearchParams, pendingCookie: string | undefined, client: ClientInfo): Promise<SsoOutcome> {
    if (!this.client || !this.config.oidc) return { kind: 'refused', reason: 'unavailable' };
    const pending = this.readSigned<PendingClaims>(pendingCookie, 'oidc-pending');
    if (!pending) return { kind: 'refused', reason: 'expired' };
    const providerError = query.get('error');
    if (providerError) return { kind: 'refused', reason: providerError === 'access_denied' ? 'cancelled' : 'failed' };

    let result;
    try {
      result = await this.client.finish(new URL(`${this.config.publicUrl}${OIDC_CALLBACK_PATH}?${query}`), pending);
    } catch (error) {
      if (error instanceof OidcExchangeRefused) {
        this.logger.warn(`Single sign-on refused: ${error.message}`);
        return { kind: 'refused', reason: 'failed' };
      }
      this.logger.warn(`The identity provider cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'refused', reason: 'unavailable' };
    }

    const claimed = result.claims[this.config.oidc.usernameClaim];
    const username = typeof claimed === 'string' ? claimed : '';
    const user = username ? await this.users.findByUsername(username) : null;
    if (!user) {
      await this.auth.recordRefusedSignIn(username, null, 'sso-unknown-user');
      return { kind: 'refused', reason: 'unknown-user' };
    }
    if (user.disabled) {
      await this.auth.recordRefusedSignIn(username, user, 'disabled');
      return { kind: 'refused', reason: 'disabled' };
    }
    const providerSecondFactor = result.amr.some((method) => SECOND_FACTOR_METHODS.has(method));
    if (user.totpEnabled && !providerSecondFactor) {
      const ticket: SecondFactorClaims = { typ: 'oidc-second-factor', sub: user.id, returnUrl: pending.returnUrl };
      return { kind: 'second-factor', ticket: this.jwt.sign(ticket, { expiresIn: SECOND_FACTOR_TTL_SECONDS, algorithm: 'HS256' }), returnUrl: pending.returnUrl };
    }
    const session = await this.auth.signInVerified(user, providerSecondFactor ? 'sso-mfa' : 'sso', client);
    return { kind: 'session', session, returnUrl: pending.returnUrl };
  }

  /** Completes a single sign-on with the account's own code. */
  async completeSecondFactor(ticketCookie: string | undefined, code: string, client: ClientInfo): Promise<IssuedSession> {
    const ticket = this.readSigned<SecondFactorClaims>(ticketCookie, 'oidc-second-factor');
    if (!ticket) throw identityErrors.ssoExpired();
    let user: UserEntity;
    try {
      user = await this.users.get(ticket.sub);
    } catch {
      throw identityErrors.ssoExpired();
    }
    if (user.disabled) throw identityErrors.userDisabled();
    if (!user.totpEnabled) throw identityErrors.ssoExpired();
    await this.auth.verifySecondFactor(user, code, client);
    return this.auth.signInVerified(user, 'sso', client);
  }

  private readSigned<T extends { typ: string }>(token: string | undefined, typ: T['typ']): T | null {
    if (!token) return null;
    try {
      const claims = this.jwt.verify<T>(token, { algorithms: ['HS256'] });
      return claims.typ === typ ? claims : null;
    } catch {
      return null;
    }
  }
}

/** Only a path of this application: never another origin (`//host`, `/\host`, a scheme). */
export function safeReturnPath(returnUrl: string | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\') || /[\r\n]/.test(returnUrl)) return '/';
  return returnUrl.slice(0, 500);
}
