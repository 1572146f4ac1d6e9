import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SpeakerState } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('speakers')
export class SpeakerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  state!: SpeakerState;

  @DateTimeColumn({ name: 'requested_at' })
  requestedAt!: Date;

  @DateTimeColumn({ name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @DateTimeColumn({ name: 'ended_at', nullable: true })
  endedAt!: Date | null;
}
