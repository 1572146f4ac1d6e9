import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BallotPaperClassification, BallotQuestion, BallotStatus, QuestionTally, SilenceRule, TallyVisibility } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

const json = <T>() => ({ to: (value: T) => JSON.stringify(value), from: (text: string) => JSON.parse(text) as T });
const nullableJson = <T>() => ({ to: (value: T | null) => (value === null ? null : JSON.stringify(value)), from: (text: string | null) => (text === null ? null : (JSON.parse(text) as T)) });

@Entity('ballots')
export class BallotEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text', transformer: json<BallotQuestion[]>() })
  questions!: BallotQuestion[];

  @Column({ type: 'varchar', length: 20 })
  status!: BallotStatus;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @DateTimeColumn()
  deadline!: Date;

  @Column({ name: 'silence_rule', type: 'varchar', length: 20 })
  silenceRule!: SilenceRule;

  @Column({ name: 'tally_visibility', type: 'varchar', length: 20 })
  tallyVisibility!: TallyVisibility;

  @Column({ name: 'reminder_minutes', type: 'text', transformer: json<number[]>() })
  reminderMinutes!: number[];

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;

  /** The chair who approved the ballot; their answer breaks a tie. */
  @Column({ name: 'chair_id', type: 'varchar', length: 36, nullable: true })
  chairId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @DateTimeColumn({ name: 'issued_at', nullable: true })
  issuedAt!: Date | null;

  @DateTimeColumn({ name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'text', nullable: true, transformer: nullableJson<QuestionTally[]>() })
  result!: QuestionTally[] | null;

  /** The sealed result bundle, made once when the ballot closes and kept (not read unless asked for). */
  @Column({ name: 'sealed_bundle', type: 'text', nullable: true, select: false })
  sealedBundle?: string | null;
}

@Entity('ballot_recipients')
export class BallotRecipientEntity {
  @PrimaryColumn({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** The recipient's unsigned work in progress (JSON), private to them. */
  @Column({ type: 'text', nullable: true })
  draft!: string | null;

  @DateTimeColumn({ name: 'draft_saved_at', nullable: true })
  draftSavedAt!: Date | null;
}

@Entity('ballot_reminders')
export class BallotReminderEntity {
  @PrimaryColumn({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @PrimaryColumn({ name: 'minutes_before', type: 'integer' })
  minutesBefore!: number;

  @DateTimeColumn({ name: 'sent_at' })
  sentAt!: Date;

  /** JSON list of the user ids reminded (empty when skipped). */
  @Column({ type: 'text' })
  recipients!: string;

  /** 'sent' or 'skipped'; with `reason`, what the reminder history shows. */
  @Column({ type: 'varchar', length: 20, default: 'sent' })
  outcome!: 'sent' | 'skipped';

  @Column({ type: 'varchar', length: 30, default: 'on_time' })
  reason!: 'on_time' | 'due_at_issue' | 'everyone_answered' | 'covered';

  @Column({ type: 'integer', default: 0 })
  delegates!: number;
}

/** A paper attached to a ballot; fixed once the ballot leaves the draft (see the migration). */
@Entity('ballot_papers')
export class BallotPaperEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'ballot_id', type: 'varchar', length: 36 })
  ballotId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 20 })
  classification!: BallotPaperClassification;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ name: 'page_count', type: 'integer' })
  pageCount!: number;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  /** The bytes as received, kept as evidence when the upload was repaired or decrypted (null: the same file as `sha256`). */
  @Column({ name: 'received_sha256', type: 'varchar', length: 64, nullable: true })
  receivedSha256!: string | null;

  @Column({ name: 'received_size_bytes', type: 'integer', nullable: true })
  receivedSizeBytes!: number | null;

  /** The upload's structure was repaired on the way in (qpdf rewrote it). */
  @Column({ type: 'boolean', default: false })
  repaired!: boolean;

  /** The upload was encrypted with an owner password only, removed on the way in. */
  @Column({ type: 'boolean', default: false })
  decrypted!: boolean;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 36, nullable: true })
  uploadedBy!: string | null;

  @DateTimeColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;
}
