import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RemindTasksResponse, TaskAttachmentResponse, TaskDetailResponse, TaskListResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, ApiErrorResponse, ApiPdfResponse, CurrentUser, Roles, UuidParam, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { PaperIntake } from '@ecabinet/api/papers';
import { CreateTaskDto, DecideTaskDto, RemindTasksDto, ReportTaskDto, TaskExportQueryDto, TaskListQueryDto } from './tasks.dto';
import { tasksCsv, tasksXlsx } from './task-export';
import { RemindTasksResponse as RemindTasksSchema, TaskAttachmentResponse as TaskAttachmentSchema, TaskDetailResponse as TaskDetailSchema, TaskListResponse as TaskListSchema } from './tasks.responses';
import { TaskScheduler } from './task-scheduler';
import { TasksService } from './tasks.service';

/** The most tasks one export holds. */
const EXPORT_MAX = 10_000;

/**
 * Tasks followed to the end: assigned by the secretariat, reported on by the lead organisation,
 * accepted or refused by the secretariat. The secretariat and the chair see all; others see their
 * organisation's and their own.
 */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly intake: PaperIntake,
    private readonly scheduler: TaskScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: TaskListSchema, description: 'Open tasks first (the soonest due first), then done ones; a page of them and how many match.' })
  list(@Query() query: TaskListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<TaskListResponse> {
    return this.tasks.list(query, user);
  }

  @Get('export')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The tasks the list shows for the same filters (no page; at most 10,000), as XLSX or CSV (UTF-8 with a BOM).', schema: { type: 'string', format: 'binary' } })
  async export(@Query() query: TaskExportQueryDto, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { format, lang, ...filters } = query;
    const tasks = await this.tasks.all(filters, user, EXPORT_MAX);
    const language = lang ?? 'vi';
    const stamp = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.timeZone }).format(new Date());
    const name = `nhiem-vu-${stamp}.${format}`;
    const bytes = format === 'csv' ? tasksCsv(tasks, language, this.config.timeZone) : await tasksXlsx(tasks, language, this.config.timeZone);
    await reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  }

  @Post()
  @Roles('secretary')
  @ApiCreatedResponse({ type: TaskDetailSchema })
  @ApiUnprocessableEntityResponse({ description: 'TASK_SOURCE_INVALID (details.reason), TASK_ASSIGNEE_INVALID, TASK_DUE_DATE_INVALID.', type: ApiErrorResponse })
  create(@Body() body: CreateTaskDto, @CurrentUser() user: AuthenticatedUser): Promise<TaskDetailResponse> {
    return this.tasks.create(body, user);
  }

  @Post('reminders')
  @Roles('secretary')
  @HttpCode(200)
  @ApiOkResponse({ type: RemindTasksSchema, description: "Each open task's responsible person (or his organisation's head) reminded now, in the app and by e-mail; at most once a day per task, the others listed with why." })
  remind(@Body() body: RemindTasksDto, @CurrentUser() user: AuthenticatedUser): Promise<RemindTasksResponse> {
    return this.scheduler.remindNow(body.taskIds, user);
  }

  @Get(':taskId')
  @ApiOkResponse({ type: TaskDetailSchema, description: 'The task with every report and decision, oldest first.' })
  get(@UuidParam('taskId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<TaskDetailResponse> {
    return this.tasks.get(id, user);
  }

  @Post(':taskId/attachments')
  @ApiCreatedResponse({ type: TaskAttachmentSchema, description: 'The PDF kept for a coming report (cite its id in `attachmentIds`).' })
  @ApiForbiddenResponse({ description: 'NOT_A_TASK_REPORTER.', type: ApiErrorResponse })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'A PDF' } } } })
  async attach(@UuidParam('taskId') id: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthenticatedUser): Promise<TaskAttachmentResponse> {
    await this.tasks.assertCanReport(id, user);
    const received = await this.intake.receive(request);
    try {
      return await this.tasks.attach(id, received, user);
    } finally {
      await this.intake.discard(received);
    }
  }

  @Get(':taskId/attachments/:attachmentId')
  @ApiProduces('application/pdf')
  @ApiPdfResponse('A file reported on the task, as it was received (after repair, if it needed one).')
  async attachment(@UuidParam('taskId') id: string, @UuidParam('attachmentId') attachmentId: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, fileName } = await this.tasks.attachment(id, attachmentId, user);
    const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'tep-dinh-kem.pdf';
    await reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(bytes);
  }

  @Post(':taskId/reports')
  @ApiCreatedResponse({ type: TaskDetailSchema, description: 'Progress, a completion proposal or an extension request (these two wait for the secretariat).' })
  @ApiForbiddenResponse({ description: 'NOT_A_TASK_REPORTER.', type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'TASK_DONE, TASK_REQUEST_PENDING.', type: ApiErrorResponse })
  @ApiUnprocessableEntityResponse({ description: 'TASK_DUE_DATE_INVALID (an extension not later than the current due date).', type: ApiErrorResponse })
  report(@UuidParam('taskId') id: string, @Body() body: ReportTaskDto, @CurrentUser() user: AuthenticatedUser): Promise<TaskDetailResponse> {
    return this.tasks.report(id, body.kind, body.text, body.attachmentIds ?? [], body.requestedDueDate ?? null, user);
  }

  @Post(':taskId/reports/:reportId/decision')
  @Roles('secretary')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskDetailSchema, description: 'Accepted (an extension moves the due date; a completion closes the task, done when it was reported) or refused.' })
  @ApiConflictResponse({ description: 'TASK_REQUEST_NOT_PENDING.', type: ApiErrorResponse })
  decide(@UuidParam('taskId') id: string, @UuidParam('reportId') reportId: string, @Body() body: DecideTaskDto, @CurrentUser() user: AuthenticatedUser): Promise<TaskDetailResponse> {
    return this.tasks.decide(id, reportId, body.accept, body.note ?? null, user);
  }
}
