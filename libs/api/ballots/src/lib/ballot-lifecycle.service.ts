import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { BallotResponse, CreateBallotRequest, SignedApprovalRequest, UpdateBallotRequest } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents, type AuthenticatedUser, type DomainEventMap } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService, type AuditRecord } from '@ecabinet/api/audit';
import { UserEntity } from '@ecabinet/api/identity';
import { canSeeBallot, isEligibleRecipient, requireSecretariat, usersById } from './ballot-access';
import { BallotApprovals } from './ballot-approvals';
import { BallotResults } from './ballot-results.service';
import { ballotErrors } from './ballot.errors';
import { BallotsService } from './ballots.service';
import { BallotAnswerEntity, BallotEntity, BallotRecipientEntity } from './entities';

const DEFAULT_REMINDERS = [24 * 60, 120];

type BallotEventName = 'ballot.changed' | 'ballot.issued' | 'ballot.extended';

/** A live event a change causes, published once the change is committed. */
export type BallotEvent = { [K in BallotEventName]: { name: K; payload: DomainEventMap[K] } }[BallotEventName];

/** What one change of a ballot leaves behind: its audit entry and, when others must know, its live event. */
export interface BallotChange {
  audit: Omit<AuditRecord, 'targetType' | 'targetId'>;
  events?: BallotEvent[];
}

export type BallotChangeWork = (manager: EntityManager, ballot: BallotEntity) => Promise<BallotChange>;

/**
 * A ballot's life from draft to close: the secretariat prepares and issues it, the chair approves
 * and extends it with his signature, and it closes once. Every change is one unit of work: lock
 * the ballot row, apply the change, write its audit entry, commit, then publish its live events.
 */
@Injectable()
export class BallotLifecycle {
  private readonly logger = new Logger(BallotLifecycle.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly approvals: BallotApprovals,
    private readonly results: BallotResults,
    private readonly reading: BallotsService,
  ) {}

  async create(request: CreateBallotRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    const now = this.clock.now();
    const ballot: BallotEntity = {
      id: randomUUID(),
      title: request.title.trim(),
      summary: request.summary.trim(),
      questions: request.questions.map((q, i) => ({ id: randomUUID(), number: i + 1, text: q.text.trim() })),
      status: 'draft',
      version: 1,
      deadline: validDeadline(request.deadline, now),
      silenceRule: request.silenceRule ?? 'not_counted',
      tallyVisibility: request.tallyVisibility ?? 'after_close',
      reminderMinutes: normaliseReminders(request.reminderMinutes ?? DEFAULT_REMINDERS),
      returnReason: null,
      chairId: null,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
      issuedAt: null,
      closedAt: null,
      result: null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(BallotEntity).insert(ballot);
      await setRecipients(manager, ballot.id, request.recipientIds);
      await this.audit.record({ action: 'ballot.created', targetType: 'ballot', targetId: ballot.id, details: { title: ballot.title } }, manager);
    });
    return this.reading.get(ballot.id, user);
  }

  async update(ballotId: string, request: UpdateBallotRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    await this.change(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'edited');
      if (request.version !== ballot.version) throw ballotErrors.staleVersion(await this.reading.toResponse(ballot, user, manager));
      if (request.title !== undefined) ballot.title = request.title.trim();
      if (request.summary !== undefined) ballot.summary = request.summary.trim();
      if (request.questions !== undefined) ballot.questions = request.questions.map((q, i) => ({ id: ballot.questions[i]?.id ?? randomUUID(), number: i + 1, text: q.text.trim() }));
      if (request.deadline !== undefined) ballot.deadline = validDeadline(request.deadline, this.clock.now());
      if (request.silenceRule !== undefined) ballot.silenceRule = request.silenceRule;
      if (request.tallyVisibility !== undefined) ballot.tallyVisibility = request.tallyVisibility;
      if (request.reminderMinutes !== undefined) ballot.reminderMinutes = normaliseReminders(request.reminderMinutes);
      if (request.recipientIds !== undefined) await setRecipients(manager, ballotId, request.recipientIds);
      return { audit: { action: 'ballot.updated', details: { fields: Object.keys(request).filter((k) => k !== 'version') } } };
    });
    return this.reading.get(ballotId, user);
  }

  submit(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    requireSecretariat(user);
    return this.step(ballotId, user, async (_manager, ballot) => {
      if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'submitted for approval');
      ballot.status = 'pending_approval';
      ballot.returnReason = null;
      return { audit: { action: 'ballot.submitted' }, events: [changed(ballot, [])] };
    });
  }

  /**
   * The chair approves with his signature over the ballot's content and deadline, made on his
   * device with his certified key; the signed document is kept and goes into the result bundle.
   */
  approve(ballotId: string, request: SignedApprovalRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    requireChair(user);
    return this.step(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'pending_approval') throw ballotErrors.invalidState(ballot.status, 'approved');
      if (request.document.deadline !== ballot.deadline.toISOString()) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
      const approval = await this.approvals.record(manager, ballot, request, user, this.clock.now());
      ballot.chairId = user.id;
      ballot.status = 'approved';
      return { audit: { action: 'ballot.approved', details: { approvalHash: approval.documentHash } }, events: [changed(ballot, [])] };
    });
  }

  returnToDraft(ballotId: string, reason: string, user: AuthenticatedUser): Promise<BallotResponse> {
    requireChair(user);
    return this.step(ballotId, user, async (_manager, ballot) => {
      if (ballot.status !== 'pending_approval') throw ballotErrors.invalidState(ballot.status, 'returned');
      ballot.status = 'draft';
      ballot.returnReason = reason.trim();
      return { audit: { action: 'ballot.returned', details: { reason: ballot.returnReason } }, events: [changed(ballot, [])] };
    });
  }

  issue(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    requireSecretariat(user);
    return this.step(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'approved') throw ballotErrors.invalidState(ballot.status, 'issued');
      const now = this.clock.now();
      if (ballot.deadline <= now) throw ballotErrors.deadlineInvalid('The deadline has already passed; set a new one before issuing.');
      ballot.status = 'open';
      ballot.issuedAt = now;
      const userIds = await recipientIds(manager, ballotId);
      return {
        audit: { action: 'ballot.issued', details: { deadline: ballot.deadline.toISOString() } },
        events: [changed(ballot, []), { name: 'ballot.issued', payload: { ballotId, title: ballot.title, deadline: ballot.deadline.toISOString(), userIds } }],
      };
    });
  }

  /** The chair who approved extends an open ballot's deadline with a signed extension (the next approval in sequence). */
  extend(ballotId: string, request: SignedApprovalRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    requireChair(user);
    return this.step(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'open') throw ballotErrors.invalidState(ballot.status, 'extended');
      const next = validDeadline(request.document.deadline, this.clock.now());
      if (next <= ballot.deadline) throw ballotErrors.deadlineInvalid('The new deadline must be later than the current one.');
      if (ballot.chairId !== user.id) throw ballotErrors.signatureInvalid('only the chair who approved the ballot may extend it.');
      const approval = await this.approvals.record(manager, ballot, request, user, this.clock.now());
      const previous = ballot.deadline.toISOString();
      ballot.deadline = next;
      const userIds = await recipientIds(manager, ballotId);
      return {
        audit: { action: 'ballot.extended', details: { from: previous, to: next.toISOString(), approvalHash: approval.documentHash } },
        events: [{ name: 'ballot.extended', payload: { ballotId, title: ballot.title, deadline: next.toISOString(), userIds } }],
      };
    });
  }

  /** The secretariat closes early, once every recipient has answered. */
  async closeEarly(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    requireSecretariat(user);
    const closed = await this.close(ballotId, { early: true });
    if (!closed) throw ballotErrors.invalidState('closed', 'closed again');
    return this.reading.get(ballotId, user);
  }

  /**
   * Closes an open ballot exactly once: under the ballot's row lock, only if it is still open
   * (and, unless early, its deadline has passed). Returns whether this call closed it. The record
   * is then sealed once and kept.
   */
  async close(ballotId: string, options: { early: boolean }): Promise<boolean> {
    const outcome = await this.transactions.run(async (manager) => {
      const ballot = await lockBallot(manager, ballotId);
      if (!ballot || ballot.status !== 'open') return null;
      const now = this.clock.now();
      if (options.early) {
        const recipients = await manager.getRepository(BallotRecipientEntity).count({ where: { ballotId } });
        const answered = await manager.getRepository(BallotAnswerEntity).count({ where: { ballotId, isCurrent: true } });
        if (answered < recipients) throw ballotErrors.notEveryoneAnswered(recipients - answered);
      } else if (ballot.deadline > now) {
        return null;
      }
      ballot.result = await this.results.computeTally(ballot, manager);
      ballot.status = 'closed';
      ballot.closedAt = now;
      ballot.updatedAt = now;
      await manager.getRepository(BallotEntity).save(ballot);
      await this.audit.record(
        { action: 'ballot.closed', targetType: 'ballot', targetId: ballotId, actor: options.early ? undefined : { id: null, username: 'system' }, details: { early: options.early, passed: ballot.result.map((q) => q.passed) } },
        manager,
      );
      return { ballot, event: changed(ballot, await recipientIds(manager, ballotId)) };
    });
    if (!outcome) return false;
    // The record is sealed once, now; should that fail, the first download seals it.
    await this.results.sealAndKeep(outcome.ballot).catch((error: unknown) => this.logger.warn({ err: error, ballotId }, 'the closed ballot could not be sealed yet'));
    this.publish(outcome.event);
    return true;
  }

  /**
   * One change of a ballot as a unit: lock its row, check the caller may see it, apply the change,
   * move the version while the ballot is prepared (recipients sign it; it never moves once
   * issued), audit, commit, then publish the change's events. Only the secretariat makes changes
   * through here unless the caller checked the role (a chair's step).
   */
  async change(ballotId: string, user: AuthenticatedUser, work: BallotChangeWork, roleChecked = false): Promise<void> {
    if (!roleChecked) requireSecretariat(user);
    const events = await this.transactions.run(async (manager) => {
      const ballot = await lockBallot(manager, ballotId);
      if (!ballot || !canSeeBallot(ballot, user, false)) throw ballotErrors.notFound();
      const wasIssued = ballot.status === 'open' || ballot.status === 'closed';
      const outcome = await work(manager, ballot);
      if (!wasIssued) ballot.version += 1;
      ballot.updatedAt = this.clock.now();
      await manager.getRepository(BallotEntity).save(ballot);
      await this.audit.record({ ...outcome.audit, targetType: 'ballot', targetId: ballotId }, manager);
      return outcome.events ?? [];
    });
    for (const event of events) this.publish(event);
  }

  /** A step whose role the caller checked; answers the ballot as it now is. */
  private async step(ballotId: string, user: AuthenticatedUser, work: BallotChangeWork): Promise<BallotResponse> {
    await this.change(ballotId, user, work, true);
    return this.reading.get(ballotId, user);
  }

  private publish(event: BallotEvent): void {
    switch (event.name) {
      case 'ballot.changed':
        return this.events.publish(event.name, event.payload);
      case 'ballot.issued':
        return this.events.publish(event.name, event.payload);
      case 'ballot.extended':
        return this.events.publish(event.name, event.payload);
    }
  }
}

function changed(ballot: BallotEntity, userIds: string[]): BallotEvent {
  return { name: 'ballot.changed', payload: { ballotId: ballot.id, status: ballot.status, userIds } };
}

function requireChair(user: AuthenticatedUser): void {
  if (!user.roles.includes('chair')) throw ballotErrors.notFound();
}

async function recipientIds(manager: EntityManager, ballotId: string): Promise<string[]> {
  return (await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId } })).map((r) => r.userId);
}

/**
 * Loads the ballot for a change under its row lock (FOR UPDATE on PostgreSQL; SQLite runs one
 * transaction at a time). Answers take the same row FOR SHARE in the statement that stores
 * them, so closing waits for answers in flight, then sees them all, and answers after it see
 * the ballot closed.
 */
function lockBallot(manager: EntityManager, ballotId: string): Promise<BallotEntity | null> {
  const postgres = manager.connection.options.type === 'postgres';
  return manager.getRepository(BallotEntity).findOne({ where: { id: ballotId }, ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

/** The chosen recipients (by default every member); each must be an enabled member or the chair. */
async function setRecipients(manager: EntityManager, ballotId: string, recipientIds: string[] | undefined): Promise<void> {
  let ids = recipientIds;
  if (!ids) {
    const members = await manager.getRepository(UserEntity).find({ where: { disabled: false } });
    ids = members.filter((u) => u.roles.includes('member')).map((u) => u.id);
  }
  const unique = [...new Set(ids)];
  const found = await usersById(manager, unique);
  const refused = unique.filter((id) => !isEligibleRecipient(found.get(id)));
  if (refused.length || unique.length === 0) throw ballotErrors.recipientsInvalid(refused);
  await manager.getRepository(BallotRecipientEntity).delete({ ballotId });
  if (unique.length) await manager.getRepository(BallotRecipientEntity).insert(unique.map((userId) => ({ ballotId, userId, draft: null, draftSavedAt: null })));
}

function validDeadline(text: string, now: Date): Date {
  const deadline = new Date(text);
  if (Number.isNaN(deadline.getTime())) throw ballotErrors.deadlineInvalid('The deadline is not a valid date and time.');
  if (deadline <= now) throw ballotErrors.deadlineInvalid('The deadline must be in the future.');
  return deadline;
}

function normaliseReminders(minutes: number[]): number[] {
  return [...new Set(minutes.filter((m) => Number.isInteger(m) && m > 0))].sort((a, b) => b - a);
}
