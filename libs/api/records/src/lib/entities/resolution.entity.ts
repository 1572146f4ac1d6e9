import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A session resolution: a draft the secretariat composes, then issued by the chair (numbered, frozen, sealed). */
@Entity('resolutions')
export class ResolutionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The meeting it was composed for (one resolution per meeting), or null for a ballot's. */
  @Column({ name: 'meeting_id', type: 'varchar', length: 36, nullable: true })
  meetingId!: string | null;

  /** The closed written opinion ballot it was composed from (one per ballot), or null for a session's. */
  @Column({ name: 'ballot_id', type: 'varchar', length: 36, nullable: true })
  ballotId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: 'draft' | 'issued';

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  /** ResolutionSection[] as JSON. */
  @Column({ type: 'text' })
  sections!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  number!: string | null;

  @Column({ name: 'pdf_sha256', type: 'varchar', length: 64, nullable: true })
  pdfSha256!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @Column({ name: 'issued_by', type: 'varchar', length: 36, nullable: true })
  issuedBy!: string | null;

  @DateTimeColumn({ name: 'issued_at', nullable: true })
  issuedAt!: Date | null;
}
