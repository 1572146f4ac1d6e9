import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  MeetingErrorCode,
  type CreateTaskRequest,
  type TaskAttachmentResponse,
  type TaskDetailResponse,
  type TaskListQuery,
  type TaskListResponse,
  type TaskOrganisation,
  type TaskResponse,
  type TaskSourceType,
  type TaskTimeliness,
  type TaskUpdateKind,
} from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, DomainError, DomainEvents, endOfGovernmentDay, governmentDate, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { OrganisationEntity, UserEntity } from '@ecabinet/api/identity';
import { AgendaItemEntity } from '@ecabinet/api/meetings';
import { FileStore, PaperIntake, storeKeys, type ReceivedFile } from '@ecabinet/api/papers';
import { isStaff } from './records-access';
import { ResolutionEntity, TaskAttachmentEntity, TaskEntity, TaskOrganisationEntity, TaskUpdateEntity } from './entities';

const errors = {
  notFound: () => new DomainError(MeetingErrorCode.TASK_NOT_FOUND, 'No such task, or it is not one you may see.'),
  source: (reason: string) => new DomainError(MeetingErrorCode.TASK_SOURCE_INVALID, `A task cannot come from that source: ${reason}.`, { reason }),
  assignee: (reason: string) => new DomainError(MeetingErrorCode.TASK_ASSIGNEE_INVALID, `The task cannot be assigned so: ${reason}.`, { reason }),
  dueDate: (reason: string) => new DomainError(MeetingErrorCode.TASK_DUE_DATE_INVALID, reason),
  done: () => new DomainError(MeetingErrorCode.TASK_DONE, 'This task is done: it takes no more reports.'),
  pending: () => new DomainError(MeetingErrorCode.TASK_REQUEST_PENDING, 'A request on this task already waits for the secretariat: wait for its decision.'),
  notPending: () => new DomainError(MeetingErrorCode.TASK_REQUEST_NOT_PENDING, 'That report is not a request waiting for a decision.'),
  notReporter: () => new DomainError(MeetingErrorCode.NOT_A_TASK_REPORTER, "Only the responsible person and the lead organisation's staff report on this task."),
  attachment: () => new DomainError(MeetingErrorCode.TASK_ATTACHMENT_NOT_FOUND, 'No such file on this task, or it is cited by another report already.'),
};

/** Whose request the secretariat decided, to tell him. */
interface DecidedRequest {
  title: string;
  authorId: string;
  requestKind: 'completion' | 'extension';
}

const DEFAULT_LIMIT = 50;

/**
 * Tasks (nhiệm vụ) to the end: the secretariat assigns one to a lead organisation (from an issued
 * resolution, an approved conclusion, a closed ballot, or directly); its responsible person and
 * his organisation's staff report progress with files, propose completion, or ask for more time;
 * the secretariat accepts or refuses each request. Every step is audited and nothing is deleted.
 * The secretariat and the chair see every task; others see those of their organisation (lead or
 * coordinating) and those they are responsible for.
 */
@Injectable()
export class TasksService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly intake: PaperIntake,
    private readonly files: FileStore,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Files reported on tasks share the paper store: a stored file they cite is never forgotten. */
  onModuleInit(): void {
    this.intake.registerUsage((sha256) => this.dataSource.getRepository(TaskAttachmentEntity).count({ where: { sha256 } }));
  }

  async create(request: CreateTaskRequest, user: AuthenticatedUser): Promise<TaskDetailResponse> {
    const id = randomUUID();
    const today = governmentDate(this.clock.now(), this.config.timeZone);
    if (request.dueDate < today) throw errors.dueDate('The due date has passed already.');
    const coordinating = [...new Set(request.coordinatingOrganisationIds ?? [])].filter((orgId) => orgId !== request.leadOrganisationId);
    let told: string[] = [];
    let resolution: { resolutionId: string; title: string; number: string; userIds: string[] } | undefined;
    await this.transactions.run(async (manager) => {
      const organisations = await manager.getRepository(OrganisationEntity).find({ where: { id: In([request.leadOrganisationId, ...coordinating]) } });
      const active = new Set(organisations.filter((org) => org.active).map((org) => org.id));
      if (!active.has(request.leadOrganisationId)) throw errors.assignee('the lead organisation is unknown or inactive');
      if (coordinating.some((orgId) => !active.has(orgId))) throw errors.assignee('a coordinating organisation is unknown or inactive');
      const responsibleId = request.responsibleUserId ?? null;
      if (responsibleId) {
        const person = await manager.getRepository(UserEntity).findOne({ where: { id: responsibleId } });
        if (!person || person.disabled || person.organisationId !== request.leadOrganisationId) throw errors.assignee('the responsible person must be an enabled user of the lead organisation');
      }
      const source = await this.source(manager, request.sourceType, request.sourceId ?? null);
      // The responsible person and the heads of every organisation named.
      told = [responsibleId, ...organisations.map((org) => org.headUserId)].filter((userId): userId is string => !!userId);
      const row = source.resolution;
      if (row) {
        // The resolution goes to every organisation it assigns a task to: their staff receive it too.
        const staff = await manager.getRepository(UserEntity).find({ where: { organisationId: In([request.leadOrganisationId, ...coordinating]), disabled: false }, select: { id: true } });
        resolution = { resolutionId: row.id, title: row.title, number: row.number ?? '', userIds: staff.map((person) => person.id) };
      }
      const now = this.clock.now();
      await manager.getRepository(TaskEntity).insert({
        id,
        title: request.title.trim(),
        description: (request.description ?? '').trim(),
        leadOrganisationId: request.leadOrganisationId,
        responsibleUserId: responsibleId,
        dueDate: request.dueDate,
        originalDueDate: request.dueDate,
        deadline: endOfGovernmentDay(request.dueDate, this.config.timeZone),
        status: 'open',
        pending: null,
        sourceType: request.sourceType,
        sourceId: source.id,
        meetingId: source.meetingId,
        sourceLabel: source.label,
        lastReport: null,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      });
      await manager.getRepository(TaskOrganisationEntity).insert([
        { taskId: id, organisationId: request.leadOrganisationId, role: 'lead' },
        ...coordinating.map((organisationId) => ({ taskId: id, organisationId, role: 'coordinating' as const })),
      ]);
      await this.audit.record(
        {
          action: 'task.created',
          targetType: 'task',
          targetId: id,
          details: { title: request.title.trim(), leadOrganisationId: request.leadOrganisationId, responsibleUserId: responsibleId, coordinating, dueDate: request.dueDate, source: { type: request.sourceType, id: source.id } },
        },
        manager,
      );
    });
    this.events.publish('task.assigned', { taskId: id, title: request.title.trim(), dueDate: request.dueDate, userIds: [...new Set(told)], ...(resolution ? { resolution } : {}) });
    return this.get(id, user);
  }

  async list(query: TaskListQuery, user: AuthenticatedUser): Promise<TaskListResponse> {
    const builder = await this.filtered(query, user);
    const total = await builder.getCount();
    const rows = await builder
      .offset(query.offset ?? 0)
      .limit(query.limit ?? DEFAULT_LIMIT)
      .getMany();
    return { items: await this.toResponses(rows), total };
  }

  /** Every task the list shows for these filters (no page), up to `max`, for an export. */
  async all(query: TaskListQuery, user: AuthenticatedUser, max: number): Promise<TaskResponse[]> {
    const builder = await this.filtered({ ...query, offset: undefined, limit: undefined }, user);
    return this.toResponses(await builder.limit(max).getMany());
  }

  /** The list's query: what the caller may see, the filters, open tasks first (the soonest due first), then done ones (the latest first). */
  private async filtered(query: TaskListQuery, user: AuthenticatedUser): Promise<SelectQueryBuilder<TaskEntity>> {
    const builder = this.dataSource.getRepository(TaskEntity).createQueryBuilder('task');
    if (!isStaff(user) || query.mine) this.restrictToVisible(builder, user, await this.organisationOf(user.id));
    const now = this.clock.now();
    switch (query.filter) {
      case 'open':
        builder.andWhere('task.status = :open', { open: 'open' });
        break;
      case 'overdue':
        builder.andWhere('task.status = :open', { open: 'open' }).andWhere('task.deadline < :now', { now });
        break;
      case 'pending':
        builder.andWhere('task.status = :open', { open: 'open' }).andWhere('task.pending IS NOT NULL');
        break;
      case 'done':
        builder.andWhere('task.status = :done', { done: 'done' });
        break;
      case undefined:
        break;
    }
    if (query.organisationId) {
      builder.andWhere('EXISTS (SELECT 1 FROM task_organisations f WHERE f.task_id = task.id AND f.organisation_id = :filterOrg)', { filterOrg: query.organisationId });
    }
    if (query.dueFrom) builder.andWhere('task.dueDate >= :dueFrom', { dueFrom: query.dueFrom });
    if (query.dueTo) builder.andWhere('task.dueDate <= :dueTo', { dueTo: query.dueTo });
    if (query.sourceType) builder.andWhere('task.sourceType = :sourceType', { sourceType: query.sourceType });
    if (query.sourceId) builder.andWhere('task.sourceId = :sourceId', { sourceId: query.sourceId });
    builder
      .orderBy('task.status', 'DESC')
      .addOrderBy('CASE WHEN task.status = :open2 THEN task.deadline ELSE NULL END', 'ASC')
      .addOrderBy('task.completedAt', 'DESC')
      .addOrderBy('task.id', 'ASC')
      .setParameter('open2', 'open');
    return builder;
  }

  async get(id: string, user: AuthenticatedUser): Promise<TaskDetailResponse> {
    const { row, organisationId } = await this.visibleRow(id, user);
    const [response] = await this.toResponses([row]);
    const updates = await this.dataSource.getRepository(TaskUpdateEntity).find({ where: { taskId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const attachments = await this.dataSource.getRepository(TaskAttachmentEntity).find({ where: { taskId: id } });
    const people = await this.names(updates.flatMap((update) => [update.authorId, update.decidedBy].filter((userId): userId is string => !!userId)));
    const person = (userId: string) => ({ id: userId, fullName: people.get(userId) ?? '' });
    return {
      ...(response as TaskResponse),
      updates: updates.map((update) => ({
        id: update.id,
        kind: update.kind,
        text: update.text,
        attachments: attachments.filter((file) => file.updateId === update.id).map(toAttachment),
        requestedDueDate: update.requestedDueDate,
        state: update.state,
        author: person(update.authorId),
        createdAt: update.createdAt.toISOString(),
        decidedBy: update.decidedBy ? person(update.decidedBy) : null,
        decidedAt: update.decidedAt?.toISOString() ?? null,
        decisionNote: update.decisionNote,
      })),
      canReport: row.status === 'open' && mayReport(row, user, organisationId),
      canDecide: row.status === 'open' && user.roles.includes('secretary'),
    };
  }

  /** Checks, before the upload is read, that the caller may report on the task. */
  async assertCanReport(id: string, user: AuthenticatedUser): Promise<void> {
    const { row, organisationId } = await this.visibleRow(id, user);
    if (!mayReport(row, user, organisationId)) throw errors.notReporter();
    if (row.status === 'done') throw errors.done();
  }

  /** A PDF for a coming report, inspected like a paper and kept in the store until a report cites it. */
  async attach(id: string, received: ReceivedFile, user: AuthenticatedUser): Promise<TaskAttachmentResponse> {
    await this.assertCanReport(id, user);
    const accepted = await this.intake.inspect(received, { taskId: id });
    await this.intake.store(received, accepted);
    const row: TaskAttachmentEntity = {
      id: randomUUID(),
      taskId: id,
      updateId: null,
      fileName: received.fileName,
      sizeBytes: accepted.sizeBytes,
      sha256: accepted.sha256,
      uploadedBy: user.id,
      uploadedAt: this.clock.now(),
    };
    try {
      await this.transactions.run(async (manager) => {
        await manager.getRepository(TaskAttachmentEntity).insert(row);
        await this.audit.record({ action: 'task.attachment.added', targetType: 'task', targetId: id, details: { attachmentId: row.id, fileName: row.fileName, sha256: row.sha256, sizeBytes: row.sizeBytes } }, manager);
      });
    } catch (error) {
      await this.intake.forgetIfUnused(accepted.sha256, accepted.received?.sha256 ?? null);
      throw error;
    }
    return toAttachment(row);
  }

  /** The stored file of an attachment, for whoever may see the task. */
  async attachment(id: string, attachmentId: string, user: AuthenticatedUser): Promise<{ bytes: Buffer; fileName: string }> {
    await this.visibleRow(id, user);
    const row = await this.dataSource.getRepository(TaskAttachmentEntity).findOne({ where: { id: attachmentId, taskId: id } });
    if (!row) throw errors.attachment();
    return { bytes: await this.files.read(storeKeys.paper(row.sha256)), fileName: row.fileName };
  }

  async report(id: string, kind: TaskUpdateKind, text: string, attachmentIds: readonly string[], requestedDueDate: string | null, user: AuthenticatedUser): Promise<TaskDetailResponse> {
    await this.assertCanReport(id, user);
    await this.transactions.run(async (manager) => {
      const tasks = manager.getRepository(TaskEntity);
      const task = (await tasks.findOne({ where: { id } })) as TaskEntity;
      if (kind === 'extension' && (!requestedDueDate || requestedDueDate <= task.dueDate)) throw errors.dueDate('An extension asks for a due date later than the current one.');
      const now = this.clock.now();
      const update: TaskUpdateEntity = {
        id: randomUUID(),
        taskId: id,
        kind,
        text: text.trim(),
        requestedDueDate: kind === 'extension' ? requestedDueDate : null,
        state: kind === 'progress' ? null : 'pending',
        authorId: user.id,
        createdAt: now,
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
      };
      // One condition-guarded write: two requests at once, on either database, cannot both become pending.
      const changed = await tasks
        .createQueryBuilder()
        .update(TaskEntity)
        .set({ updatedAt: now, lastReport: kind === 'progress' ? update.text : task.lastReport, ...(kind === 'progress' ? {} : { pending: kind }) })
        .where('id = :id AND status = :open', { id, open: 'open' })
        .andWhere(kind === 'progress' ? '1 = 1' : 'pending IS NULL')
        .execute();
      if (!changed.affected) throw task.status === 'done' ? errors.done() : errors.pending();
      await manager.getRepository(TaskUpdateEntity).insert(update);
      if (attachmentIds.length) {
        const cited = await manager
          .createQueryBuilder()
          .update(TaskAttachmentEntity)
          .set({ updateId: update.id })
          .where('task_id = :id AND update_id IS NULL AND uploaded_by = :userId', { id, userId: user.id })
          .andWhere('id IN (:...attachmentIds)', { attachmentIds: [...new Set(attachmentIds)] })
          .execute();
        if (cited.affected !== new Set(attachmentIds).size) throw errors.attachment();
      }
      await this.audit.record(
        { action: 'task.reported', targetType: 'task', targetId: id, details: { updateId: update.id, kind, requestedDueDate: update.requestedDueDate, attachmentIds: [...new Set(attachmentIds)] } },
        manager,
      );
    });
    return this.get(id, user);
  }

  /** The secretariat accepts or refuses a pending request: an accepted extension moves the due date; an accepted completion closes the task. */
  async decide(id: string, updateId: string, accept: boolean, note: string | null, user: AuthenticatedUser): Promise<TaskDetailResponse> {
    await this.visibleRow(id, user);
    let told: DecidedRequest | null = null;
    await this.transactions.run(async (manager) => {
      const update = await manager.getRepository(TaskUpdateEntity).findOne({ where: { id: updateId, taskId: id } });
      if (!update || update.kind === 'progress') throw errors.notPending();
      const now = this.clock.now();
      const decided = await manager
        .createQueryBuilder()
        .update(TaskUpdateEntity)
        .set({ state: accept ? 'accepted' : 'refused', decidedBy: user.id, decidedAt: now, decisionNote: note?.trim() || null })
        .where('id = :updateId AND state = :pending', { updateId, pending: 'pending' })
        .execute();
      if (!decided.affected) throw errors.notPending();
      const task = (await manager.getRepository(TaskEntity).findOne({ where: { id } })) as TaskEntity;
      const changes: Partial<TaskEntity> = { pending: null, updatedAt: now };
      if (accept && update.kind === 'extension' && update.requestedDueDate) {
        changes.dueDate = update.requestedDueDate;
        changes.deadline = endOfGovernmentDay(update.requestedDueDate, this.config.timeZone);
      }
      if (accept && update.kind === 'completion') {
        changes.status = 'done';
        // Done when the organisation said it was done, not when the secretariat got round to accepting it.
        changes.completedAt = update.createdAt;
      }
      await manager.getRepository(TaskEntity).update({ id }, changes);
      told = { title: task.title, authorId: update.authorId, requestKind: update.kind };
      await this.audit.record(
        {
          action: accept ? 'task.request.accepted' : 'task.request.refused',
          targetType: 'task',
          targetId: id,
          details: { updateId, kind: update.kind, fromDueDate: task.dueDate, toDueDate: changes.dueDate ?? task.dueDate, note: note?.trim() || null },
        },
        manager,
      );
    });
    const decided = told as DecidedRequest | null;
    if (decided) this.events.publish('task.decided', { taskId: id, ...decided, accepted: accept });
    return this.get(id, user);
  }

  /** The task if the caller may see it, with the caller's organisation (read once per request). */
  private async visibleRow(id: string, user: AuthenticatedUser): Promise<{ row: TaskEntity; organisationId: string | null }> {
    const organisationId = await this.organisationOf(user.id);
    const builder = this.dataSource.getRepository(TaskEntity).createQueryBuilder('task').where('task.id = :id', { id });
    if (!isStaff(user)) this.restrictToVisible(builder, user, organisationId);
    const row = await builder.getOne();
    if (!row) throw errors.notFound();
    return { row, organisationId };
  }

  /** Only the tasks the user is responsible for or his organisation leads or coordinates. */
  private restrictToVisible(builder: SelectQueryBuilder<TaskEntity>, user: AuthenticatedUser, organisationId: string | null): void {
    builder.andWhere(
      new Brackets((where) => {
        where.where('task.responsibleUserId = :me', { me: user.id });
        if (organisationId) where.orWhere('EXISTS (SELECT 1 FROM task_organisations o WHERE o.task_id = task.id AND o.organisation_id = :myOrg)', { myOrg: organisationId });
      }),
    );
  }

  private async organisationOf(userId: string): Promise<string | null> {
    const row = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, organisationId: true } });
    return row?.organisationId ?? null;
  }

  private async source(manager: EntityManager, type: TaskSourceType, sourceId: string | null): Promise<{ id: string | null; meetingId: string | null; label: string; resolution?: ResolutionEntity }> {
    if (type === 'direct') return { id: null, meetingId: null, label: '' };
    if (!sourceId) throw errors.source('the source is not named');
    if (type === 'resolution') {
      const resolution = await manager.getRepository(ResolutionEntity).findOne({ where: { id: sourceId } });
      if (!resolution) throw errors.source('no such resolution');
      if (resolution.status !== 'issued') throw errors.source('the resolution has not been issued');
      return { id: sourceId, meetingId: resolution.meetingId, label: `${resolution.number ?? ''} ${resolution.title}`.trim(), resolution };
    }
    if (type === 'conclusion') {
      const item = await manager.getRepository(AgendaItemEntity).findOne({ where: { id: sourceId } });
      if (!item) throw errors.source('no such agenda item');
      if (!item.conclusion || item.conclusionPending) throw errors.source('the item has no approved conclusion');
      return { id: sourceId, meetingId: item.meetingId, label: item.title };
    }
    const ballot = (await manager.createQueryBuilder().select('b.title', 'title').addSelect('b.status', 'status').from('ballots', 'b').where('b.id = :sourceId', { sourceId }).getRawOne()) as
      | { title: string; status: string }
      | undefined;
    if (!ballot) throw errors.source('no such ballot');
    if (ballot.status !== 'closed') throw errors.source('the ballot has not closed');
    return { id: sourceId, meetingId: null, label: ballot.title };
  }

  private async names(userIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)];
    if (!ids.length) return new Map();
    const users = await this.dataSource.getRepository(UserEntity).find({ where: { id: In(ids) }, select: { id: true, fullName: true } });
    return new Map(users.map((u) => [u.id, u.fullName]));
  }

  private async toResponses(rows: readonly TaskEntity[]): Promise<TaskResponse[]> {
    if (!rows.length) return [];
    const links = await this.dataSource.getRepository(TaskOrganisationEntity).find({ where: { taskId: In(rows.map((row) => row.id)) } });
    const organisations = await this.dataSource.getRepository(OrganisationEntity).find({ where: { id: In([...new Set(links.map((link) => link.organisationId))]) } });
    const byId = new Map<string, TaskOrganisation>(organisations.map((org) => [org.id, { id: org.id, name: org.name, symbol: org.symbol }]));
    const people = await this.names(rows.flatMap((row) => [row.responsibleUserId, row.createdBy].filter((userId): userId is string => !!userId)));
    const person = (userId: string | null) => (userId ? { id: userId, fullName: people.get(userId) ?? '' } : null);
    const now = this.clock.now();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      leadOrganisation: byId.get(row.leadOrganisationId) ?? { id: row.leadOrganisationId, name: '', symbol: '' },
      responsible: person(row.responsibleUserId),
      coordinating: links
        .filter((link) => link.taskId === row.id && link.role === 'coordinating')
        .map((link) => byId.get(link.organisationId))
        .filter((org): org is TaskOrganisation => !!org)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      dueDate: row.dueDate,
      originalDueDate: row.originalDueDate,
      status: row.status,
      timeliness: timeliness(row, now),
      pending: row.pending,
      source: { type: row.sourceType, id: row.sourceId, meetingId: row.meetingId, label: row.sourceLabel },
      createdBy: person(row.createdBy),
      createdAt: row.createdAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
      lastReport: row.lastReport,
      updatedAt: row.updatedAt.toISOString(),
    }));
  }
}

/** Who reports on a task: the responsible person, and the users of the lead organisation (its head among them). */
function mayReport(task: TaskEntity, user: AuthenticatedUser, organisationId: string | null): boolean {
  return task.responsibleUserId === user.id || (organisationId !== null && organisationId === task.leadOrganisationId);
}

/** On time or late against the current due date: done late when the organisation reported it done after the due date ended. */
export function timeliness(task: Pick<TaskEntity, 'status' | 'deadline' | 'completedAt'>, now: Date): TaskTimeliness {
  if (task.status === 'done') return task.completedAt && task.completedAt.getTime() > task.deadline.getTime() ? 'done-late' : 'done-on-time';
  return now.getTime() > task.deadline.getTime() ? 'overdue' : 'on-track';
}

function toAttachment(row: TaskAttachmentEntity): TaskAttachmentResponse {
  return { id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, sha256: row.sha256 };
}
