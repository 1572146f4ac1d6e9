import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PositionChoice } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('agenda_positions')
export class PositionEntity {
  @PrimaryColumn({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ type: 'varchar', length: 20 })
  position!: PositionChoice;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
