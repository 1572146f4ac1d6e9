import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import type { BallotApprovalSummary, BallotRecipientChoice, BallotRecipientStatus, BallotReminderEntry, BallotResponse, QuestionTally } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';
import { BallotAccess, ballotPapers, canSeeBallot, isBallotStaff, isEligibleRecipient, usersById } from './ballot-access';
import { BallotApprovals } from './ballot-approvals';
import { BallotResults } from './ballot-results.service';
import { toBallotPaperResponse } from './ballot-paper.mapper';
import { BallotAnswerEntity, BallotEntity, BallotRecipientEntity, BallotReminderEntity } from './entities';

export type BallotBox = 'to-answer' | 'answered' | 'closed' | 'all';

/**
 * Reading ballots as each caller may see them: the secretariat and the chair see progress, who
 * answered and the running tally; a recipient sees his own answer and, when the ballot shows it,
 * the final tally. Changes live in `BallotLifecycle`, answers in `BallotAnswers`, results in
 * `BallotResults`.
 */
@Injectable()
export class BallotsService {
  private readonly ballots: Repository<BallotEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BallotAccess,
    private readonly results: BallotResults,
    private readonly approvals: BallotApprovals,
  ) {
    this.ballots = dataSource.getRepository(BallotEntity);
  }

  async list(user: AuthenticatedUser, box: BallotBox): Promise<BallotResponse[]> {
    const mine = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { userId: user.id } });
    const mineIds = new Set(mine.map((r) => r.ballotId));
    const rows = isBallotStaff(user) ? await this.ballots.find() : mineIds.size ? await this.ballots.find({ where: { id: In([...mineIds]) } }) : [];
    const visible = rows.filter((b) => canSeeBallot(b, user, mineIds.has(b.id)));
    const approvals = await this.approvals.summaries(this.dataSource.manager, visible.map((b) => b.id));
    const responses = await Promise.all(visible.map((b) => this.toResponse(b, user, this.dataSource.manager, approvals.get(b.id) ?? [])));
    const filtered = responses.filter((b) => {
      switch (box) {
        case 'to-answer':
          return b.status === 'open' && b.mine !== null && !b.mine.answered;
        case 'answered':
          return b.status === 'open' && b.mine !== null && b.mine.answered;
        case 'closed':
          return b.status === 'closed';
        case 'all':
          return true;
      }
    });
    return filtered.sort((a, b) => a.deadline.localeCompare(b.deadline));
  }

  async get(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    return this.toResponse(await this.access.visible(ballotId, user), user);
  }

  /** `approvals`: the ballot's signed approvals when the caller read them already (a list reads them for every ballot at once). */
  async toResponse(ballot: BallotEntity, user: AuthenticatedUser, manager: EntityManager = this.dataSource.manager, approvals?: BallotApprovalSummary[]): Promise<BallotResponse> {
    const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId: ballot.id } });
    const answers = await manager.getRepository(BallotAnswerEntity).find({ where: { ballotId: ballot.id, isCurrent: true } });
    const answerBy = new Map(answers.map((a) => [a.recipientId, a]));
    const papers = await ballotPapers(manager, ballot.id);
    const isRecipient = recipients.some((r) => r.userId === user.id);
    const staff = isBallotStaff(user);
    const showTally = staff || (ballot.status === 'closed' && ballot.tallyVisibility === 'after_close' && isRecipient);
    let tally: QuestionTally[] | null = null;
    if (showTally) tally = ballot.result ?? (await this.results.computeTally(ballot, manager));
    let recipientStatus: BallotRecipientStatus[] | null = null;
    let reminderHistory: BallotReminderEntry[] | null = null;
    if (staff) {
      const users = await usersById(manager, recipients.map((r) => r.userId));
      const reminders = await manager.getRepository(BallotReminderEntity).find({ where: { ballotId: ballot.id } });
      if (ballot.issuedAt) reminderHistory = reminderHistoryOf(ballot, reminders);
      const lastReminded = new Map<string, Date>();
      for (const reminder of reminders) {
        for (const userId of JSON.parse(reminder.recipients) as string[]) {
          if (!lastReminded.has(userId) || (lastReminded.get(userId) as Date) < reminder.sentAt) lastReminded.set(userId, reminder.sentAt);
        }
      }
      recipientStatus = recipients
        .map((r) => ({
          userId: r.userId,
          fullName: users.get(r.userId)?.fullName ?? '',
          title: users.get(r.userId)?.title ?? null,
          answered: answerBy.has(r.userId),
          answeredAt: answerBy.get(r.userId)?.receivedAt.toISOString() ?? null,
          revision: answerBy.get(r.userId)?.revision ?? 0,
          remindedAt: lastReminded.get(r.userId)?.toISOString() ?? null,
        }))
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    }
    const myAnswer = answerBy.get(user.id);
    return {
      id: ballot.id,
      title: ballot.title,
      summary: ballot.summary,
      questions: ballot.questions,
      status: ballot.status,
      version: ballot.version,
      deadline: ballot.deadline.toISOString(),
      silenceRule: ballot.silenceRule,
      tallyVisibility: ballot.tallyVisibility,
      reminderMinutes: ballot.reminderMinutes,
      recipientCount: recipients.length,
      answeredCount: answers.length,
      returnReason: ballot.returnReason,
      chairId: ballot.chairId,
      issuedAt: ballot.issuedAt?.toISOString() ?? null,
      closedAt: ballot.closedAt?.toISOString() ?? null,
      createdAt: ballot.createdAt.toISOString(),
      papers: papers.map(toBallotPaperResponse),
      mine: isRecipient ? { answered: !!myAnswer, revision: myAnswer?.revision ?? 0, answeredAt: myAnswer?.receivedAt.toISOString() ?? null, documentHash: myAnswer?.documentHash ?? null } : null,
      approvals: approvals ?? (await this.approvals.summaries(manager, [ballot.id])).get(ballot.id) ?? [],
      tally,
      tallyFinal: ballot.status === 'closed',
      recipients: recipientStatus,
      reminderHistory,
    };
  }

  /** Who a ballot may go to: enabled members of the Government and the chair, by name. */
  async recipientChoices(manager: EntityManager = this.dataSource.manager): Promise<BallotRecipientChoice[]> {
    const users = await manager.getRepository(UserEntity).find({ where: { disabled: false } });
    return users
      .filter(isEligibleRecipient)
      .map((u) => ({ id: u.id, fullName: u.fullName, title: u.title }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  }
}

/**
 * Every reminder moment of an issued ballot, latest moment last: what was recorded (sent or
 * skipped, and why), or, for a moment with no record, whether it is still to come or the ballot
 * closed first.
 */
function reminderHistoryOf(ballot: BallotEntity, rows: readonly BallotReminderEntity[]): BallotReminderEntry[] {
  const recorded = new Map(rows.map((row) => [row.minutesBefore, row]));
  const minutes = [...new Set([...ballot.reminderMinutes, ...recorded.keys()])].sort((a, b) => b - a);
  return minutes.map((minutesBefore) => {
    const dueAt = new Date(ballot.deadline.getTime() - minutesBefore * 60_000).toISOString();
    const row = recorded.get(minutesBefore);
    if (row) {
      const reminded = (JSON.parse(row.recipients) as string[]).length;
      return { minutesBefore, dueAt, state: row.outcome, reason: row.reason, at: row.sentAt.toISOString(), recipients: row.outcome === 'sent' ? reminded : 0, delegates: row.delegates };
    }
    const closed = ballot.status === 'closed';
    return { minutesBefore, dueAt, state: closed ? 'not_sent' : 'pending', reason: closed ? 'closed_before' : 'scheduled', at: null, recipients: 0, delegates: 0 };
  });
}
