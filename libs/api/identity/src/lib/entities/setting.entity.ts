import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A system-wide setting stored as JSON text (e.g. the security policy). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
