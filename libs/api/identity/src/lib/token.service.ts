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
  typ: 'access';
}

export interface VerifiedCaller {
  user: AuthenticatedUser;
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

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issueAccessToken(user: UserEntity): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: user.id, se: user.sessionEpoch, typ: 'access' };
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
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw identityErrors.unauthenticated();
    const row = await this.lookups.submit(claims.sub);
    if (!row || Boolean(row.disabled) || Number(row.session_epoch) !== claims.se) {
      throw identityErrors.unauthenticated('Your session has ended. Sign in again.');
    }
    return {
      user: { id: row.id, username: row.username, fullName: row.full_name, roles: readRoles(row.roles) },
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
}
