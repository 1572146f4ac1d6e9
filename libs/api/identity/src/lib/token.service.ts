import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { BatchQueue, CommittedChanges, TableCache, TransactionRunner } from '@ecabinet/api/database';
import { readRoles, type UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';

interface AccessTokenClaims {
  sub: string;
  /** Expiry, seconds since the epoch (set by the signer). */
  exp?: number;
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
   * Every authenticated request needs its user as the database has it now (disabled, session
   * epoch, roles) and whether its session is still alive (not logged out, not revoked by a password
   * change), so that a session ended on one API instance is refused at once by every other. What
   * was read is kept (#15: no database round trip per request) until a committed write to users or
   * refresh tokens on any instance makes every instance forget it; reads arriving together share
   * one query. Only callers still allowed in are kept.
   */
  private readonly callers = new BatchQueue<string, CallerRow | null>((keys) => this.readCallers(keys), { maxBatch: 500, concurrency: 4 });
  private readonly known: TableCache<CallerRow>;
  /**
   * Tokens whose signature was checked, with their claims: once per token rather than once per
   * request (jsonwebtoken's verify was about a tenth of a small request's CPU time). Bounded; the
   * oldest go first. Expiry is checked on every use.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    changes: CommittedChanges,
  ) {
    this.known = new TableCache<CallerRow>(changes, ['users', 'refresh_tokens'], { ttlMs: CALLER_TTL_MS, maxEntries: 50_000 });
  }

  issueAccessToken(user: UserEntity, sessionId: string): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: user.id, se: user.sessionEpoch, sid: sessionId, typ: 'access' };
    const expiresIn = this.config.accessTokenTtlSeconds;
    return { accessToken: this.jwt.sign(claims, { expiresIn, algorithm: 'HS256' }), expiresIn };
  }

  /** Used by the HTTP guard and the socket handshake alike. */
  async authenticate(token: string | undefined | null): Promise<VerifiedCaller> {
    if (!token) throw identityErrors.unauthenticated();
    const claims = this.verify(token);
    const key = `${claims.sub} ${claims.sid}`;
    const row = await this.known.through(key, () => this.callers.submit(key), (known) => callerAllowed(known, claims));
    if (!row || !callerAllowed(row, claims)) {
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

  private verify(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known) {
      if (typeof known.exp === 'number' && known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
    }
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw identityErrors.unauthenticated('Your session has expired. Sign in again.');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw identityErrors.unauthenticated();
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, claims);
    }
    return claims;
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

/**
 * How long a caller read from the database is trusted without asking again, for changes made
 * outside the API (raw SQL, or while Redis was away); the API's own changes are seen at once.
 */
const CALLER_TTL_MS = 5_000;
/** Access tokens remembered as verified: about one per live session. */
const MAX_VERIFIED_TOKENS = 50_000;

function callerAllowed(row: CallerRow, claims: AccessTokenClaims): boolean {
  return row.live_session && !row.disabled && Number(row.session_epoch) === claims.se;
}
