import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import {
  TASK_FILTERS,
  TASK_SOURCE_TYPES,
  TASK_UPDATE_KINDS,
  type CreateTaskRequest,
  type DecideTaskRequest,
  type RemindTasksRequest,
  type ReportTaskRequest,
  type TaskFilter,
  type TaskListQuery,
  type TaskSourceType,
  type TaskUpdateKind,
} from '@ecabinet/shared/contracts';
import { Omittable, OmittableOrNull, PageQueryDto } from '@ecabinet/api/platform';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '$property must be a date written YYYY-MM-DD' };

export class CreateTaskDto implements CreateTaskRequest {
  @ApiProperty({ maxLength: 500, description: 'What to do.' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Omittable()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  leadOrganisationId!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'An enabled user of the lead organisation.' })
  @OmittableOrNull()
  @IsUUID()
  responsibleUserId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  coordinatingOrganisationIds?: string[];

  @ApiProperty({ example: '2026-12-31', description: "Due by the end of that day in the Government's calendar; today or later." })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  dueDate!: string;

  @ApiProperty({ enum: TASK_SOURCE_TYPES })
  @IsIn(TASK_SOURCE_TYPES)
  sourceType!: TaskSourceType;

  @ApiPropertyOptional({ format: 'uuid', description: 'The issued resolution, the agenda item with an approved conclusion, or the closed ballot; absent for `direct`.' })
  @ValidateIf((dto: CreateTaskDto) => dto.sourceType !== 'direct' || dto.sourceId !== undefined)
  @IsUUID()
  sourceId?: string;
}

export class ReportTaskDto implements ReportTaskRequest {
  @ApiProperty({ enum: TASK_UPDATE_KINDS })
  @IsIn(TASK_UPDATE_KINDS)
  kind!: TaskUpdateKind;

  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @Matches(/\S/, { message: 'text must not be blank' })
  @MaxLength(20000)
  text!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files uploaded to the task beforehand and not cited yet.' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({ example: '2027-01-31', description: 'For an extension: the due date asked for, later than the current one.' })
  @ValidateIf((dto: ReportTaskDto) => dto.kind === 'extension' || dto.requestedDueDate !== undefined)
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  requestedDueDate?: string;
}

export class DecideTaskDto implements DecideTaskRequest {
  @ApiProperty()
  @IsBoolean()
  accept!: boolean;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Omittable()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class TaskListQueryDto extends PageQueryDto implements TaskListQuery {
  @ApiPropertyOptional({ enum: TASK_FILTERS })
  @Omittable()
  @IsIn(TASK_FILTERS)
  filter?: TaskFilter;

  @ApiPropertyOptional({ format: 'uuid', description: 'Tasks this organisation leads or coordinates.' })
  @Omittable()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: '2026-12-01' })
  @Omittable()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @Omittable()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  dueTo?: string;

  @ApiPropertyOptional({ enum: TASK_SOURCE_TYPES })
  @Omittable()
  @IsIn(TASK_SOURCE_TYPES)
  sourceType?: TaskSourceType;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ description: "true: only the caller's organisation's tasks and those he is responsible for." })
  @Omittable()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;
}

export class StatisticsQueryDto {
  @ApiProperty({ example: '2026-01-01', description: "First day of the period (the Government's calendar)." })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period, included.' })
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, dateMessage)
  to!: string;
}

export class TaskExportQueryDto extends TaskListQueryDto {
  @ApiProperty({ enum: ['xlsx', 'csv'] })
  @IsIn(['xlsx', 'csv'])
  format!: 'xlsx' | 'csv';

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi', description: 'The language of the headings and words.' })
  @Omittable()
  @IsIn(['vi', 'en'])
  lang?: 'vi' | 'en';
}

export class RemindTasksDto implements RemindTasksRequest {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 200, description: 'The tasks to remind of now (a page of the board at most).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  taskIds!: string[];
}
