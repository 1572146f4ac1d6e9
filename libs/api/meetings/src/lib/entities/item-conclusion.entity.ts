import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * One version of an agenda item's conclusion. Each save is a new row; a row's text never changes
 * and no row is deleted. The chair's approval marks a version; the item shows the latest approved.
 */
@Entity('item_conclusions')
export class ItemConclusionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  /** 1, 2, 3… per item (unique with the item). */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  text!: string;

  /** Null for conclusions recorded before versions were kept. */
  @Column({ name: 'drafted_by', type: 'varchar', length: 36, nullable: true })
  draftedBy!: string | null;

  @DateTimeColumn({ name: 'drafted_at' })
  draftedAt!: Date;

  @Column({ name: 'approved_by', type: 'varchar', length: 36, nullable: true })
  approvedBy!: string | null;

  @DateTimeColumn({ name: 'approved_at', nullable: true })
  approvedAt!: Date | null;
}
