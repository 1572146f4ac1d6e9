import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BallotApprovalSummary, SignedApprovalRequest } from '@ecabinet/shared/contracts';
import { ballotContentHash, ballotContentInputOf } from '@ecabinet/shared/trust';
import { canonicalJson, type AuthenticatedUser } from '@ecabinet/api/platform';
import { parseP256PublicKey, sha256Hex, verifyP256 } from './answer-signature';
import { readDate } from '@ecabinet/api/database';
import { ballotErrors } from './ballot.errors';
import { BallotApprovalEntity, BallotEntity, BallotPaperEntity, BallotRecipientEntity, SigningKeyEntity } from './entities';

/** How far a device clock may be from the server's when it signs. */
export const SIGNING_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * The chair's signatures over a ballot: the approval (sequence 1) and each extension of the
 * deadline. What he signs names the hash of the ballot's content as the server holds it when he
 * signs (text, questions, rules, recipients, papers), so a later change to any of them no longer
 * matches what he approved, and the verifier says so.
 */
@Injectable()
export class BallotApprovals {
  /** SHA-256 of the ballot's content as stored now (read inside the caller's transaction). */
  async contentHash(manager: EntityManager, ballot: BallotEntity): Promise<string> {
    const recipients = await manager.getRepository(BallotRecipientEntity).find({ where: { ballotId: ballot.id } });
    const papers = await manager.getRepository(BallotPaperEntity).find({ where: { ballotId: ballot.id }, order: { position: 'ASC', uploadedAt: 'ASC' } });
    return ballotContentHash(ballotContentInputOf({ ...ballot, recipients, papers }));
  }

  list(manager: EntityManager, ballotId: string): Promise<BallotApprovalEntity[]> {
    return manager.getRepository(BallotApprovalEntity).find({ where: { ballotId }, order: { sequence: 'ASC' } });
  }

  /**
   * Checks a signed approval against the ballot as locked by the caller and stores it: the
   * chair's own live certified key, the signature over the canonical document, the content hash
   * recomputed now, the next sequence number and the deadline it sets.
   */
  async record(manager: EntityManager, ballot: BallotEntity, request: SignedApprovalRequest, user: AuthenticatedUser, now: Date): Promise<BallotApprovalEntity> {
    const document = request.document;
    const key = await manager.getRepository(SigningKeyEntity).findOne({ where: { id: request.keyId } });
    if (!key || key.userId !== user.id) throw ballotErrors.keyUnknown();
    if (key.revokedAt) throw ballotErrors.keyRevoked();
    if (!key.certifiedAt) throw ballotErrors.keyNotCertified();
    const text = canonicalJson(document);
    const publicKey = parseP256PublicKey(key.publicKey);
    if (!publicKey || !verifyP256(text, request.signature, publicKey)) throw ballotErrors.signatureInvalid('it does not match the approval and your device key.');
    if (document.ballotId !== ballot.id || document.chairId !== user.id) throw ballotErrors.signatureInvalid('the approval names another ballot or another chair.');
    const signedAt = new Date(document.signedAt);
    if (Math.abs(signedAt.getTime() - now.getTime()) > SIGNING_CLOCK_SKEW_MS) {
      throw ballotErrors.signatureInvalid("the signing time is too far from the server's clock; check the device's date and time.");
    }
    if (document.contentHash !== (await this.contentHash(manager, ballot))) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
    const previous = await this.list(manager, ballot.id);
    if (document.sequence !== previous.length + 1) throw ballotErrors.signatureInvalid('the ballot changed since you opened it; reload it and sign again.');
    const row: BallotApprovalEntity = {
      ballotId: ballot.id,
      sequence: document.sequence,
      document: text,
      documentHash: sha256Hex(text),
      signature: request.signature,
      keyId: key.id,
      signedAt,
      deadline: new Date(document.deadline),
    };
    await manager.getRepository(BallotApprovalEntity).insert(row);
    return row;
  }

  async summaries(manager: EntityManager, ballotIds: readonly string[]): Promise<Map<string, BallotApprovalSummary[]>> {
    const result = new Map<string, BallotApprovalSummary[]>();
    if (!ballotIds.length) return result;
    const rows = (await manager
      .getRepository(BallotApprovalEntity)
      .createQueryBuilder('a')
      .innerJoin(SigningKeyEntity, 'k', 'k.id = a.key_id')
      .select(['a.ballot_id AS ballot_id', 'a.sequence AS sequence', 'a.deadline AS deadline', 'a.signed_at AS signed_at', 'a.document_hash AS hash', 'k.fingerprint AS fingerprint'])
      .where('a.ballot_id IN (:...ids)', { ids: [...new Set(ballotIds)] })
      .orderBy('a.sequence', 'ASC')
      .getRawMany()) as { ballot_id: string; sequence: number | string; deadline: Date | string; signed_at: Date | string; hash: string; fingerprint: string }[];
    for (const row of rows) {
      const list = result.get(row.ballot_id) ?? [];
      list.push({ sequence: Number(row.sequence), deadline: readDate(row.deadline).toISOString(), signedAt: readDate(row.signed_at).toISOString(), hash: row.hash, keyFingerprint: row.fingerprint });
      result.set(row.ballot_id, list);
    }
    return result;
  }
}
