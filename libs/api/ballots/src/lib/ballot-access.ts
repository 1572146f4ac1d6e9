import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { UserEntity } from '@ecabinet/api/identity';
import { ballotErrors } from './ballot.errors';
import { BallotEntity, BallotPaperEntity, BallotRecipientEntity } from './entities';

/** Who may see a ballot: one rule for reading, changing, answering and reporting. */
@Injectable()
export class BallotAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** The ballot if the caller may see it; otherwise the same 404 as for a ballot that does not exist. */
  async visible(ballotId: string, user: AuthenticatedUser, manager: EntityManager = this.dataSource.manager): Promise<BallotEntity> {
    const ballot = await manager.getRepository(BallotEntity).findOne({ where: { id: ballotId } });
    if (!ballot) throw ballotErrors.notFound();
    const recipient = await manager.getRepository(BallotRecipientEntity).exists({ where: { ballotId, userId: user.id } });
    if (!canSeeBallot(ballot, user, recipient)) throw ballotErrors.notFound();
    return ballot;
  }
}

/** The secretariat sees everything; the chair all but fresh drafts (returned ones too); recipients once issued. */
export function canSeeBallot(ballot: Pick<BallotEntity, 'status' | 'returnReason'>, user: AuthenticatedUser, recipient: boolean): boolean {
  if (user.roles.includes('secretary')) return true;
  if (user.roles.includes('chair') && (ballot.status !== 'draft' || ballot.returnReason !== null)) return true;
  return recipient && (ballot.status === 'open' || ballot.status === 'closed');
}

/** The secretariat and the chair see a ballot's progress and tally while it runs. */
export function isBallotStaff(user: AuthenticatedUser): boolean {
  return user.roles.includes('secretary') || user.roles.includes('chair');
}

export function requireSecretariat(user: AuthenticatedUser): void {
  if (!user.roles.includes('secretary')) throw ballotErrors.notFound();
}

export function ballotPapers(manager: EntityManager, ballotId: string): Promise<BallotPaperEntity[]> {
  return manager.getRepository(BallotPaperEntity).find({ where: { ballotId }, order: { position: 'ASC', uploadedAt: 'ASC' } });
}

export async function usersById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, UserEntity>> {
  if (!ids.length) return new Map();
  const rows = await manager.getRepository(UserEntity).find({ where: { id: In([...new Set(ids)]) } });
  return new Map(rows.map((u) => [u.id, u]));
}

/** A ballot may go to enabled members of the Government and the chair. */
export function isEligibleRecipient(user: UserEntity | undefined): boolean {
  return !!user && !user.disabled && (user.roles.includes('member') || user.roles.includes('chair'));
}
