import { ApiProperty } from '@nestjs/swagger';
import {
  TASK_REMIND_SKIPS,
  TASK_REQUEST_STATES,
  TASK_SOURCE_TYPES,
  TASK_STATUSES,
  TASK_TIMELINESS,
  TASK_UPDATE_KINDS,
  type RemindTasksResponse as RemindTasksContract,
  type TaskAttachmentResponse as TaskAttachmentContract,
  type TaskRemindSkip,
  type TaskDetailResponse as TaskDetailContract,
  type TaskListResponse as TaskListContract,
  type TaskOrganisation,
  type TaskRequestState,
  type TaskResponse as TaskContract,
  type TaskSource,
  type TaskSourceType,
  type TaskStatus,
  type TaskTimeliness,
  type TaskUpdateKind,
  type TaskUpdateResponse as TaskUpdateContract,
} from '@ecabinet/shared/contracts';
import { MinutesPersonRef } from './records.responses';

/** OpenAPI shapes of the task routes; each `implements` its contract so a change there fails to compile here. */
export class TaskOrganisationRef implements TaskOrganisation {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() symbol!: string;
}

export class TaskSourceSchema implements TaskSource {
  @ApiProperty({ enum: TASK_SOURCE_TYPES, enumName: 'TaskSourceType' }) type!: TaskSourceType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId!: string | null;
  @ApiProperty() label!: string;
}

export class TaskResponse implements TaskContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: TaskOrganisationRef }) leadOrganisation!: TaskOrganisationRef;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) responsible!: MinutesPersonRef | null;
  @ApiProperty({ type: [TaskOrganisationRef] }) coordinating!: TaskOrganisationRef[];
  @ApiProperty({ example: '2026-12-31' }) dueDate!: string;
  @ApiProperty({ example: '2026-12-31' }) originalDueDate!: string;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status!: TaskStatus;
  @ApiProperty({ enum: TASK_TIMELINESS, enumName: 'TaskTimeliness' }) timeliness!: TaskTimeliness;
  @ApiProperty({ type: String, enum: ['completion', 'extension'], nullable: true }) pending!: 'completion' | 'extension' | null;
  @ApiProperty({ type: TaskSourceSchema }) source!: TaskSourceSchema;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) createdBy!: MinutesPersonRef | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastReport!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TaskAttachmentResponse implements TaskAttachmentContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() sha256!: string;
}

export class TaskUpdateResponse implements TaskUpdateContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TASK_UPDATE_KINDS, enumName: 'TaskUpdateKind' }) kind!: TaskUpdateKind;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [TaskAttachmentResponse] }) attachments!: TaskAttachmentResponse[];
  @ApiProperty({ type: String, nullable: true }) requestedDueDate!: string | null;
  @ApiProperty({ type: String, enum: TASK_REQUEST_STATES, nullable: true }) state!: TaskRequestState | null;
  @ApiProperty({ type: MinutesPersonRef }) author!: MinutesPersonRef;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) decidedBy!: MinutesPersonRef | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
}

export class TaskDetailResponse extends TaskResponse implements TaskDetailContract {
  @ApiProperty({ type: [TaskUpdateResponse] }) updates!: TaskUpdateResponse[];
  @ApiProperty() canReport!: boolean;
  @ApiProperty() canDecide!: boolean;
}

export class TaskListResponse implements TaskListContract {
  @ApiProperty({ type: [TaskResponse] }) items!: TaskResponse[];
  @ApiProperty() total!: number;
}

export class TaskRemindSkipSchema {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ enum: TASK_REMIND_SKIPS, enumName: 'TaskRemindSkip', description: '`already-reminded`: today, from the board.' }) reason!: TaskRemindSkip;
}

export class RemindTasksResponse implements RemindTasksContract {
  @ApiProperty({ type: [String], format: 'uuid' }) reminded!: string[];
  @ApiProperty({ type: [TaskRemindSkipSchema] }) skipped!: TaskRemindSkipSchema[];
}
