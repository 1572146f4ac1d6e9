import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * A certificate officer's issuing CA: its certificate (signed by the root holder, offline), its
 * key on the officer's device only. Device certificates it issues chain through it.
 */
@Entity('officer_authorities')
export class OfficerAuthorityEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** DER, base64. */
  @Column({ type: 'text' })
  certificate!: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 500 })
  subject!: string;

  @DateTimeColumn({ name: 'not_after' })
  notAfter!: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /** The revocation list the officer's device signed last (DER, base64); null before the first. */
  @Column({ type: 'text', nullable: true })
  crl!: string | null;

  /** That list's `thisUpdate`: a newer list replaces it, an older one is refused. */
  @DateTimeColumn({ name: 'crl_this_update', nullable: true })
  crlThisUpdate!: Date | null;
}
