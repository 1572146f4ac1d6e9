import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OpinionChoice } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** One signed revision of a recipient's answer; every revision is kept. */
@Entity('ballot_answers')
export class BallotAnswerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @Column({ name: 'recipient_id', type: 'varchar', length: 36 })
  recipientId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  /** The canonical JSON that was signed, byte for byte. */
  @Column({ type: 'text' })
  document!: string;

  @Column({ name: 'document_hash', type: 'varchar', length: 64 })
  documentHash!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'key_id', type: 'varchar', length: 36 })
  keyId!: string;

  @DateTimeColumn({ name: 'signed_at' })
  signedAt!: Date;

  @DateTimeColumn({ name: 'received_at' })
  receivedAt!: Date;

  @Column({ name: 'is_current', type: 'boolean' })
  isCurrent!: boolean;
}

/** One question's choice within an answer revision. */
@Entity('ballot_opinions')
export class BallotOpinionEntity {
  @PrimaryColumn({ name: 'answer_id', type: 'varchar', length: 36 })
  answerId!: string;

  @PrimaryColumn({ name: 'question_id', type: 'varchar', length: 36 })
  questionId!: string;

  @Column({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @Column({ name: 'recipient_id', type: 'varchar', length: 36 })
  recipientId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'varchar', length: 10 })
  choice!: OpinionChoice;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ name: 'is_current', type: 'boolean' })
  isCurrent!: boolean;
}
