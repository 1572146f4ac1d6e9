import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { BatchQueue, TransactionRunner } from '@ecabinet/api/database';
import { readRoles, type UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';

interface AccessTokenClaims {
  sub: string;
  /** The user's session epoch when the token was issued. */
  se: number;
  /** The session (refresh-token family) the token belongs to; it dies with the session. */
  sid: string;
  typ: 'access';
}

export interface VerifiedCaller {
  user: AuthenticatedUser;
  sessionId: string;
  /** The account has its own second factor, or the identity provider asserted one for this session. */
  secondFactor: boolean;
}

/** What a request needs to know of its caller, as the database has it now. */
interface CallerRow {
  id: string;
  username: string;
  full_name: string;
  roles: string;
  disabled: boolean | number;
  totp_enabled: boolean | number;
  session_epoch: number | string;
  /** Whether the token's session (refresh-token family) is still alive for this user. */
  live_session: boolean;
  /** How that session was signed in (null when it is not alive). */
  sign_in_method: string | null;
}

/** Issues access tokens and turns a presented one back into a live, enabled user. */
@Injectable()
export class TokenService {
  /**
   * Every authenticated request reads its user as the database has it now (disabled, session
   * epoch, roles) and whether its session is still alive (not logged out, not revoked by a password
   * change), from the database every time, so that a session ended on one API instance is refused
   * at once by every other. Requests arriving together share one query.
   */
  private readonly callers = new BatchQueue<string, CallerRow | null>((keys) => this.readCallers(keys), { maxBatch: 500, concurrency: 4 });

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issueAccessToken(user: UserEntity, sessionId: string): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: user.id, se: user.sessionEpoch, sid: sessionId, typ: 'access' };
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { accessToken: this.jwt.sign(claims, { expiresIn, algorithm: 'HS256' }), expiresIn };
  }

  /** Used by the HTTP guard and the socket handshake alike. */
  async authenticate(token: string | undefined | null): Promise<VerifiedCaller> {
    if (!token) throw identityErrors.unauthenticated();
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw identityErrors.unauthenticated('Your session has expired. Sign in again.');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw identityErrors.unauthenticated();
    const row = await this.callers.submit(`${claims.sub} ${claims.sid}`);
    if (!row || !row.live_session || Boolean(row.disabled) || Number(row.session_epoch) !== claims.se) {
      throw identityErrors.unauthenticated('Your session has ended. Sign in again.');
    }
    return {
      user: {
        id: row.id,
        username: row.username,
        fullName: row.full_name,
        roles: readRoles(row.roles),
        sessionId: claims.sid,
        providerSecondFactor: row.sign_in_method === 'sso-mfa',
      },
      sessionId: claims.sid,
      secondFactor: Boolean(row.totp_enabled) || row.sign_in_method === 'sso-mfa',
    };
  }

  /**
   * Keys are "<user id> <session id>". A session is alive while one token of its family, issued to
   * that user, is unrevoked (logout and reuse revoke them all).
   */
  private async readCallers(keys: string[]): Promise<(CallerRow | null)[]> {
    const sql = this.transactions.dialect;
    const pairs = keys.map((key) => key.split(' ') as [string, string]);
    const rows = (await this.dataSource.query(
      ...sql.statement(
        `SELECT u.id, u.username, u.full_name, u.roles, u.disabled, u.totp_enabled, u.session_epoch, s.family_id AS live_session, s.sign_in_method
         FROM users u LEFT JOIN (SELECT DISTINCT user_id, family_id, sign_in_method FROM refresh_tokens WHERE ${sql.inList('family_id', 2)} AND revoked_at IS NULL) s ON s.user_id = u.id
         WHERE ${sql.inList('u.id', 1)}`,
        [sql.list([...new Set(pairs.map(([userId]) => userId))]), sql.list([...new Set(pairs.map(([, sessionId]) => sessionId))])],
      ),
    )) as (Omit<CallerRow, 'live_session'> & { live_session: string | null })[];
    const byKey = new Map<string, CallerRow>();
    for (const row of rows) {
      const key = `${row.id} ${row.live_session ?? ''}`;
      if (!byKey.has(key)) byKey.set(key, { ...row, live_session: row.live_session !== null });
      // The user without a live session (a row with no family, or with another one) is kept for the epoch check.
      if (!byKey.has(`${row.id} `)) byKey.set(`${row.id} `, { ...row, live_session: false, sign_in_method: null });
    }
    return pairs.map(([userId, sessionId]) => byKey.get(`${userId} ${sessionId}`) ?? byKey.get(`${userId} `) ?? null);
  }
}
