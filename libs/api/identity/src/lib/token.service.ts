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
  totpEnabled: boolean;
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
}

/** Issues access tokens and turns a presented one back into a live, enabled user. */
@Injectable()
export class TokenService {
  /**
   * Every authenticated request reads its user as the database has it now (disabled, session
   * epoch, roles); requests arriving together share one read.
   */
  private readonly lookups = new BatchQueue<string, CallerRow | null>((ids) => this.readCallers(ids), { maxBatch: 500, concurrency: 4 });
  /**
   * And whether its session is still alive (not logged out, not revoked by a password change):
   * read from the database every time, so a session ended on one API instance is refused at once
   * by every other.
   */
  private readonly sessions = new BatchQueue<string, boolean>((ids) => this.readLiveSessions(ids), { maxBatch: 500, concurrency: 4 });

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
    const [row, sessionAlive] = await Promise.all([this.lookups.submit(claims.sub), this.sessions.submit(claims.sid)]);
    if (!row || !sessionAlive || Boolean(row.disabled) || Number(row.session_epoch) !== claims.se) {
      throw identityErrors.unauthenticated('Your session has ended. Sign in again.');
    }
    return {
      user: { id: row.id, username: row.username, fullName: row.full_name, roles: readRoles(row.roles), sessionId: claims.sid },
      sessionId: claims.sid,
      totpEnabled: Boolean(row.totp_enabled),
    };
  }

  private async readCallers(ids: string[]): Promise<(CallerRow | null)[]> {
    const sql = this.transactions.dialect;
    const rows = (await this.dataSource.query(
      ...sql.statement(`SELECT id, username, full_name, roles, disabled, totp_enabled, session_epoch FROM users WHERE ${sql.inList('id', 1)}`, [sql.list([...new Set(ids)])]),
    )) as CallerRow[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** A session is alive while one token of its family is unrevoked (logout and reuse revoke them all). */
  private async readLiveSessions(ids: string[]): Promise<boolean[]> {
    const sql = this.transactions.dialect;
    const rows = (await this.dataSource.query(
      ...sql.statement(`SELECT DISTINCT family_id FROM refresh_tokens WHERE ${sql.inList('family_id', 1)} AND revoked_at IS NULL`, [sql.list([...new Set(ids)])]),
    )) as { family_id: string }[];
    const alive = new Set(rows.map((row) => row.family_id));
    return ids.map((id) => alive.has(id));
  }
}
