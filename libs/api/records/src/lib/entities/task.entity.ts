import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskSourceType, TaskStatus } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A task (nhiệm vụ) assigned to an organisation, followed until the secretariat accepts it as done. Never deleted. */
@Entity('tasks')
export class TaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'lead_organisation_id', type: 'varchar', length: 36 })
  leadOrganisationId!: string;

  @Column({ name: 'responsible_user_id', type: 'varchar', length: 36, nullable: true })
  responsibleUserId!: string | null;

  /** YYYY-MM-DD in the Government's calendar (after any accepted extension). */
  @Column({ name: 'due_date', type: 'varchar', length: 10 })
  dueDate!: string;

  @Column({ name: 'original_due_date', type: 'varchar', length: 10 })
  originalDueDate!: string;

  /** The instant the due date ends in the Government's time zone: what "overdue" is measured against. */
  @DateTimeColumn({ name: 'deadline' })
  deadline!: Date;

  @Column({ type: 'varchar', length: 20 })
  status!: TaskStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  pending!: 'completion' | 'extension' | null;

  @Column({ name: 'source_type', type: 'varchar', length: 20 })
  sourceType!: TaskSourceType;

  @Column({ name: 'source_id', type: 'varchar', length: 36, nullable: true })
  sourceId!: string | null;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36, nullable: true })
  meetingId!: string | null;

  @Column({ name: 'source_label', type: 'varchar', length: 500 })
  sourceLabel!: string;

  @Column({ name: 'last_report', type: 'text', nullable: true })
  lastReport!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @DateTimeColumn({ name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}

/** An organisation a task is assigned to: the lead (one) or a coordinating one. */
@Entity('task_organisations')
export class TaskOrganisationEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 36 })
  taskId!: string;

  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: 'lead' | 'coordinating';
}
