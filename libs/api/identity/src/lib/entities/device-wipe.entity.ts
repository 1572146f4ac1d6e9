import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeviceWipeReason } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A device (a refresh-token family) told to delete what it keeps the next time it reaches the server. */
@Entity('device_wipes')
export class DeviceWipeEntity {
  @PrimaryColumn({ name: 'family_id', type: 'varchar', length: 36 })
  familyId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 20 })
  reason!: DeviceWipeReason;

  @Column({ name: 'requested_by', type: 'varchar', length: 36, nullable: true })
  requestedBy!: string | null;

  @DateTimeColumn({ name: 'requested_at' })
  requestedAt!: Date;

  /** When the device came back, heard it and was told to delete (null: not yet). */
  @DateTimeColumn({ name: 'wiped_at', nullable: true })
  wipedAt!: Date | null;
}
