import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, In, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { BatchQueue } from '@ecabinet/api/database';
import { UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';

interface AccessTokenClaims {
  sub: string;
  /** The user's session epoch when the token was issued. */
  se: number;
  typ: 'access';
}

export interface VerifiedCaller {
  user: AuthenticatedUser;
  entity: UserEntity;
}

/** Issues access tokens and turns a presented one back into a live, enabled user. */
@Injectable()
export class TokenService {
  private readonly users: Repository<UserEntity>;
  /**
   * Every authenticated request reads its user as the database has it now (disabled, session
   * epoch, roles); requests arriving together share one read.
   */
  private readonly lookups = new BatchQueue<string, UserEntity | null>((ids) => this.readUsers(ids), { maxBatch: 500, concurrency: 4 });

  constructor(
    dataSource: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

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
    const entity = await this.lookups.submit(claims.sub);
    if (!entity || entity.disabled || entity.sessionEpoch !== claims.se) {
      throw identityErrors.unauthenticated('Your session has ended. Sign in again.');
    }
    return {
      entity,
      user: { id: entity.id, username: entity.username, fullName: entity.fullName, roles: entity.roles },
    };
  }

  private async readUsers(ids: string[]): Promise<(UserEntity | null)[]> {
    const rows = await this.users.find({ where: { id: In([...new Set(ids)]) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
