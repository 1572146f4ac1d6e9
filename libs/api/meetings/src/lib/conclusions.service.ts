import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ConclusionVersionResponse, DraftConclusionRequest } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import type { UserEntity } from '@ecabinet/api/identity';
import { AgendaItemEntity, ItemConclusionEntity, type MeetingEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { MeetingStore, type ChangeContext } from './meeting-store';

/** Conclusions are written while the session runs and after it (the minutes need them), never before. */
const WRITABLE = new Set(['in_session', 'adjourned', 'closed']);

/**
 * Records one more version of an item's conclusion inside the caller's unit of work. The chair's
 * own words are approved as he writes them; anyone else's wait for him. The item keeps the
 * latest approved text (what everyone sees) and whether a newer draft waits.
 */
export async function recordConclusion(
  manager: EntityManager,
  item: AgendaItemEntity,
  text: string,
  by: { userId: string; isChair: boolean; at: Date },
): Promise<ItemConclusionEntity> {
  const latest = await latestVersion(manager, item.id);
  const row: ItemConclusionEntity = {
    id: randomUUID(),
    meetingId: item.meetingId,
    itemId: item.id,
    version: latest + 1,
    text: text.trim(),
    draftedBy: by.userId,
    draftedAt: by.at,
    approvedBy: by.isChair ? by.userId : null,
    approvedAt: by.isChair ? by.at : null,
  };
  await manager.getRepository(ItemConclusionEntity).insert(row);
  if (by.isChair) item.conclusion = row.text;
  item.conclusionPending = !by.isChair;
  item.version += 1;
  await manager.getRepository(AgendaItemEntity).update({ id: item.id }, { conclusion: item.conclusion, conclusionPending: item.conclusionPending, version: item.version });
  return row;
}

async function latestVersion(manager: EntityManager, itemId: string): Promise<number> {
  const raw = await manager.getRepository(ItemConclusionEntity).createQueryBuilder('c').select('MAX(c.version)', 'latest').where('c.item_id = :itemId', { itemId }).getRawOne<{ latest: number | string | null }>();
  return Number(raw?.latest ?? 0);
}

/** Each version with its state: the latest approved is `approved`, a draft after it that is the newest is `draft`, the rest `superseded`. */
export function toConclusionResponses(rows: readonly ItemConclusionEntity[], users: ReadonlyMap<string, UserEntity>): ConclusionVersionResponse[] {
  const byItem = new Map<string, ItemConclusionEntity[]>();
  for (const row of rows) {
    const versions = byItem.get(row.itemId);
    if (versions) versions.push(row);
    else byItem.set(row.itemId, [row]);
  }
  const person = (id: string | null) => (id ? { id, fullName: users.get(id)?.fullName ?? '' } : null);
  return [...byItem.values()].flatMap((versions) => {
    versions.sort((a, b) => a.version - b.version);
    const newest = versions[versions.length - 1]?.version ?? 0;
    const approved = Math.max(0, ...versions.filter((row) => row.approvedAt).map((row) => row.version));
    return versions.map((row) => ({
      itemId: row.itemId,
      version: row.version,
      text: row.text,
      draftedBy: person(row.draftedBy) ?? { id: '', fullName: '' },
      draftedAt: row.draftedAt.toISOString(),
      status: row.version === approved ? ('approved' as const) : row.version === newest && row.version > approved ? ('draft' as const) : ('superseded' as const),
      approvedBy: person(row.approvedBy),
      approvedAt: row.approvedAt?.toISOString() ?? null,
    }));
  });
}

/**
 * The conclusion of each item as a versioned text: the secretariat drafts it during or after the
 * item, the meeting's chair approves it, and only then do members see it (live, with the agenda).
 * The texts of drafts are for the chair and the secretariat only.
 */
@Injectable()
export class ConclusionsService {
  constructor(private readonly store: MeetingStore) {}

  /** Every version of every item's conclusion, oldest first per item: the chair and the secretariat only. */
  async list(meetingId: string, user: AuthenticatedUser): Promise<ConclusionVersionResponse[]> {
    const access = await this.store.access(meetingId, user);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
    const rows = await this.store.manager.getRepository(ItemConclusionEntity).find({ where: { meetingId } });
    const users = await this.store.users(rows.flatMap((row) => [row.draftedBy, row.approvedBy].filter((id): id is string => !!id)));
    return toConclusionResponses(rows, users);
  }

  /** A new version, on top of the one the writer saw (`basedOnVersion`); a newer one in between is a 409 with the versions. */
  draft(meetingId: string, itemId: string, request: DraftConclusionRequest, user: AuthenticatedUser): Promise<ConclusionVersionResponse> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting, isChair } = await this.writable(context, user);
      const item = await this.store.item(meetingId, itemId, manager);
      if (item.status === 'withdrawn') throw meetingErrors.itemNotOpen(item.status);
      const latest = await latestVersion(manager, itemId);
      if (request.basedOnVersion !== latest) throw meetingErrors.staleVersion(`the conclusion of "${item.title}"`, { versions: await this.versionsOf(manager, itemId) });
      const row = await recordConclusion(manager, item, request.text, { userId: user.id, isChair, at: this.store.now() });
      return {
        result: await this.responseOf(manager, row),
        event: { kind: 'agenda', data: await this.store.agendaData(meeting, manager) },
        audit: { action: isChair ? 'agenda.conclusion.approved' : 'agenda.conclusion.drafted', details: { itemId, version: row.version, text: row.text } },
      };
    });
  }

  /** The chair approves the newest version: it becomes the item's conclusion, shown to everyone at once. */
  approve(meetingId: string, itemId: string, version: number, user: AuthenticatedUser): Promise<ConclusionVersionResponse> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting, isChair } = await this.writable(context, user);
      if (!isChair) throw meetingErrors.notTheChair();
      const item = await this.store.item(meetingId, itemId, manager);
      const repository = manager.getRepository(ItemConclusionEntity);
      const latest = await latestVersion(manager, itemId);
      const row = await repository.findOne({ where: { itemId, version } });
      if (!row || version !== latest || row.approvedAt) throw meetingErrors.conclusionNotApprovable(latest);
      row.approvedBy = user.id;
      row.approvedAt = this.store.now();
      await repository.update({ id: row.id }, { approvedBy: row.approvedBy, approvedAt: row.approvedAt });
      await manager.getRepository(AgendaItemEntity).update({ id: item.id }, { conclusion: row.text, conclusionPending: false, version: item.version + 1 });
      return {
        result: await this.responseOf(manager, row),
        event: { kind: 'agenda', data: await this.store.agendaData(meeting, manager) },
        audit: { action: 'agenda.conclusion.approved', details: { itemId, version, text: row.text } },
      };
    });
  }

  private async writable(context: ChangeContext, user: AuthenticatedUser): Promise<{ manager: EntityManager; meeting: MeetingEntity; isChair: boolean }> {
    const access = await this.store.accessTo(context.meeting, user, context.manager);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
    if (!WRITABLE.has(context.meeting.status)) throw meetingErrors.notInSession();
    if (context.meeting.minutesApprovedAt) throw meetingErrors.minutesFrozen();
    return { manager: context.manager, meeting: context.meeting, isChair: access.role === 'chair' };
  }

  private async versionsOf(manager: EntityManager, itemId: string): Promise<ConclusionVersionResponse[]> {
    const rows = await manager.getRepository(ItemConclusionEntity).find({ where: { itemId } });
    const users = await this.store.users(rows.flatMap((row) => [row.draftedBy, row.approvedBy].filter((id): id is string => !!id)), manager);
    return toConclusionResponses(rows, users);
  }

  private async responseOf(manager: EntityManager, row: ItemConclusionEntity): Promise<ConclusionVersionResponse> {
    return (await this.versionsOf(manager, row.itemId)).find((version) => version.version === row.version) as ConclusionVersionResponse;
  }
}
