import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * A meeting's minutes. While a draft, only the prose is stored (the facts follow the record);
 * the chair's approval freezes the facts, gives the number and keeps the signed PDF.
 */
@Entity('meeting_minutes')
export class MinutesEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: 'draft' | 'approved';

  @Column({ type: 'integer' })
  version!: number;

  /** MinutesProse as JSON. */
  @Column({ type: 'text' })
  prose!: string;

  /** MinutesRecord as JSON, frozen at approval; null while a draft. */
  @Column({ type: 'text', nullable: true })
  record!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  number!: string | null;

  @Column({ name: 'pdf_sha256', type: 'varchar', length: 64, nullable: true })
  pdfSha256!: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 36, nullable: true })
  updatedBy!: string | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @Column({ name: 'approved_by', type: 'varchar', length: 36, nullable: true })
  approvedBy!: string | null;

  @DateTimeColumn({ name: 'approved_at', nullable: true })
  approvedAt!: Date | null;
}
