import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import { tallyBallot, type BallotBundle, type OpinionChoice, type QuestionTally, type SealedBallotBundle } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { BallotAccess, ballotPapers, isBallotStaff, usersById } from './ballot-access';
import { BallotApprovals } from './ballot-approvals';
import { ballotErrors } from './ballot.errors';
import { BundleSealer } from './bundle-sealer';
import { BallotAnswerEntity, BallotEntity, BallotOpinionEntity, BallotRecipientEntity, SigningKeyEntity } from './entities';

/** A ballot's results: the tally under its rules, and the sealed record anyone can verify. */
@Injectable()
export class BallotResults {
  private readonly ballots: Repository<BallotEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BallotAccess,
    private readonly approvals: BallotApprovals,
    private readonly sealer: BundleSealer,
  ) {
    this.ballots = dataSource.getRepository(BallotEntity);
  }

  /** The tally of every recipient's current answer under the ballot's silence rule. */
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

  /**
   * The sealed result bundle; for the secretariat and the chair, and members when the ballot shows
   * its tally. It is sealed once, when the ballot closes, and kept: every download is the same
   * file (made now, once, if closing could not seal it).
   */
  async bundle(ballotId: string, user: AuthenticatedUser): Promise<{ text: string; sha256: string; ballot: BallotEntity }> {
    const ballot = await this.access.visible(ballotId, user);
    if (ballot.status !== 'closed') throw ballotErrors.invalidState(ballot.status, 'reported before it closes');
    if (!isBallotStaff(user) && ballot.tallyVisibility !== 'after_close') throw ballotErrors.notFound();
    const text = (await this.storedBundle(ballotId)) ?? (await this.sealAndKeep(ballot));
    return { text, sha256: (JSON.parse(text) as SealedBallotBundle).seal.sha256, ballot };
  }

  private async storedBundle(ballotId: string): Promise<string | null> {
    const row = await this.ballots.createQueryBuilder('b').select('b.sealedBundle', 'sealed').where('b.id = :ballotId', { ballotId }).getRawOne<{ sealed: string | null }>();
    return row?.sealed ?? null;
  }

  /** Seals the closed ballot's record and keeps it; when two seal at once, the first kept is the one. */
  async sealAndKeep(ballot: BallotEntity): Promise<string> {
    const { text } = await this.sealBundle(ballot);
    await this.ballots.createQueryBuilder().update().set({ sealedBundle: text }).where('id = :id AND sealed_bundle IS NULL', { id: ballot.id }).execute();
    return (await this.storedBundle(ballot.id)) ?? text;
  }

  private async sealBundle(ballot: BallotEntity): Promise<{ text: string; sha256: string }> {
    const ballotId = ballot.id;
    const manager = this.dataSource.manager;
    const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId } });
    const users = await usersById(manager, recipients.map((r) => r.userId));
    // Every revision, each recipient's in order: the verifier follows each chain to the one tallied.
    const answers = await manager.getRepository(BallotAnswerEntity).find({ where: { ballotId }, order: { recipientId: 'ASC', revision: 'ASC' } });
    const approvals = await this.approvals.list(manager, ballotId);
    const keyIds = [...new Set([...answers.map((a) => a.keyId), ...approvals.map((a) => a.keyId)])];
    const keys = keyIds.length ? await manager.getRepository(SigningKeyEntity).find({ where: { id: In(keyIds) } }) : [];
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
        papers: (await ballotPapers(manager, ballot.id)).map((p) => ({ title: p.title, sha256: p.sha256, pageCount: p.pageCount })),
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
}
