import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgendaItemStatus } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('agenda_items')
export class AgendaItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  presenter!: string | null;

  @Column({ name: 'planned_minutes', type: 'integer', nullable: true })
  plannedMinutes!: number | null;

  @Column({ type: 'varchar', length: 20 })
  status!: AgendaItemStatus;

  @Column({ type: 'text', nullable: true })
  conclusion!: string | null;

  /** A draft of the conclusion newer than `conclusion` waits for the chair. */
  @Column({ name: 'conclusion_pending', type: 'boolean', default: false })
  conclusionPending!: boolean;

  @Column({ name: 'adopted_without_debate', type: 'boolean', default: false })
  adoptedWithoutDebate!: boolean;

  /** JSON of the VoteResultResponse of the item's last closed vote. */
  @Column({ name: 'vote_result', type: 'text', nullable: true })
  voteResult!: string | null;

  @DateTimeColumn({ name: 'started_at', nullable: true })
  startedAt!: Date | null;

  /** Seconds on the floor, banked each time the session left the item (see MeetingStore.bankItemTime). */
  @Column({ name: 'spent_seconds', type: 'integer', default: 0 })
  spentSeconds!: number;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
