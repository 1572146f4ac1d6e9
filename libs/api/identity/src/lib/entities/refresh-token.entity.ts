import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * How the session began: `password` (with the account's own second factor when it has one),
 * `sso` (the identity provider asserted no second factor), `sso-mfa` (it asserted one, `amr`).
 */
export type SignInMethod = 'password' | 'sso' | 'sso-mfa';

/**
 * One refresh token of a rotation family. Each refresh uses the token and issues its successor;
 * presenting a used token again means it was stolen, and the whole family is revoked.
 */
@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId!: string;

  /** SHA-256 of the secret half; the secret itself is only in the user's cookie. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  /** The same for every token of a family: a refresh keeps how the session was signed in. */
  @Column({ name: 'sign_in_method', type: 'varchar', length: 16, default: 'password' })
  signInMethod!: SignInMethod;
}
