import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { AnswerReceipt, DraftAnswerResponse, OpinionInput, SignedAnswerDocument, SubmitAnswerRequest } from '@ecabinet/shared/contracts';
import { canonicalJson, Clock, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { sha256Hex, verifyP256 } from './answer-signature';
import { AnswerStore, type AnswerContext } from './answer-store';
import { BallotAccess, canSeeBallot } from './ballot-access';
import { SIGNING_CLOCK_SKEW_MS } from './ballot-approvals';
import { ballotErrors } from './ballot.errors';
import { BallotAnswerEntity, BallotRecipientEntity, SigningKeyEntity } from './entities';

/** A recipient's side of a ballot: his draft, his signed answers and their receipts. */
@Injectable()
export class BallotAnswers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly access: BallotAccess,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly answerStore: AnswerStore,
  ) {}

  async saveDraft(ballotId: string, answers: OpinionInput[], user: AuthenticatedUser): Promise<DraftAnswerResponse> {
    const savedAt = this.clock.now();
    await this.transactions.run(async (manager) => {
      const ballot = await this.access.visible(ballotId, user, manager);
      if (ballot.status !== 'open') throw ballotErrors.closed();
      const updated = await manager.getRepository(BallotRecipientEntity).update({ ballotId, userId: user.id }, { draft: JSON.stringify(answers), draftSavedAt: savedAt });
      if (!updated.affected) throw ballotErrors.notRecipient();
    });
    return { answers, savedAt: savedAt.toISOString() };
  }

  async getDraft(ballotId: string, user: AuthenticatedUser): Promise<DraftAnswerResponse | null> {
    await this.access.visible(ballotId, user);
    const row = await this.dataSource.getRepository(BallotRecipientEntity).findOne({ where: { ballotId, userId: user.id } });
    if (!row) throw ballotErrors.notRecipient();
    return row.draft && row.draftSavedAt ? { answers: JSON.parse(row.draft) as OpinionInput[], savedAt: row.draftSavedAt.toISOString() } : null;
  }

  /**
   * Accepts a signed answer, first or revision alike: the ballot must be open before its
   * deadline, the document the caller's next revision for this ballot version under one of the
   * chair's approvals, complete, and signed by one of the caller's live, certified device keys.
   * The previous revision stays, no longer current. The checks that depend on this moment (open,
   * before the deadline, key not revoked, next revision) are made again by the storing statement.
   */
  /**
   * A signed answer already stored (the same document and signature) is refused as a replay
   * (409 SIGNATURE_REPLAYED) that says so: `alreadyStored` and its receipt, so that a device
   * sending its queue again knows the answer is in.
   */
  private async assertNotStored(ballotId: string, userId: string, request: SubmitAnswerRequest, fingerprint: string): Promise<void> {
    const repository = this.dataSource.getRepository(BallotAnswerEntity);
    const stored = await repository.findOne({ where: { ballotId, recipientId: userId, documentHash: sha256Hex(canonicalJson(request.document)) } });
    if (!stored || stored.signature !== request.signature) return;
    const latest = await repository.findOne({ where: { ballotId, recipientId: userId }, order: { revision: 'DESC' } });
    throw ballotErrors.replayed((latest?.revision ?? stored.revision) + 1, toReceipt(stored, fingerprint, JSON.parse(stored.document) as SignedAnswerDocument));
  }

  async answer(ballotId: string, request: SubmitAnswerRequest, user: AuthenticatedUser): Promise<AnswerReceipt> {
    const receivedAt = this.clock.now();
    const context = await this.answerStore.context(ballotId, user.id, request.keyId);
    if (!context || !canSeeBallot({ status: context.status, returnReason: context.returnReason }, user, context.isRecipient)) throw ballotErrors.notFound();
    if (!context.isRecipient) throw ballotErrors.notRecipient();
    if (context.status !== 'open' || (context.deadline && context.deadline <= receivedAt)) {
      // Sent again after the close (queued offline, its first delivery's answer lost): said so, with its receipt.
      await this.assertNotStored(ballotId, user.id, request, context.key?.fingerprint ?? '');
      throw ballotErrors.closed();
    }

    const document = request.document;
    checkDocument(ballotId, context, document, user, receivedAt);
    const key = context.key;
    if (!key || key.userId !== user.id) throw ballotErrors.keyUnknown();
    if (key.revoked) throw ballotErrors.keyRevoked();
    if (!key.certified) throw ballotErrors.keyNotCertified();
    const text = canonicalJson(document);
    if (!key.publicKey || !verifyP256(text, request.signature, key.publicKey)) throw ballotErrors.signatureInvalid('it does not match the document and your device key.');
    const approvedDeadline = await this.answerStore.approvalDeadline(ballotId, document.ballotHash, context.approvals);
    if (!approvedDeadline) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
    if (new Date(document.signedAt) > approvedDeadline) throw ballotErrors.closed();

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
    try {
      await this.answerStore.store({
        row,
        previous: document.previous,
        opinions: document.answers,
        clearDraft: context.hasDraft,
        audit: { action: 'ballot.answered', targetType: 'ballot', targetId: ballotId, details: { revision: row.revision, keyFingerprint: key.fingerprint, documentHash: row.documentHash } },
      });
    } catch (error) {
      // Only a refused answer is looked up (never the hot path): the same answer sent again, or twice at once.
      await this.assertNotStored(ballotId, user.id, request, key.fingerprint);
      throw error;
    }
    this.events.publish('ballot.progress', { ballotId });
    return toReceipt(row, key.fingerprint, document);
  }

  async myReceipts(ballotId: string, user: AuthenticatedUser): Promise<AnswerReceipt[]> {
    await this.access.visible(ballotId, user);
    const rows = await this.dataSource.getRepository(BallotAnswerEntity).find({ where: { ballotId, recipientId: user.id }, order: { revision: 'DESC' } });
    const keyIds = [...new Set(rows.map((r) => r.keyId))];
    const keys = keyIds.length ? await this.dataSource.getRepository(SigningKeyEntity).find({ where: { id: In(keyIds) } }) : [];
    const fingerprint = new Map(keys.map((k) => [k.id, k.fingerprint]));
    return rows.map((row) => toReceipt(row, fingerprint.get(row.keyId) ?? ''));
  }
}

/**
 * How long before it reaches the server an answer may have been signed: one signed offline (on
 * a plane) is sent when the network returns. It still counts only if the server receives it
 * before the deadline; the time it names is the device's word, the time received the server's.
 */
export const OFFLINE_ANSWER_MAX_AGE_MS = 7 * 24 * 3_600_000;

/** What the document itself must say: this ballot and version, this recipient, a plausible time, every question once. */
function checkDocument(ballotId: string, context: Pick<AnswerContext, 'version' | 'questions'>, document: SignedAnswerDocument, user: AuthenticatedUser, now: Date): void {
  if (document.type !== 'ecabinet.ballot-answer' || document.ballotId !== ballotId) throw ballotErrors.signatureInvalid('the document is for another ballot.');
  if (document.ballotVersion !== context.version) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
  if (document.recipientId !== user.id) throw ballotErrors.signatureInvalid('the document names another recipient.');
  if (document.revision === 1 && document.previous !== null) throw ballotErrors.signatureInvalid('a first answer follows no earlier one.');
  const signedAt = new Date(document.signedAt);
  // Not ahead of the server's clock; behind it by as long as a device may keep an answer signed offline.
  const ahead = signedAt.getTime() - now.getTime();
  if (Number.isNaN(signedAt.getTime()) || ahead > SIGNING_CLOCK_SKEW_MS || -ahead > OFFLINE_ANSWER_MAX_AGE_MS) {
    throw ballotErrors.signatureInvalid("the signing time is too far from the server's clock; check the device's date and time.");
  }
  const asked = new Map(context.questions.map((q) => [q.id, q]));
  const answered = new Set(document.answers.map((a) => a.questionId));
  if (answered.size !== document.answers.length || answered.size !== asked.size || [...answered].some((id) => !asked.has(id))) throw ballotErrors.incomplete();
  for (const answer of document.answers) {
    if (answer.choice === 'other' && !answer.comment.trim()) throw ballotErrors.commentRequired(asked.get(answer.questionId)?.number ?? 0);
  }
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
