import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChatMessageKind } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('meeting_messages')
export class ChatMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'sender_id', type: 'varchar', length: 36 })
  senderId!: string;

  /** Null: the meeting's channel. */
  @Column({ name: 'recipient_id', type: 'varchar', length: 36, nullable: true })
  recipientId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  kind!: ChatMessageKind;

  @Column({ type: 'text' })
  body!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}

/** How far a person has read one conversation of a meeting ('' is the channel). */
@Entity('meeting_chat_reads')
export class ChatReadEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'peer_id', type: 'varchar', length: 36 })
  peerId!: string;

  @DateTimeColumn({ name: 'read_at' })
  readAt!: Date;
}

@Entity('meeting_chat_mutes')
export class ChatMuteEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'muted_by', type: 'varchar', length: 36 })
  mutedBy!: string;

  @DateTimeColumn({ name: 'muted_at' })
  mutedAt!: Date;
}

/** A participant checked in at the door by his QR code. */
@Entity('meeting_check_ins')
export class CheckInEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @DateTimeColumn({ name: 'checked_in_at' })
  checkedInAt!: Date;

  @Column({ name: 'checked_in_by', type: 'varchar', length: 36 })
  checkedInBy!: string;
}

/** A meeting room and its seat map (rows of labelled seats, as JSON). */
@Entity('meeting_rooms')
export class MeetingRoomEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** JSON of RoomRow[]. */
  @Column({ type: 'text' })
  layout!: string;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** Who sits in which seat of the meeting's room. */
@Entity('meeting_seats')
export class MeetingSeatEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @PrimaryColumn({ name: 'seat_key', type: 'varchar', length: 20 })
  seatKey!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;
}
