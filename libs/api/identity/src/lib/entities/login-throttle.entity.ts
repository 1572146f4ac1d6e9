import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/** Failed-login counter for one username or one client address. */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @DateTimeColumn({ name: 'window_started_at' })
  windowStartedAt!: Date;

  @DateTimeColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;
}
