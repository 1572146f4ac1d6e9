import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * An organisation of the Government (bộ, ngành, cơ quan): the Ministry of Finance, the Government
 * Office, a province. Users belong to one; a member leads it; tasks are assigned to it. Never
 * deleted: one no longer in use is made inactive, so what was assigned to it keeps its name.
 */
@Entity('organisations')
export class OrganisationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** "Bộ Tài chính". */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** "Tài chính": where space is short (a task board's column). */
  @Column({ name: 'short_name', type: 'varchar', length: 100 })
  shortName!: string;

  /** "BTC": the symbol in document numbers ("Số: 12/BTC-…"), unique. */
  @Column({ type: 'varchar', length: 20, unique: true })
  symbol!: string;

  /** The member who leads it (escalations reach him). */
  @Column({ name: 'head_user_id', type: 'varchar', length: 36, nullable: true })
  headUserId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
