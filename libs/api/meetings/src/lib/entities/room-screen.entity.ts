import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A room screen paired to one meeting; its credential is kept only as a SHA-256 hash. */
@Entity('room_screens')
export class RoomScreenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ type: 'varchar', length: 100 })
  label!: string;

  /** Null until the screen claims its credential. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, nullable: true })
  tokenHash!: string | null;

  @Column({ name: 'paired_by', type: 'varchar', length: 36 })
  pairedBy!: string;

  @DateTimeColumn({ name: 'paired_at' })
  pairedAt!: Date;

  @DateTimeColumn({ name: 'claimed_at', nullable: true })
  claimedAt!: Date | null;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}

/** A code a screen shows while it waits to be paired; gone once the screen takes its credential. */
@Entity('room_screen_pairings')
export class RoomScreenPairingEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  /** Set when the chair or the secretariat entered the code. */
  @Column({ name: 'screen_id', type: 'varchar', length: 36, nullable: true })
  screenId!: string | null;
}
