import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { MeetingStore, type MeetingAccess } from '@ecabinet/api/meetings';
import { PaperEntity, PaperReaderEntity } from './entities';
import { paperErrors } from './papers.errors';

/** What decides, for one caller and one meeting, which papers they may read. */
export interface ReaderContext {
  user: AuthenticatedUser;
  meeting: MeetingAccess;
  /** The secretariat reads every paper and every version. */
  secretariat: boolean;
  /** Agenda items the caller is excluded from (conflict of interest), himself or as a deputy of one excluded. */
  excludedItems: ReadonlySet<string>;
  /** Papers of this meeting that name the caller as a reader. */
  namedIn: ReadonlySet<string>;
}

/**
 * The one access check every read of a paper goes through (list, details, view, download, the
 * meeting book). Meeting level first (participants only; drafts hidden; from MeetingStore), then
 * the paper's rules: excluded from its item -> no; normal -> every participant; restricted and
 * confidential -> named readers only. The secretariat reads everything.
 */
@Injectable()
export class PaperAccess {
  constructor(private readonly meetings: MeetingStore) {}

  async context(meetingId: string, user: AuthenticatedUser, manager: EntityManager = this.meetings.manager): Promise<ReaderContext> {
    const meeting = await this.meetings.access(meetingId, user, manager);
    const secretariat = user.roles.includes('secretary');
    if (secretariat) return { user, meeting, secretariat, excludedItems: new Set(), namedIn: new Set() };
    // A deputy is kept from what the member he stands in for is kept from (MeetingStore: the one rule).
    const [excludedItems, named] = await Promise.all([
      this.meetings.excludedItemsOf(meetingId, meeting.participant ?? { userId: user.id, delegateForUserId: null }, manager),
      manager
        .getRepository(PaperReaderEntity)
        .createQueryBuilder('reader')
        .innerJoin(PaperEntity, 'paper', 'paper.id = reader.paperId')
        .where('reader.userId = :userId', { userId: user.id })
        .andWhere('paper.meetingId = :meetingId', { meetingId })
        .getMany(),
    ]);
    return {
      user,
      meeting,
      secretariat,
      excludedItems,
      namedIn: new Set(named.map((r) => r.paperId)),
    };
  }

  /** A paper of the meeting the caller may read, or the same refusal as for viewing it. */
  async readable(meetingId: string, paperId: string, user: AuthenticatedUser, manager: EntityManager = this.meetings.manager): Promise<{ context: ReaderContext; paper: PaperEntity }> {
    const context = await this.context(meetingId, user, manager);
    const paper = await manager.getRepository(PaperEntity).findOne({ where: { id: paperId, meetingId } });
    if (!paper) throw paperErrors.paperNotFound();
    this.assertCanRead(context, paper);
    return { context, paper };
  }

  canRead(context: ReaderContext, paper: PaperEntity): boolean {
    if (paper.meetingId !== context.meeting.meeting.id) return false;
    if (context.secretariat) return true;
    if (context.excludedItems.has(paper.itemId)) return false;
    switch (paper.classification) {
      case 'normal':
        return true;
      case 'restricted':
      case 'confidential':
        return context.namedIn.has(paper.id);
    }
  }

  assertCanRead(context: ReaderContext, paper: PaperEntity): void {
    if (!this.canRead(context, paper)) throw paperErrors.notReader();
  }

  /** Confidential papers are read in the app only. */
  canDownload(paper: PaperEntity): boolean {
    return paper.classification !== 'confidential';
  }
}
