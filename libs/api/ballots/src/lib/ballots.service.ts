import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import {
  tallyBallot,
  type AnswerReceipt,
  type BallotBundle,
  type SealedBallotBundle,
  type BallotRecipientChoice,
  type BallotRecipientStatus,
  type BallotReminderEntry,
  type BallotResponse,
  type CreateBallotRequest,
  type DraftAnswerResponse,
  type OpinionChoice,
  type OpinionInput,
  type QuestionTally,
  type SignedAnswerDocument,
  type SignedApprovalRequest,
  type SubmitAnswerRequest,
  type UpdateBallotRequest,
} from '@ecabinet/shared/contracts';
import { canonicalJson, Clock, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService, type AuditRecord } from '@ecabinet/api/audit';
import { UserEntity } from '@ecabinet/api/identity';
import { sha256Hex, verifyP256 } from './answer-signature';
import { BallotApprovals, SIGNING_CLOCK_SKEW_MS } from './ballot-approvals';
import { AnswerStore } from './answer-store';
import { ballotErrors } from './ballot.errors';
import { BundleSealer } from './bundle-sealer';
import { toBallotPaperResponse } from './ballot-paper.mapper';
import { BallotAnswerEntity, BallotEntity, BallotOpinionEntity, BallotPaperEntity, BallotRecipientEntity, BallotReminderEntity, SigningKeyEntity } from './entities';

const DEFAULT_REMINDERS = [24 * 60, 120];

export type BallotBox = 'to-answer' | 'answered' | 'closed' | 'all';

interface BallotView {
  staff: boolean;
  recipient: boolean;
}

@Injectable()
export class BallotsService {
  private readonly ballots: Repository<BallotEntity>;
  private readonly logger = new Logger(BallotsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly sealer: BundleSealer,
    private readonly clock: Clock,
    private readonly answerStore: AnswerStore,
    private readonly approvals: BallotApprovals,
  ) {
    this.ballots = dataSource.getRepository(BallotEntity);
  }

  // --- reading ---------------------------------------------------------------------------------

  async list(user: AuthenticatedUser, box: BallotBox): Promise<BallotResponse[]> {
    const staff = isStaff(user);
    const mine = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { userId: user.id } });
    const mineIds = new Set(mine.map((r) => r.ballotId));
    const rows = staff ? await this.ballots.find() : mineIds.size ? await this.ballots.find({ where: { id: In([...mineIds]) } }) : [];
    const visible = rows.filter((b) => this.canSee(b, user, mineIds.has(b.id)));
    const responses = await Promise.all(visible.map((b) => this.toResponse(b, user)));
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
    return this.toResponse(await this.visible(ballotId, user), user);
  }

  /** The ballot if the caller may see it; otherwise the same 404 as for a ballot that does not exist. */
  async visible(ballotId: string, user: AuthenticatedUser, manager: EntityManager = this.dataSource.manager): Promise<BallotEntity> {
    const ballot = await manager.getRepository(BallotEntity).findOne({ where: { id: ballotId } });
    if (!ballot) throw ballotErrors.notFound();
    const recipient = await manager.getRepository(BallotRecipientEntity).exists({ where: { ballotId, userId: user.id } });
    if (!this.canSee(ballot, user, recipient)) throw ballotErrors.notFound();
    return ballot;
  }

  /** The secretariat sees everything; the chair all but fresh drafts (returned ones too); recipients once issued. */
  private canSee(ballot: Pick<BallotEntity, 'status' | 'returnReason'>, user: AuthenticatedUser, recipient: boolean): boolean {
    if (user.roles.includes('secretary')) return true;
    if (user.roles.includes('chair') && (ballot.status !== 'draft' || ballot.returnReason !== null)) return true;
    return recipient && (ballot.status === 'open' || ballot.status === 'closed');
  }

  private view(ballot: BallotEntity, user: AuthenticatedUser, recipient: boolean): BallotView {
    return { staff: user.roles.includes('secretary') || user.roles.includes('chair'), recipient };
  }

  async toResponse(ballot: BallotEntity, user: AuthenticatedUser, manager: EntityManager = this.dataSource.manager): Promise<BallotResponse> {
    const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId: ballot.id } });
    const answers = await manager.getRepository(BallotAnswerEntity).find({ where: { ballotId: ballot.id, isCurrent: true } });
    const answerBy = new Map(answers.map((a) => [a.recipientId, a]));
    const papers = await this.papers(ballot.id, manager);
    const isRecipient = recipients.some((r) => r.userId === user.id);
    const view = this.view(ballot, user, isRecipient);
    const showTally = view.staff || (ballot.status === 'closed' && ballot.tallyVisibility === 'after_close' && isRecipient);
    let tally: QuestionTally[] | null = null;
    if (showTally) tally = ballot.result ?? (await this.computeTally(ballot, manager));
    let recipientStatus: BallotRecipientStatus[] | null = null;
    let reminderHistory: BallotReminderEntry[] | null = null;
    if (view.staff) {
      const users = await this.users(recipients.map((r) => r.userId), manager);
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
      approvals: (await this.approvals.summaries(manager, [ballot.id])).get(ballot.id) ?? [],
      tally,
      tallyFinal: ballot.status === 'closed',
      recipients: recipientStatus,
      reminderHistory,
    };
  }

  private papers(ballotId: string, manager: EntityManager): Promise<BallotPaperEntity[]> {
    return manager.getRepository(BallotPaperEntity).find({ where: { ballotId }, order: { position: 'ASC', uploadedAt: 'ASC' } });
  }

  private async users(ids: readonly string[], manager: EntityManager): Promise<Map<string, UserEntity>> {
    if (!ids.length) return new Map();
    const rows = await manager.getRepository(UserEntity).find({ where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((u) => [u.id, u]));
  }

  async computeTally(ballot: BallotEntity, manager: EntityManager = this.dataSource.manager): Promise<QuestionTally[]> {
    const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId: ballot.id } });
    const opinions = await manager.getRepository(BallotOpinionEntity).find({ where: { ballotId: ballot.id, isCurrent: true } });
    const answers = new Map<string, Map<string, OpinionChoice>>();
    for (const opinion of opinions) {
      const mine = answers.get(opinion.recipientId) ?? new Map<string, OpinionChoice>();
      mine.set(opinion.questionId, opinion.choice);
      answers.set(opinion.recipientId, mine);
    }
    return tallyBallot({ questions: ballot.questions, recipientIds: recipients.map((r) => r.userId).sort(), silenceRule: ballot.silenceRule, chairId: ballot.chairId, answers });
  }

  // --- drafting and approval -------------------------------------------------------------------

  async create(request: CreateBallotRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    const now = this.clock.now();
    const ballot: BallotEntity = {
      id: randomUUID(),
      title: request.title.trim(),
      summary: request.summary.trim(),
      questions: request.questions.map((q, i) => ({ id: randomUUID(), number: i + 1, text: q.text.trim() })),
      status: 'draft',
      version: 1,
      deadline: this.validDeadline(request.deadline, now),
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
      await this.setRecipients(manager, ballot.id, request.recipientIds);
      await this.audit.record({ action: 'ballot.created', targetType: 'ballot', targetId: ballot.id, details: { title: ballot.title } }, manager);
    });
    return this.get(ballot.id, user);
  }

  async update(ballotId: string, request: UpdateBallotRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    await this.mutate(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'edited');
      if (request.version !== ballot.version) throw ballotErrors.staleVersion(await this.toResponse(ballot, user, manager));
      if (request.title !== undefined) ballot.title = request.title.trim();
      if (request.summary !== undefined) ballot.summary = request.summary.trim();
      if (request.questions !== undefined) ballot.questions = request.questions.map((q, i) => ({ id: ballot.questions[i]?.id ?? randomUUID(), number: i + 1, text: q.text.trim() }));
      if (request.deadline !== undefined) ballot.deadline = this.validDeadline(request.deadline, this.clock.now());
      if (request.silenceRule !== undefined) ballot.silenceRule = request.silenceRule;
      if (request.tallyVisibility !== undefined) ballot.tallyVisibility = request.tallyVisibility;
      if (request.reminderMinutes !== undefined) ballot.reminderMinutes = normaliseReminders(request.reminderMinutes);
      if (request.recipientIds !== undefined) await this.setRecipients(manager, ballotId, request.recipientIds);
      return { action: 'ballot.updated', details: { fields: Object.keys(request).filter((k) => k !== 'version') } };
    });
    return this.get(ballotId, user);
  }

  submit(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    return this.transition(ballotId, user, ['draft'], 'pending_approval', 'submitted for approval', (ballot) => {
      ballot.returnReason = null;
      return { action: 'ballot.submitted' };
    });
  }

  /**
   * The chair approves with his signature over the ballot's content and deadline, made on his
   * device with his certified key; the signed document is kept and goes into the result bundle.
   */
  async approve(ballotId: string, request: SignedApprovalRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    if (!user.roles.includes('chair')) throw ballotErrors.notFound();
    await this.change(
      ballotId,
      user,
      async (manager, ballot) => {
        if (ballot.status !== 'pending_approval') throw ballotErrors.invalidState(ballot.status, 'approved');
        if (request.document.deadline !== ballot.deadline.toISOString()) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
        const approval = await this.approvals.record(manager, ballot, request, user, this.clock.now());
        ballot.chairId = user.id;
        ballot.status = 'approved';
        return { action: 'ballot.approved', details: { approvalHash: approval.documentHash } };
      },
      true,
    );
    const response = await this.get(ballotId, user);
    this.events.publish('ballot.changed', { ballotId, status: 'approved', userIds: [] });
    return response;
  }

  returnToDraft(ballotId: string, reason: string, user: AuthenticatedUser): Promise<BallotResponse> {
    return this.transition(ballotId, user, ['pending_approval'], 'draft', 'returned', (ballot) => {
      ballot.returnReason = reason.trim();
      return { action: 'ballot.returned', details: { reason: ballot.returnReason } };
    });
  }

  async issue(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    const response = await this.transition(ballotId, user, ['approved'], 'open', 'issued', (ballot) => {
      const now = this.clock.now();
      if (ballot.deadline <= now) throw ballotErrors.deadlineInvalid('The deadline has already passed; set a new one before issuing.');
      ballot.issuedAt = now;
      return { action: 'ballot.issued', details: { deadline: ballot.deadline.toISOString() } };
    });
    const recipients = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { ballotId } });
    this.events.publish('ballot.issued', { ballotId, title: response.title, deadline: response.deadline, userIds: recipients.map((r) => r.userId) });
    return response;
  }

  /** The chair extends an open ballot's deadline with a signed extension (the next approval in sequence). */
  async extend(ballotId: string, request: SignedApprovalRequest, user: AuthenticatedUser): Promise<BallotResponse> {
    if (!user.roles.includes('chair')) throw ballotErrors.notFound();
    const response = await this.mutate(
      ballotId,
      user,
      async (manager, ballot) => {
        if (ballot.status !== 'open') throw ballotErrors.invalidState(ballot.status, 'extended');
        const next = this.validDeadline(request.document.deadline, this.clock.now());
        if (next <= ballot.deadline) throw ballotErrors.deadlineInvalid('The new deadline must be later than the current one.');
        if (ballot.chairId !== user.id) throw ballotErrors.signatureInvalid('only the chair who approved the ballot may extend it.');
        const approval = await this.approvals.record(manager, ballot, request, user, this.clock.now());
        const previous = ballot.deadline.toISOString();
        ballot.deadline = next;
        return { action: 'ballot.extended', details: { from: previous, to: next.toISOString(), approvalHash: approval.documentHash } };
      },
      true,
    );
    const recipients = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { ballotId } });
    this.events.publish('ballot.extended', { ballotId, title: response.title, deadline: response.deadline, userIds: recipients.map((r) => r.userId) });
    return response;
  }

  /** The secretariat closes early, once every recipient has answered. */
  async closeEarly(ballotId: string, user: AuthenticatedUser): Promise<BallotResponse> {
    requireSecretariat(user);
    const closed = await this.close(ballotId, { early: true });
    if (!closed) throw ballotErrors.invalidState('closed', 'closed again');
    return this.get(ballotId, user);
  }

  /**
   * Closes an open ballot exactly once: under the ballot's row lock, only if it is still open
   * (and, unless early, its deadline has passed). Returns whether this call closed it.
   */
  async close(ballotId: string, options: { early: boolean }): Promise<boolean> {
    const outcome = await this.transactions.run(async (manager) => {
      const ballot = await this.lock(manager, ballotId);
      if (!ballot || ballot.status !== 'open') return null;
      const now = this.clock.now();
      if (options.early) {
        const recipients = await manager.getRepository(BallotRecipientEntity).count({ where: { ballotId } });
        const answered = await manager.getRepository(BallotAnswerEntity).count({ where: { ballotId, isCurrent: true } });
        if (answered < recipients) throw ballotErrors.notEveryoneAnswered(recipients - answered);
      } else if (ballot.deadline > now) {
        return null;
      }
      ballot.result = await this.computeTally(ballot, manager);
      ballot.status = 'closed';
      ballot.closedAt = now;
      ballot.updatedAt = now;
      await manager.getRepository(BallotEntity).save(ballot);
      await this.audit.record(
        { action: 'ballot.closed', targetType: 'ballot', targetId: ballotId, actor: options.early ? undefined : { id: null, username: 'system' }, details: { early: options.early, passed: ballot.result.map((q) => q.passed) } },
        manager,
      );
      return ballot;
    });
    if (!outcome) return false;
    // The record is sealed once, now; should that fail, the first download seals it.
    await this.sealAndKeep(outcome).catch((error: unknown) => this.logger.warn({ err: error, ballotId }, 'the closed ballot could not be sealed yet'));
    const recipients = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { ballotId } });
    this.events.publish('ballot.changed', { ballotId, status: 'closed', userIds: recipients.map((r) => r.userId) });
    return true;
  }

  // --- answering -------------------------------------------------------------------------------

  async saveDraft(ballotId: string, answers: OpinionInput[], user: AuthenticatedUser): Promise<DraftAnswerResponse> {
    const savedAt = this.clock.now();
    await this.transactions.run(async (manager) => {
      const ballot = await this.visible(ballotId, user, manager);
      if (ballot.status !== 'open') throw ballotErrors.closed();
      const updated = await manager.getRepository(BallotRecipientEntity).update({ ballotId, userId: user.id }, { draft: JSON.stringify(answers), draftSavedAt: savedAt });
      if (!updated.affected) throw ballotErrors.notRecipient();
    });
    return { answers, savedAt: savedAt.toISOString() };
  }

  async getDraft(ballotId: string, user: AuthenticatedUser): Promise<DraftAnswerResponse | null> {
    await this.visible(ballotId, user);
    const row = await this.dataSource.getRepository(BallotRecipientEntity).findOne({ where: { ballotId, userId: user.id } });
    if (!row) throw ballotErrors.notRecipient();
    return row.draft && row.draftSavedAt ? { answers: JSON.parse(row.draft) as OpinionInput[], savedAt: row.draftSavedAt.toISOString() } : null;
  }

  /**
   * Accepts a signed answer: the ballot must be open before its deadline, the document must be
   * the caller's next revision for this ballot version, complete, and signed by one of the
   * caller's live device keys. The previous revision stays, no longer current.
   */
  async answer(ballotId: string, request: SubmitAnswerRequest, user: AuthenticatedUser): Promise<AnswerReceipt> {
    const receivedAt = this.clock.now();
    const context = await this.answerStore.context(ballotId, user.id, request.keyId);
    if (!context || !this.canSee({ status: context.status, returnReason: context.returnReason }, user, context.isRecipient)) throw ballotErrors.notFound();
    if (!context.isRecipient) throw ballotErrors.notRecipient();
    if (context.status !== 'open' || (context.deadline && context.deadline <= receivedAt)) throw ballotErrors.closed();

    const document = request.document;
    this.checkDocument({ id: ballotId, version: context.version, questions: context.questions }, document, user, receivedAt);
    const key = context.key;
    if (!key || key.userId !== user.id) throw ballotErrors.keyUnknown();
    if (key.revoked) throw ballotErrors.keyRevoked();
    if (!key.certified) throw ballotErrors.keyNotCertified();
    const text = canonicalJson(document);
    if (!key.publicKey || !verifyP256(text, request.signature, key.publicKey)) throw ballotErrors.signatureInvalid('it does not match the document and your device key.');
    const approvedDeadline = await this.answerStore.approvalDeadline(ballotId, document.ballotHash, context.approvals);
    if (!approvedDeadline) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
    if (new Date(document.signedAt) > approvedDeadline) throw ballotErrors.closed();
    if (document.revision === 1 && document.previous !== null) throw ballotErrors.signatureInvalid('a first answer follows no earlier one.');

    const row: BallotAnswerEntity = {
      id: randomUUID(),
      ballotId,
      recipientId: user.id,
      revision: document.revision,
      document: text,
      documentHash: sha256Hex(text),
      signature: request.signature,
      keyId: request.keyId,
      signedAt: new Date(document.signedAt),
      receivedAt,
      isCurrent: true,
    };
    await this.answerStore.store({
      row,
      previous: document.previous,
      opinions: document.answers,
      clearDraft: context.hasDraft,
      audit: { action: 'ballot.answered', targetType: 'ballot', targetId: ballotId, details: { revision: row.revision, keyFingerprint: key.fingerprint, documentHash: row.documentHash } },
    });
    this.events.publish('ballot.progress', { ballotId });
    return toReceipt(row, key.fingerprint, document);
  }

  private checkDocument(ballot: Pick<BallotEntity, 'id' | 'version' | 'questions'>, document: SignedAnswerDocument, user: AuthenticatedUser, now: Date): void {
    if (document.type !== 'ecabinet.ballot-answer' || document.ballotId !== ballot.id) throw ballotErrors.signatureInvalid('the document is for another ballot.');
    if (document.ballotVersion !== ballot.version) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
    if (document.recipientId !== user.id) throw ballotErrors.signatureInvalid('the document names another recipient.');
    const signedAt = new Date(document.signedAt);
    if (Number.isNaN(signedAt.getTime()) || Math.abs(signedAt.getTime() - now.getTime()) > SIGNING_CLOCK_SKEW_MS) {
      throw ballotErrors.signatureInvalid("the signing time is too far from the server's clock; check the device's date and time.");
    }
    const asked = new Map(ballot.questions.map((q) => [q.id, q]));
    const answered = new Set(document.answers.map((a) => a.questionId));
    if (answered.size !== document.answers.length || answered.size !== asked.size || [...answered].some((id) => !asked.has(id))) throw ballotErrors.incomplete();
    for (const answer of document.answers) {
      if (answer.choice === 'other' && !answer.comment.trim()) throw ballotErrors.commentRequired(asked.get(answer.questionId)?.number ?? 0);
    }
  }

  async myReceipts(ballotId: string, user: AuthenticatedUser): Promise<AnswerReceipt[]> {
    await this.visible(ballotId, user);
    const rows = await this.dataSource.getRepository(BallotAnswerEntity).find({ where: { ballotId, recipientId: user.id }, order: { revision: 'DESC' } });
    const keys = await this.dataSource.getRepository(SigningKeyEntity).find({ where: { id: In([...new Set(rows.map((r) => r.keyId)), '00000000-0000-0000-0000-000000000000']) } });
    const fingerprint = new Map(keys.map((k) => [k.id, k.fingerprint]));
    return rows.map((row) => toReceipt(row, fingerprint.get(row.keyId) ?? ''));
  }

  // --- results -----------------------------------------------------------------------------------

  /**
   * The sealed result bundle; for the secretariat and the chair, and members when the ballot shows
   * its tally. It is sealed once, when the ballot closes, and kept: every download is the same
   * file (made now, once, if closing could not seal it).
   */
  async bundle(ballotId: string, user: AuthenticatedUser): Promise<{ text: string; sha256: string; ballot: BallotEntity }> {
    const ballot = await this.visible(ballotId, user);
    if (ballot.status !== 'closed') throw ballotErrors.invalidState(ballot.status, 'reported before it closes');
    const isRecipient = await this.dataSource.getRepository(BallotRecipientEntity).exists({ where: { ballotId, userId: user.id } });
    const view = this.view(ballot, user, isRecipient);
    if (!view.staff && ballot.tallyVisibility !== 'after_close') throw ballotErrors.notFound();
    const text = (await this.storedBundle(ballotId)) ?? (await this.sealAndKeep(ballot));
    return { text, sha256: (JSON.parse(text) as SealedBallotBundle).seal.sha256, ballot };
  }

  private async storedBundle(ballotId: string): Promise<string | null> {
    const row = await this.ballots.createQueryBuilder('b').select('b.sealedBundle', 'sealed').where('b.id = :ballotId', { ballotId }).getRawOne<{ sealed: string | null }>();
    return row?.sealed ?? null;
  }

  /** Seals the closed ballot's record and keeps it; when two seal at once, the first kept is the one. */
  private async sealAndKeep(ballot: BallotEntity): Promise<string> {
    const { text } = await this.sealBundle(ballot);
    await this.ballots.createQueryBuilder().update().set({ sealedBundle: text }).where('id = :id AND sealed_bundle IS NULL', { id: ballot.id }).execute();
    return (await this.storedBundle(ballot.id)) ?? text;
  }

  private async sealBundle(ballot: BallotEntity): Promise<{ text: string; sha256: string }> {
    const ballotId = ballot.id;
    const recipients = await this.dataSource.getRepository(BallotRecipientEntity).find({ where: { ballotId } });
    const users = await this.users(recipients.map((r) => r.userId), this.dataSource.manager);
    // Every revision, each recipient's in order: the verifier follows each chain to the one tallied.
    const answers = await this.dataSource.getRepository(BallotAnswerEntity).find({ where: { ballotId }, order: { recipientId: 'ASC', revision: 'ASC' } });
    const approvals = await this.approvals.list(this.dataSource.manager, ballotId);
    const keyIds = [...new Set([...answers.map((a) => a.keyId), ...approvals.map((a) => a.keyId)])];
    const keys = await this.dataSource.getRepository(SigningKeyEntity).find({ where: { id: In([...keyIds, '00000000-0000-0000-0000-000000000000']) } });
    const keyById = new Map(keys.map((k) => [k.id, k]));
    const signed = (record: { document: string; signature: string; keyId: string }) => {
      const key = keyById.get(record.keyId) as SigningKeyEntity;
      return { document: record.document, signature: record.signature, certificate: key.certificate ?? '', keyFingerprint: key.fingerprint };
    };
    const bundle: BallotBundle = {
      format: 'ecabinet.ballot-bundle/3',
      ballot: {
        id: ballot.id,
        version: ballot.version,
        title: ballot.title,
        summary: ballot.summary,
        questions: ballot.questions,
        deadline: ballot.deadline.toISOString(),
        silenceRule: ballot.silenceRule,
        issuedAt: ballot.issuedAt?.toISOString() ?? null,
        closedAt: ballot.closedAt?.toISOString() ?? null,
        chairId: ballot.chairId,
        papers: (await this.papers(ballot.id, this.dataSource.manager)).map((p) => ({ title: p.title, sha256: p.sha256, pageCount: p.pageCount })),
        approvals: approvals.map(signed),
      },
      recipients: recipients.map((r) => ({ userId: r.userId, fullName: users.get(r.userId)?.fullName ?? '' })).sort((a, b) => a.userId.localeCompare(b.userId)),
      answers: answers.map((a) => ({ recipientId: a.recipientId, ...signed(a) })).sort((a, b) => (a.recipientId < b.recipientId ? -1 : a.recipientId > b.recipientId ? 1 : 0)),
      certificates: [...new Set(keys.flatMap((k) => k.certificateChain ?? []))].sort(),
      crls: await this.sealer.revocationLists(keys),
      outcome: ballot.result ?? [],
    };
    return this.sealer.seal(bundle);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private async transition(
    ballotId: string,
    user: AuthenticatedUser,
    from: BallotEntity['status'][],
    to: BallotEntity['status'],
    verb: string,
    apply: (ballot: BallotEntity) => Omit<AuditRecord, 'targetType' | 'targetId'>,
  ): Promise<BallotResponse> {
    const chairStep = to === 'approved' || (from.includes('pending_approval') && to === 'draft');
    if (chairStep ? !user.roles.includes('chair') : !user.roles.includes('secretary')) throw ballotErrors.notFound();
    await this.mutate(
      ballotId,
      user,
      async (_manager, ballot) => {
        if (!from.includes(ballot.status)) throw ballotErrors.invalidState(ballot.status, verb);
        const record = apply(ballot);
        ballot.status = to;
        return record;
      },
      true,
    );
    const response = await this.get(ballotId, user);
    this.events.publish('ballot.changed', { ballotId, status: to, userIds: [] });
    return response;
  }

  /** Loads the ballot under a write lock, applies a change, bumps its version, audits. */
  private async mutate(
    ballotId: string,
    user: AuthenticatedUser,
    change: (manager: EntityManager, ballot: BallotEntity) => Promise<Omit<AuditRecord, 'targetType' | 'targetId'>>,
    roleChecked = false,
  ): Promise<BallotResponse> {
    await this.change(ballotId, user, change, roleChecked);
    return this.get(ballotId, user);
  }

  /** The secretariat's change of a ballot (or the chair's step): write-locked, versioned while prepared, audited. */
  async change(
    ballotId: string,
    user: AuthenticatedUser,
    change: (manager: EntityManager, ballot: BallotEntity) => Promise<Omit<AuditRecord, 'targetType' | 'targetId'>>,
    roleChecked = false,
  ): Promise<void> {
    if (!roleChecked) requireSecretariat(user);
    await this.transactions.run(async (manager) => {
      const ballot = await this.lock(manager, ballotId);
      if (!ballot || !this.canSee(ballot, user, false)) throw ballotErrors.notFound();
      // The version is what recipients sign: it moves while the ballot is prepared, never once issued.
      const wasIssued = ballot.status === 'open' || ballot.status === 'closed';
      const record = await change(manager, ballot);
      if (!wasIssued) ballot.version += 1;
      ballot.updatedAt = this.clock.now();
      await manager.getRepository(BallotEntity).save(ballot);
      await this.audit.record({ ...record, targetType: 'ballot', targetId: ballotId }, manager);
    });
  }

  /**
   * Loads the ballot for a change under its row lock (FOR UPDATE on PostgreSQL; SQLite runs one
   * transaction at a time). Answers take the same row FOR SHARE in the statement that stores
   * them, so closing waits for answers in flight, then sees them all, and answers after it see
   * the ballot closed.
   */
  private lock(manager: EntityManager, ballotId: string): Promise<BallotEntity | null> {
    const postgres = manager.connection.options.type === 'postgres';
    return manager.getRepository(BallotEntity).findOne({ where: { id: ballotId }, ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Who a ballot may go to: enabled members of the Government and the chair, by name. */
  async recipientChoices(manager: EntityManager = this.dataSource.manager): Promise<BallotRecipientChoice[]> {
    const users = await manager.getRepository(UserEntity).find({ where: { disabled: false } });
    return users
      .filter(isEligibleRecipient)
      .map((u) => ({ id: u.id, fullName: u.fullName, title: u.title }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  }

  /** The chosen recipients (by default every member); each must be an enabled member or the chair. */
  private async setRecipients(manager: EntityManager, ballotId: string, recipientIds: string[] | undefined): Promise<void> {
    let ids = recipientIds;
    if (!ids) {
      const members = await manager.getRepository(UserEntity).find({ where: { disabled: false } });
      ids = members.filter((u) => u.roles.includes('member')).map((u) => u.id);
    }
    const unique = [...new Set(ids)];
    const found = await this.users(unique, manager);
    const refused = unique.filter((id) => !isEligibleRecipient(found.get(id)));
    if (refused.length || unique.length === 0) throw ballotErrors.recipientsInvalid(refused);
    await manager.getRepository(BallotRecipientEntity).delete({ ballotId });
    if (unique.length) await manager.getRepository(BallotRecipientEntity).insert(unique.map((userId) => ({ ballotId, userId, draft: null, draftSavedAt: null })));
  }

  private validDeadline(text: string, now: Date): Date {
    const deadline = new Date(text);
    if (Number.isNaN(deadline.getTime())) throw ballotErrors.deadlineInvalid('The deadline is not a valid date and time.');
    if (deadline <= now) throw ballotErrors.deadlineInvalid('The deadline must be in the future.');
    return deadline;
  }
}

function isEligibleRecipient(user: UserEntity | undefined): boolean {
  return !!user && !user.disabled && (user.roles.includes('member') || user.roles.includes('chair'));
}

function isStaff(user: AuthenticatedUser): boolean {
  return user.roles.includes('secretary') || user.roles.includes('chair');
}

function requireSecretariat(user: AuthenticatedUser): void {
  if (!user.roles.includes('secretary')) throw ballotErrors.notFound();
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

function normaliseReminders(minutes: number[]): number[] {
  return [...new Set(minutes.filter((m) => Number.isInteger(m) && m > 0))].sort((a, b) => b - a);
}

/** `document` when the caller holds it already (the answer just signed); otherwise parsed from the stored text. */
function toReceipt(row: BallotAnswerEntity, fingerprint: string, document?: SignedAnswerDocument): AnswerReceipt {
  return {
    ballotId: row.ballotId,
    revision: row.revision,
    signedAt: row.signedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    keyFingerprint: fingerprint,
    documentHash: row.documentHash,
    document: document ?? (JSON.parse(row.document) as SignedAnswerDocument),
  };
}

