import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, In, IsNull, LessThanOrEqual } from 'typeorm';
import type { RemindTasksResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, endOfGovernmentDay, governmentDate, requestContext, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { OrganisationEntity, UserEntity, enabledUserIdsWithRoles } from '@ecabinet/api/identity';
import { NotificationsService } from '@ecabinet/api/notifications';
import { TaskEntity, TaskNoticeEntity } from './entities';

/** How often the scheduler looks for reminders and escalations that have come. */
export const TASK_TICK_MS = 60_000;
const DAY_MS = 86_400_000;
/** Reminders and escalations go at 08:00 on the Government's clock, at the start of a working day. */
const SEND_HOUR_MS = 8 * 3_600_000;

interface Moment {
  kind: 'reminder' | 'escalation';
  days: number;
  at: Date;
  /** Escalation level: 0 for the first (the person and his organisation's head), 1 and more with the secretariat. */
  level: number;
}

/** 08:00 on the day `offsetDays` from `date` (YYYY-MM-DD) on the Government's calendar. */
export function sendingMoment(date: string, offsetDays: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + offsetDays - 1)).toISOString().slice(0, 10);
  return new Date(endOfGovernmentDay(shifted, timeZone).getTime() + 1 + SEND_HOUR_MS);
}

/**
 * The reminders and escalations due on a task at `now`: of those whose moment has come and that
 * were not recorded yet, the latest of each kind is sent and the earlier ones are covered by it
 * (a task assigned three days before its due date gets one reminder, not the 7-day one as well).
 */
export function dueNotices(task: Pick<TaskEntity, 'dueDate' | 'deadline'>, recorded: ReadonlySet<string>, config: AppConfig, now: Date): { send: Moment[]; covered: Moment[] } {
  const reminders: Moment[] = now.getTime() > task.deadline.getTime() ? [] : config.tasks.reminderDays.map((days) => ({ kind: 'reminder', days, at: sendingMoment(task.dueDate, -days, config.timeZone), level: 0 }));
  const ascending = [...config.tasks.escalationDays].sort((a, b) => a - b);
  const escalations: Moment[] = ascending.map((days, level) => ({ kind: 'escalation', days, at: sendingMoment(task.dueDate, days, config.timeZone), level }));
  const send: Moment[] = [];
  const covered: Moment[] = [];
  for (const moments of [reminders, escalations]) {
    const come = moments.filter((moment) => moment.at.getTime() <= now.getTime());
    if (!come.length) continue;
    const latest = come.reduce((a, b) => (b.at.getTime() > a.at.getTime() ? b : a));
    for (const moment of come) {
      if (recorded.has(`${moment.kind}:${moment.days}`)) continue;
      (moment === latest ? send : covered).push(moment);
    }
  }
  return { send, covered };
}

/**
 * Reminds the responsible person before a task's due date and escalates after it (to him and his
 * organisation's head, then to the secretariat too), at the configured days, in the app and by
 * e-mail. Every instance runs it; each notice is a row with a primary key, so it is recorded
 * once, and its notifications carry a key that the notifications store once per user, so it
 * reaches each person once even if two instances, or a restart after a crash, send it again.
 */
@Injectable()
export class TaskScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TaskScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), TASK_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= requestContext.runJob('task-scheduler', () => this.pass()).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const now = this.clock.now();
      const horizon = new Date(now.getTime() + (Math.max(0, ...this.config.tasks.reminderDays) + 1) * DAY_MS);
      const tasks = await this.dataSource.getRepository(TaskEntity).find({ where: { status: 'open', deadline: LessThanOrEqual(horizon) } });
      // What is recorded already, for every task of the pass in one read.
      const notices = tasks.length ? await this.dataSource.getRepository(TaskNoticeEntity).find({ where: { taskId: In(tasks.map((task) => task.id)) }, select: { taskId: true, dueDate: true, kind: true, days: true } }) : [];
      const recorded = new Map<string, Set<string>>();
      for (const n of notices) {
        const key = `${n.taskId}:${n.dueDate}`;
        recorded.set(key, (recorded.get(key) ?? new Set()).add(`${n.kind}:${n.days}`));
      }
      for (const task of tasks) await this.record(task, recorded.get(`${task.id}:${task.dueDate}`) ?? new Set(), now);
      await this.notifyUnsent();
    } catch (error) {
      this.logger.error({ err: error }, 'task scheduler pass failed');
    }
  }

  /** Records the notices that have come for one task, each once, with its audit entry. */
  private async record(task: TaskEntity, recorded: ReadonlySet<string>, now: Date): Promise<void> {
    const { send, covered } = dueNotices(task, recorded, this.config, now);
    if (!send.length && !covered.length) return;
    for (const moment of [...covered, ...send]) {
      const outcome = covered.includes(moment) ? 'covered' : 'sent';
      const recipients = outcome === 'sent' ? await this.recipients(task, moment) : [];
      await this.transactions
        .run(async (manager) => {
          await manager.getRepository(TaskNoticeEntity).insert({
            taskId: task.id,
            dueDate: task.dueDate,
            kind: moment.kind,
            days: moment.days,
            outcome,
            recipients: JSON.stringify(recipients),
            createdAt: now,
            notifiedAt: outcome === 'covered' ? now : null,
          });
          await this.audit.record(
            {
              action: moment.kind === 'reminder' ? 'task.reminded' : 'task.escalated',
              targetType: 'task',
              targetId: task.id,
              actor: { id: null, username: 'system' },
              details: { dueDate: task.dueDate, days: moment.days, level: moment.level, outcome, recipients: recipients.length },
            },
            manager,
          );
        })
        .catch((error: unknown) => {
          // Another instance recorded it first (primary key): it is theirs.
          this.logger.debug({ err: error, taskId: task.id, kind: moment.kind, days: moment.days }, 'task notice already recorded');
        });
    }
  }

  /**
   * The secretariat reminds the people responsible for open tasks now, from the task board: at
   * most once a Government day per task (a notice row keyed by the day), told like a scheduled
   * reminder, audited with who asked.
   */
  async remindNow(taskIds: readonly string[], user: AuthenticatedUser): Promise<RemindTasksResponse> {
    const now = this.clock.now();
    const day = Number(governmentDate(now, this.config.timeZone).replace(/-/g, ''));
    const tasks = new Map((await this.dataSource.getRepository(TaskEntity).find({ where: { id: In([...taskIds]) } })).map((task) => [task.id, task]));
    const result: RemindTasksResponse = { reminded: [], skipped: [] };
    for (const taskId of taskIds) {
      const task = tasks.get(taskId);
      if (!task || task.status === 'done') {
        result.skipped.push({ taskId, reason: task ? 'done' : 'not-found' });
        continue;
      }
      const key = { taskId, dueDate: task.dueDate, kind: 'manual' as const, days: day };
      if (await this.dataSource.getRepository(TaskNoticeEntity).exists({ where: key })) {
        result.skipped.push({ taskId, reason: 'already-reminded' });
        continue;
      }
      const recipients = await this.recipients(task, { kind: 'reminder', days: 0, at: now, level: 0 });
      if (!recipients.length) {
        result.skipped.push({ taskId, reason: 'no-recipient' });
        continue;
      }
      const recorded = await this.transactions
        .run(async (manager) => {
          await manager.getRepository(TaskNoticeEntity).insert({ ...key, outcome: 'sent', recipients: JSON.stringify(recipients), createdAt: now, notifiedAt: null });
          await this.audit.record(
            { action: 'task.reminded', targetType: 'task', targetId: taskId, details: { dueDate: task.dueDate, manual: true, recipients: recipients.length } },
            manager,
          );
          return true;
        })
        .catch(async (error: unknown) => {
          // Two reminders asked at once: the other one's row is there, and it is that one that tells.
          if (await this.dataSource.getRepository(TaskNoticeEntity).exists({ where: key })) return false;
          throw error;
        });
      if (recorded) result.reminded.push(taskId);
      else result.skipped.push({ taskId, reason: 'already-reminded' });
    }
    if (result.reminded.length) await this.notifyUnsent();
    this.logger.log({ userId: user.id, reminded: result.reminded.length, skipped: result.skipped.length }, 'tasks reminded from the board');
    return result;
  }

  /** Stores (and mails) the notifications of every recorded notice not yet notified: after a crash too. */
  private async notifyUnsent(): Promise<void> {
    const repository = this.dataSource.getRepository(TaskNoticeEntity);
    const unsent = await repository.find({ where: { notifiedAt: IsNull() }, take: 500 });
    if (!unsent.length) return;
    const tasks = new Map((await this.dataSource.getRepository(TaskEntity).find({ where: { id: In([...new Set(unsent.map((n) => n.taskId))]) } })).map((task) => [task.id, task]));
    for (const notice of unsent) {
      const task = tasks.get(notice.taskId);
      const recipients = JSON.parse(notice.recipients) as string[];
      if (task) {
        const daysLate = notice.kind === 'escalation' ? notice.days : undefined;
        await this.notifications.notify(
          recipients.map((userId) => ({
            userId,
            kind: notice.kind === 'escalation' ? ('task-overdue' as const) : ('task-reminder' as const),
            title: task.title,
            link: `/tasks/${task.id}`,
            params: { dueDate: notice.dueDate, ...(daysLate ? { daysLate } : {}) },
            dedupeKey: `task:${task.id}:${notice.dueDate}:${notice.kind}:${notice.days}`,
          })),
        );
      }
      await repository.update({ taskId: notice.taskId, dueDate: notice.dueDate, kind: notice.kind, days: notice.days }, { notifiedAt: this.clock.now() });
    }
  }

  /** The responsible person (or, when none is named, the lead organisation's head); escalations add the head, and later ones the secretariat. */
  private async recipients(task: TaskEntity, moment: Moment): Promise<string[]> {
    const lead = await this.dataSource.getRepository(OrganisationEntity).findOne({ where: { id: task.leadOrganisationId } });
    const head = lead?.headUserId ?? null;
    const ids = new Set<string>();
    if (task.responsibleUserId) ids.add(task.responsibleUserId);
    if (head && (moment.kind === 'escalation' || !task.responsibleUserId)) ids.add(head);
    if (moment.kind === 'escalation' && moment.level >= 1) {
      for (const id of await enabledUserIdsWithRoles(this.dataSource.manager, ['secretary'])) ids.add(id);
    }
    if (!ids.size) return [];
    const enabled = await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...ids]), disabled: false }, select: { id: true } });
    return enabled.map((user) => user.id).sort();
  }
}
