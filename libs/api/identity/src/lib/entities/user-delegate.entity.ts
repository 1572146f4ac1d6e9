import { Entity, PrimaryColumn } from 'typeorm';

/** A delegate (assistant) assists a member: they receive the member's overdue ballot reminders. */
@Entity('user_delegates')
export class UserDelegateEntity {
  @PrimaryColumn({ name: 'member_id', type: 'varchar', length: 36 })
  memberId!: string;

  @PrimaryColumn({ name: 'delegate_id', type: 'varchar', length: 36 })
  delegateId!: string;
}
