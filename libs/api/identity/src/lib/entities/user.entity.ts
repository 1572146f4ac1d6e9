import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** Roles are stored as comma-separated text. */
export function readRoles(text: string | null): Role[] {
  return text ? (text.split(',') as Role[]) : [];
}

const rolesTransformer = {
  to: (roles: Role[]) => roles.join(','),
  from: readRoles,
};

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 200, transformer: rolesTransformer })
  roles!: Role[];

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** The organisation the user belongs to (a ministry, the Government Office); null when none is set. */
  @Column({ name: 'organisation_id', type: 'varchar', length: 36, nullable: true })
  organisationId!: string | null;

  /** Sealed with TOTP_ENCRYPTION_KEY (see TotpService), never the base32 secret itself. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  totpSecret!: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false })
  totpEnabled!: boolean;

  /** The last TOTP time-step accepted (a code is accepted once). Written only by a conditional update. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, select: false })
  totpLastStep?: string | null;

  /** Bumped by logout-everywhere and disabling: access tokens of an older epoch are refused. */
  @Column({ name: 'session_epoch', type: 'integer', default: 0 })
  sessionEpoch!: number;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
