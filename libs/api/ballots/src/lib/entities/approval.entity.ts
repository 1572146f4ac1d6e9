import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/**
 * The chair's signed approval of a ballot (sequence 1) or extension of its deadline (2, 3…):
 * the canonical document as signed on his device, byte for byte, with the key that signed it.
 */
@Entity('ballot_approvals')
export class BallotApprovalEntity {
  @PrimaryColumn({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  document!: string;

  /** SHA-256 of `document`, hex: what answers carry as `ballotHash`. */
  @Column({ name: 'document_hash', type: 'varchar', length: 64 })
  documentHash!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @DateTimeColumn({ name: 'signed_at' })
  signedAt!: Date;

  @DateTimeColumn()
  deadline!: Date;
}
