import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MeetingKind, MeetingStatus, VoteRule } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('meetings')
export class MeetingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: MeetingKind;

  @Column({ type: 'varchar', length: 300, nullable: true })
  place!: string | null;

  @Column({ name: 'online_link', type: 'varchar', length: 500, nullable: true })
  onlineLink!: string | null;

  @DateTimeColumn({ name: 'starts_at' })
  startsAt!: Date;

  @DateTimeColumn({ name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'varchar', length: 20 })
  status!: MeetingStatus;

  @Column({ name: 'quorum_numerator', type: 'integer', default: 2 })
  quorumNumerator!: number;

  @Column({ name: 'quorum_denominator', type: 'integer', default: 3 })
  quorumDenominator!: number;

  @Column({ name: 'vote_rule', type: 'varchar', length: 30, default: 'majority_of_all' })
  voteRule!: VoteRule;

  @Column({ name: 'delegates_may_vote', type: 'boolean', default: false })
  delegatesMayVote!: boolean;

  /** How long each speaker may hold the floor; null: no limit. */
  @Column({ name: 'speaking_limit_minutes', type: 'integer', nullable: true })
  speakingLimitMinutes!: number | null;

  /** The room whose seat map the meeting uses (#15); null: none. */
  @Column({ name: 'room_id', type: 'varchar', length: 36, nullable: true })
  roomId!: string | null;

  @Column({ name: 'current_item_id', type: 'varchar', length: 36, nullable: true })
  currentItemId!: string | null;

  @DateTimeColumn({ name: 'adopted_without_debate_at', nullable: true })
  adoptedWithoutDebateAt!: Date | null;

  /** When the chair approved the minutes: from then on the conclusions they record never change. */
  @DateTimeColumn({ name: 'minutes_approved_at', nullable: true })
  minutesApprovedAt?: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'agenda_version', type: 'integer', default: 1 })
  agendaVersion!: number;

  /** The seq of the meeting's latest live event; bumped in the transaction of every change. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
