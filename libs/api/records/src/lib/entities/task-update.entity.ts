import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskRequestState, TaskUpdateKind } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** One report on a task (progress, a completion proposal, an extension request) and, for a request, the secretariat's decision. */
@Entity('task_updates')
export class TaskUpdateEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: TaskUpdateKind;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'requested_due_date', type: 'varchar', length: 10, nullable: true })
  requestedDueDate!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  state!: TaskRequestState | null;

  @Column({ name: 'author_id', type: 'varchar', length: 36 })
  authorId!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy!: string | null;

  @DateTimeColumn({ name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;
}

/** A file (PDF) uploaded to a task, kept in the content-addressed store; joined to the report that cites it. */
@Entity('task_attachments')
export class TaskAttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  /** The report citing it; null until one does. */
  @Column({ name: 'update_id', type: 'varchar', length: 36, nullable: true })
  updateId!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 36 })
  uploadedBy!: string;

  @DateTimeColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;
}

/**
 * One reminder (before the due date) or escalation (after it) of a task, for the due date it
 * stood at: its primary key is what makes it happen once across instances and restarts.
 * `covered`: its moment had passed unsent when a later one was due, which went instead.
 */
@Entity('task_notices')
export class TaskNoticeEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @PrimaryColumn({ name: 'due_date', type: 'varchar', length: 10 })
  dueDate!: string;

  /** `manual`: a reminder the secretariat sent from the task board. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind!: 'reminder' | 'escalation' | 'manual';

  /** Days before (reminder) or after (escalation) the due date; for `manual`, the Government day it was sent, as YYYYMMDD (one a day). */
  @PrimaryColumn({ type: 'integer' })
  days!: number;

  @Column({ type: 'varchar', length: 20 })
  outcome!: 'sent' | 'covered';

  /** User ids told (JSON). */
  @Column({ type: 'text' })
  recipients!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /** When its notifications were stored (and mailed); null until then, so a pass after a crash sends them. */
  @DateTimeColumn({ name: 'notified_at', nullable: true })
  notifiedAt!: Date | null;
}
