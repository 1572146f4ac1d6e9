import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { ApprovalQueueResponse } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { BallotEntity } from '@ecabinet/api/ballots';
import { UserEntity } from '@ecabinet/api/identity';
import { AgendaItemEntity, ItemConclusionEntity, MeetingEntity, ParticipantEntity } from '@ecabinet/api/meetings';
import { MinutesEntity, ResolutionEntity } from './entities';

/**
 * The chair's approval queue, in one place: conclusions drafted for him, the minutes of his
 * closed sessions not yet approved, resolution drafts to issue, and opinion ballots sent to him
 * for approval. Only what is his: the meetings he chairs, the ballots that name him.
 */
@Injectable()
export class ApprovalsService {
  constructor(private readonly dataSource: DataSource) {}

  async queue(user: AuthenticatedUser): Promise<ApprovalQueueResponse> {
    const chaired = (await this.dataSource.getRepository(ParticipantEntity).find({ where: { userId: user.id, role: 'chair' }, select: { meetingId: true } })).map((p) => p.meetingId);
    const meetings = chaired.length ? await this.dataSource.getRepository(MeetingEntity).find({ where: { id: In(chaired) }, select: { id: true, title: true, status: true, minutesApprovedAt: true } }) : [];
    const titles = new Map(meetings.map((meeting) => [meeting.id, meeting.title]));

    const items = chaired.length ? await this.dataSource.getRepository(AgendaItemEntity).find({ where: { meetingId: In(chaired), conclusionPending: true } }) : [];
    const drafts = items.length ? await this.dataSource.getRepository(ItemConclusionEntity).find({ where: { itemId: In(items.map((item) => item.id)), approvedAt: IsNull() } }) : [];
    const newest = new Map<string, ItemConclusionEntity>();
    for (const draft of drafts) if ((newest.get(draft.itemId)?.version ?? 0) < draft.version) newest.set(draft.itemId, draft);
    const people = await this.names([...newest.values()].map((draft) => draft.draftedBy));
    const conclusions = items
      .filter((item) => newest.has(item.id))
      .map((item) => {
        const draft = newest.get(item.id) as ItemConclusionEntity;
        return {
          meetingId: item.meetingId,
          meetingTitle: titles.get(item.meetingId) ?? '',
          itemId: item.id,
          itemTitle: item.title,
          version: draft.version,
          text: draft.text,
          draftedBy: draft.draftedBy ? { id: draft.draftedBy, fullName: people.get(draft.draftedBy) ?? '' } : null,
          draftedAt: draft.draftedAt.toISOString(),
        };
      })
      .sort((a, b) => a.draftedAt.localeCompare(b.draftedAt));

    const closed = meetings.filter((meeting) => meeting.status === 'closed' && !meeting.minutesApprovedAt).map((meeting) => meeting.id);
    const minutesRows = closed.length ? await this.dataSource.getRepository(MinutesEntity).find({ where: { meetingId: In(closed) } }) : [];
    const minutesOf = new Map(minutesRows.map((row) => [row.meetingId, row]));
    const minutes = closed.map((meetingId) => ({
      meetingId,
      meetingTitle: titles.get(meetingId) ?? '',
      version: minutesOf.get(meetingId)?.version ?? 0,
      updatedAt: minutesOf.get(meetingId)?.updatedAt.toISOString() ?? null,
    }));

    // Drafts of the sessions he chaired, and of the ballots he approved.
    const approved = (await this.dataSource.getRepository(BallotEntity).find({ where: { chairId: user.id, status: 'closed' }, select: { id: true } })).map((ballot) => ballot.id);
    const sources = [...(chaired.length ? [{ meetingId: In(chaired), status: 'draft' as const }] : []), ...(approved.length ? [{ ballotId: In(approved), status: 'draft' as const }] : [])];
    const resolutions = sources.length
      ? (await this.dataSource.getRepository(ResolutionEntity).find({ where: sources, order: { updatedAt: 'ASC' } })).map((row) => ({
          id: row.id,
          meetingId: row.meetingId,
          ballotId: row.ballotId,
          title: row.title,
          version: row.version,
          updatedAt: row.updatedAt.toISOString(),
        }))
      : [];

    const ballots = (await this.dataSource.getRepository(BallotEntity).find({ where: { status: 'pending_approval', chairId: user.id }, order: { deadline: 'ASC' } })).map((ballot) => ({
      id: ballot.id,
      title: ballot.title,
      deadline: ballot.deadline.toISOString(),
    }));

    return { conclusions, minutes, resolutions, ballots, total: conclusions.length + minutes.length + resolutions.length + ballots.length };
  }

  private async names(userIds: readonly (string | null)[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds.filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    return new Map((await this.dataSource.getRepository(UserEntity).find({ where: { id: In(ids) }, select: { id: true, fullName: true } })).map((u) => [u.id, u.fullName]));
  }
}
