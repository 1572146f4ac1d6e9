import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttendanceState, MeetingRole } from '@ecabinet/shared/contracts';

@Entity('meeting_participants')
export class ParticipantEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: MeetingRole;

  @Column({ name: 'delegate_for_user_id', type: 'varchar', length: 36, nullable: true })
  delegateForUserId!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'unknown' })
  attendance!: AttendanceState;
}
