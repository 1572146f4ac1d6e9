import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MeetingEventKind } from '@ecabinet/shared/contracts';

/** The retained live events of a meeting, for clients resyncing with `sinceSeq`. */
@Entity('meeting_events')
export class MeetingEventEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: MeetingEventKind;

  /** JSON of the full (chair and secretariat) payload; projected per viewer when sent. */
  @Column({ type: 'text' })
  data!: string;

  @Column({ type: 'varchar', length: 30 })
  at!: string;
}
