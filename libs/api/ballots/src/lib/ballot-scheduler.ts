import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { APP_CONFIG, Clock, DomainEvents, EmailPreferences, Mailer, formatGovernmentTime, formatGovernmentTimeInEnglish, requestContext, type AppConfig, type MailMessage } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { UserEntity, UsersService, type Delegation } from '@ecabinet/api/identity';
import { BallotLifecycle } from './ballot-lifecycle.service';
import { BallotAnswerEntity, BallotEntity, BallotRecipientEntity, BallotReminderEntity } from './entities';

/** How often the scheduler looks for due closings and reminders. */
export const BALLOT_TICK_MS = 15_000;

/**
 * Closes ballots at their deadline and reminds the late, and the delegates (assistants) of the
 * late, who are told who has not answered but never see the ballot. Every instance runs it; the database
 * makes each action happen once (closing is conditional under a row lock, a reminder round is a
 * row with a primary key). A closing that fell due while the server was down happens at start.
 */
@Injectable()
export class BallotScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BallotScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly lifecycle: BallotLifecycle,
    private readonly mailer: Mailer,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly preferences: EmailPreferences,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), BALLOT_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= requestContext.runJob('ballot-scheduler', () => this.pass()).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const now = this.clock.now();
      const due = await this.dataSource.getRepository(BallotEntity).find({ where: { status: 'open', deadline: LessThanOrEqual(now) } });
      for (const ballot of due) await this.lifecycle.close(ballot.id, { early: false });
      const open = await this.dataSource.getRepository(BallotEntity).find({ where: { status: 'open' } });
      for (const ballot of open) await this.remind(ballot, now);
      this.logger.debug({ closed: due.length, open: open.length }, 'ballot scheduler pass');
    } catch (error) {
      this.logger.error({ err: error }, 'ballot scheduler pass failed');
    }
  }

  /**
   * Sends at once what is already due on a ballot just issued (a 1-hour reminder on a ballot
   * issued 12 minutes before its deadline), without waiting for the next pass.
   */
  async remindDue(ballotId: string): Promise<void> {
    try {
      const ballot = await this.dataSource.getRepository(BallotEntity).findOne({ where: { id: ballotId } });
      if (ballot?.status === 'open') await this.remind(ballot, this.clock.now());
    } catch (error) {
      // The ballot is issued whatever happens here; the next pass tries again.
      this.logger.error({ err: error, ballotId }, 'reminders due at issue failed');
    }
  }

  /**
   * Each reminder moment that has come, once. A moment that had already passed when the ballot
   * was issued goes at once (`due_at_issue`); when several had, only the last of them (the one
   * nearest the deadline) goes and the others are recorded as covered by it.
   */
  private async remind(ballot: BallotEntity, now: Date): Promise<void> {
    if (!ballot.issuedAt || now >= ballot.deadline) return;
    const issuedAt = ballot.issuedAt;
    const moments = ballot.reminderMinutes.map((minutes) => ({ minutes, at: new Date(ballot.deadline.getTime() - minutes * 60_000) }));
    const dueAtIssue = moments.filter((m) => m.at <= issuedAt);
    const sentAtIssue = dueAtIssue.reduce<number | null>((least, m) => (least === null || m.minutes < least ? m.minutes : least), null);
    for (const { minutes, at } of moments) {
      if (now < at) continue;
      const atIssue = at <= issuedAt;
      const covered = atIssue && minutes !== sentAtIssue;
      const round = await this.transactions.run(async (manager) => {
        if (await manager.getRepository(BallotReminderEntity).exists({ where: { ballotId: ballot.id, minutesBefore: minutes } })) return null;
        const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId: ballot.id } });
        const answered = new Set((await manager.getRepository(BallotAnswerEntity).find({ where: { ballotId: ballot.id, isCurrent: true } })).map((a) => a.recipientId));
        const lateIds = covered ? [] : recipients.map((r) => r.userId).filter((id) => !answered.has(id));
        const delegations = lateIds.length ? await this.users.delegatesOf(lateIds, manager) : [];
        const outcome = lateIds.length ? 'sent' : 'skipped';
        const reason = covered ? 'covered' : !lateIds.length ? 'everyone_answered' : atIssue ? 'due_at_issue' : 'on_time';
        try {
          await manager
            .getRepository(BallotReminderEntity)
            .insert({ ballotId: ballot.id, minutesBefore: minutes, sentAt: now, recipients: JSON.stringify(lateIds), outcome, reason, delegates: delegations.length });
        } catch {
          return null; // another instance sent this round
        }
        await this.audit.record(
          {
            action: 'ballot.reminded',
            targetType: 'ballot',
            targetId: ballot.id,
            actor: { id: null, username: 'system' },
            details: { minutesBefore: minutes, recipients: lateIds.length, delegates: delegations.length, outcome, reason },
          },
          manager,
        );
        return { lateIds, delegations };
      });
      if (!round?.lateIds.length) continue;
      const { lateIds, delegations } = round;
      const deadline = ballot.deadline.toISOString();
      this.events.publish('ballot.reminded', { ballotId: ballot.id, title: ballot.title, deadline, userIds: lateIds });
      const users = await this.dataSource.getRepository(UserEntity).find({ where: { id: In(lateIds) } });
      const names = new Map(users.map((u) => [u.id, u.fullName]));
      const membersOf = (delegation: Delegation) => delegation.memberIds.map((id) => names.get(id) ?? '').filter(Boolean);
      if (delegations.length) {
        this.events.publish('ballot.delegates-reminded', { ballotId: ballot.id, title: ballot.title, deadline, delegates: delegations.map((d) => ({ userId: d.delegate.id, members: membersOf(d) })) });
      }
      // Reminders by e-mail only to those who chose so (account page); the in-app one always comes.
      const wanting = await this.preferences.wanting([...lateIds, ...delegations.map((d) => d.delegate.id)], 'ballot-reminder');
      const mails: MailMessage[] = users
        .filter((u) => u.email && wanting.has(u.id))
        .map((u) => ({
          to: u.email as string,
          subject: `[e-Cabinet] Nhắc trả lời phiếu lấy ý kiến: ${ballot.title}`,
          text: reminderText(u.fullName, ballot, this.config.publicUrl, this.config.timeZone),
          headers: { 'X-Ecabinet-Notice': 'reminder', 'X-Ecabinet-Ballot': ballot.id },
        }));
      for (const delegation of delegations) {
        if (!delegation.delegate.email || !wanting.has(delegation.delegate.id)) continue;
        const members = membersOf(delegation);
        mails.push({
          to: delegation.delegate.email,
          subject: `[e-Cabinet] Nhắc việc: ${members.join(', ')} chưa trả lời phiếu lấy ý kiến: ${ballot.title}`,
          text: delegateReminderText(delegation.delegate.fullName, members, ballot, this.config.timeZone),
          headers: { 'X-Ecabinet-Notice': 'delegate-reminder', 'X-Ecabinet-Ballot': ballot.id },
        });
      }
      await this.mailer.sendAll(mails);
    }
  }
}

export function reminderText(fullName: string, ballot: Pick<BallotEntity, 'id' | 'title' | 'deadline'>, publicUrl: string, timeZone: string): string {
  const deadline = formatGovernmentTime(ballot.deadline, timeZone);
  return [
    `Kính gửi ${fullName},`,
    '',
    `Phiếu lấy ý kiến "${ballot.title}" cần được trả lời trước ${deadline}.`,
    `Xin mời trả lời và ký số tại: ${publicUrl}/ballots/${ballot.id}`,
    '',
    `Reminder: the opinion ballot "${ballot.title}" closes at ${formatGovernmentTimeInEnglish(ballot.deadline, timeZone)}.`,
    '',
    'Văn phòng Chính phủ — e-Cabinet',
  ].join('\n');
}

/**
 * To a delegate whose members have not answered: who, which ballot (title only) and when it
 * closes. No link and nothing of the ballot's content: the delegate is not a recipient.
 */
export function delegateReminderText(delegateName: string, memberNames: readonly string[], ballot: Pick<BallotEntity, 'title' | 'deadline'>, timeZone: string): string {
  const deadline = formatGovernmentTime(ballot.deadline, timeZone);
  const members = memberNames.join(', ');
  return [
    `Kính gửi ${delegateName},`,
    '',
    `${members} chưa trả lời phiếu lấy ý kiến "${ballot.title}".`,
    `Hạn trả lời: ${deadline}.`,
    'Đề nghị đồng chí nhắc thành viên trả lời và ký số trước thời hạn.',
    '',
    `Reminder: ${members} ${memberNames.length > 1 ? 'have' : 'has'} not yet answered the opinion ballot "${ballot.title}", which closes at ${formatGovernmentTimeInEnglish(ballot.deadline, timeZone)}.`,
    'Please remind them to answer and sign before the deadline.',
    '',
    'Văn phòng Chính phủ — e-Cabinet',
  ].join('\n');
}
