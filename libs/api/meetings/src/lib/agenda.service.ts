import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type {
  AgendaConflictDetails,
  AgendaItemResponse,
  AgendaItemStatus,
  CreateAgendaItemRequest,
  MoveAgendaItemRequest,
  SetAgendaItemStatusRequest,
  MeetingEventData,
  UpdateAgendaItemRequest,
} from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { AgendaItemEntity, MeetingEntity, PositionEntity, SpeakerEntity, type ParticipantEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { isVotingMember, toAgendaResponses } from './meeting.mappers';
import { MeetingStore, type ChangeContext, type MeetingEventPayload } from './meeting-store';
import { recordConclusion } from './conclusions.service';

/** Who had the floor on an item left behind (a speaker row's id) and the item's list of speakers now. */
interface EndedSpeaker {
  readonly speakerId: string;
  readonly speakers: MeetingEventData['speakers'];
}

/**
 * The agenda tree. Structural edits (add, move) carry the agenda version the editor saw; edits
 * of one item carry that item's version. A stale write gets 409 STALE_VERSION with the current
 * agenda, so two secretaries never silently overwrite each other.
 */
@Injectable()
export class AgendaService {
  constructor(private readonly store: MeetingStore) {}

  async list(meetingId: string, user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    await this.store.access(meetingId, user);
    return toAgendaResponses(await this.store.items(meetingId));
  }

  add(meetingId: string, request: CreateAgendaItemRequest, user: AuthenticatedUser): Promise<AgendaItemResponse> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting } = await this.editable(context, user);
      await this.assertAgendaVersion(manager, meeting, request.agendaVersion);
      const parentId = request.parentId ?? null;
      const items = await this.store.items(meetingId, manager);
      if (parentId) this.assertParent(items, parentId, null);
      const item = manager.getRepository(AgendaItemEntity).create({
        id: randomUUID(),
        meetingId,
        parentId,
        position: items.filter((i) => i.parentId === parentId).length,
        title: request.title.trim(),
        summary: request.summary?.trim() || null,
        presenter: request.presenter?.trim() || null,
        plannedMinutes: request.plannedMinutes ?? null,
        status: 'pending',
        conclusion: null,
        conclusionPending: false,
        adoptedWithoutDebate: false,
        voteResult: null,
        startedAt: null,
        spentSeconds: 0,
        version: 1,
      });
      await manager.getRepository(AgendaItemEntity).insert(item);
      const data = await this.bumpAgenda(manager, meeting);
      return {
        result: data.items.find((i) => i.id === item.id) as AgendaItemResponse,
        event: { kind: 'agenda', data },
        audit: { action: 'agenda.item.created', details: { itemId: item.id, title: item.title, parentId } },
      };
    });
  }

  update(meetingId: string, itemId: string, request: UpdateAgendaItemRequest, user: AuthenticatedUser): Promise<AgendaItemResponse> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting } = await this.editable(context, user);
      const item = await this.store.item(meetingId, itemId, manager);
      await this.assertItemVersion(manager, meeting, item, request.version);
      const changes: Record<string, unknown> = {};
      if (request.title !== undefined) item.title = changes['title'] = request.title.trim();
      if (request.summary !== undefined) item.summary = changes['summary'] = request.summary?.trim() || null;
      if (request.presenter !== undefined) item.presenter = changes['presenter'] = request.presenter?.trim() || null;
      if (request.plannedMinutes !== undefined) item.plannedMinutes = changes['plannedMinutes'] = request.plannedMinutes;
      item.version += 1;
      await manager.getRepository(AgendaItemEntity).save(item);
      const data = await this.bumpAgenda(manager, meeting, false);
      return {
        result: data.items.find((i) => i.id === itemId) as AgendaItemResponse,
        event: { kind: 'agenda', data },
        audit: { action: 'agenda.item.updated', details: { itemId, changes } },
      };
    });
  }

  move(meetingId: string, itemId: string, request: MoveAgendaItemRequest, user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting } = await this.editable(context, user);
      await this.assertAgendaVersion(manager, meeting, request.agendaVersion);
      const items = await this.store.items(meetingId, manager);
      const item = items.find((i) => i.id === itemId);
      if (!item) throw meetingErrors.itemNotFound();
      const parentId = request.parentId ?? null;
      if (parentId) this.assertParent(items, parentId, item);
      const oldParent = item.parentId;
      const siblingsOf = (parent: string | null) =>
        items.filter((i) => i.parentId === parent && i.id !== itemId).sort((a, b) => a.position - b.position);
      const target = siblingsOf(parentId);
      target.splice(Math.max(0, Math.min(request.index, target.length)), 0, item);
      item.parentId = parentId;
      const touched = new Set<AgendaItemEntity>();
      target.forEach((sibling, index) => {
        if (sibling.position !== index || sibling === item) touched.add(sibling);
        sibling.position = index;
      });
      if (oldParent !== parentId) {
        siblingsOf(oldParent).forEach((sibling, index) => {
          if (sibling.position !== index) touched.add(sibling);
          sibling.position = index;
        });
      }
      for (const changed of touched) {
        await manager.getRepository(AgendaItemEntity).update({ id: changed.id }, { parentId: changed.parentId, position: changed.position });
      }
      const data = await this.bumpAgenda(manager, meeting);
      return {
        result: data.items,
        event: { kind: 'agenda', data },
        audit: { action: 'agenda.item.moved', details: { itemId, parentId, index: request.index } },
      };
    });
  }

  setStatus(meetingId: string, itemId: string, request: SetAgendaItemStatusRequest, user: AuthenticatedUser): Promise<AgendaItemResponse> {
    return this.store.change(meetingId, async (context) => {
      const { manager, meeting } = await this.editable(context, user);
      const item = await this.store.item(meetingId, itemId, manager);
      await this.assertItemVersion(manager, meeting, item, request.version);
      if (item.status === 'done') throw meetingErrors.itemNotOpen(item.status);
      const from = item.status;
      item.status = request.status;
      item.version += 1;
      await manager.getRepository(AgendaItemEntity).save(item);
      const ended = meeting.currentItemId === itemId ? await this.leaveCurrent(manager, meeting) : null;
      const data = await this.bumpAgenda(manager, meeting, false);
      return {
        result: data.items.find((i) => i.id === itemId) as AgendaItemResponse,
        event: { kind: 'agenda', data },
        alsoEvents: ended ? [{ kind: 'speakers', data: ended.speakers }] : [],
        audit: { action: 'agenda.item.status.changed', details: { itemId, from, to: request.status } },
      };
    });
  }

  /**
   * The chair (or secretariat) moves the session to an item; null leaves no item current.
   *
   * The item left behind keeps the mark of having been discussed: `done` when it has a
   * conclusion or a vote result, otherwise `deferred` (taken up, not concluded: postponed). The
   * chair may come back to an item deferred that way; one the secretariat deferred before it came
   * up stays off the floor until restored. Whoever had the floor on the item left is done
   * ({@link endSpeaking}), with its list of speakers sent live. The item taken up gets, first on its list of speakers,
   * those who marked "wish to speak" on it beforehand ({@link queuePreSessionSpeakers}).
   */
  setCurrent(meetingId: string, itemId: string | null, user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      if (meeting.status !== 'in_session') throw meetingErrors.notInSession();
      const repository = manager.getRepository(AgendaItemEntity);
      const item = itemId ? await this.store.item(meetingId, itemId, manager) : null;
      if (item && !(item.status === 'pending' || item.status === 'current' || (item.status === 'deferred' && item.startedAt))) {
        throw meetingErrors.itemNotOpen(item.status);
      }
      let left: { itemId: string; status: AgendaItemStatus; speakerEnded?: string } | null = null;
      const alsoEvents: MeetingEventPayload[] = [];
      if (meeting.currentItemId && meeting.currentItemId !== itemId) {
        const previous = await repository.findOne({ where: { id: meeting.currentItemId } });
        if (previous?.status === 'current') {
          await this.store.bankItemTime(manager, previous.id);
          const status: AgendaItemStatus = previous.conclusion || previous.conclusionPending || previous.voteResult ? 'done' : 'deferred';
          await repository.update({ id: previous.id }, { status, version: previous.version + 1 });
          left = { itemId: previous.id, status };
        }
        const ended = await this.endSpeaking(manager, meetingId, meeting.currentItemId);
        if (ended) {
          alsoEvents.push({ kind: 'speakers', data: ended.speakers });
          if (left) left.speakerEnded = ended.speakerId;
        }
      }
      if (item) {
        if (item.status !== 'current') await repository.update({ id: item.id }, { status: 'current', startedAt: this.store.now(), version: item.version + 1 });
        if (await this.queuePreSessionSpeakers(manager, meetingId, item.id)) alsoEvents.push({ kind: 'speakers', data: await this.store.speakersData(meetingId, item.id, manager) });
      }
      meeting.currentItemId = itemId;
      await manager.getRepository(MeetingEntity).update({ id: meetingId }, { currentItemId: itemId });
      const items = toAgendaResponses(await this.store.items(meetingId, manager));
      return {
        result: items,
        event: { kind: 'current-item', data: { currentItemId: itemId, items } },
        alsoEvents,
        audit: { action: 'agenda.current-item.set', details: { itemId, ...(left ? { left } : {}) } },
      };
    });
  }

  /**
   * Estonia's model: who marked "wish to speak" on an item before it came up is queued first on
   * its list of speakers, in the order they marked it (the position's time, which is before
   * anyone asking during the item). Idempotent: a member already on the list in any state
   * (waiting, speaking, done, withdrawn) is not added again, so taking the item up twice adds
   * nobody twice and a withdrawal stands. Only participants who may speak (members, the chair,
   * delegates) and are not excluded from the item (conflict of interest) are queued.
   * Returns whether anyone was added.
   */
  private async queuePreSessionSpeakers(manager: EntityManager, meetingId: string, itemId: string): Promise<boolean> {
    const wishes = await manager.getRepository(PositionEntity).find({ where: { meetingId, itemId, position: 'wish_to_speak' } });
    if (wishes.length === 0) return false;
    const [participants, listed, excluded] = await Promise.all([
      this.store.participants(meetingId, manager),
      manager.getRepository(SpeakerEntity).find({ where: { meetingId, itemId } }),
      this.store.excludedFrom(meetingId, itemId, manager),
    ]);
    const speaking = new Set(participants.filter((p) => isVotingMember(p.role) || p.role === 'delegate').map((p) => p.userId));
    const onList = new Set(listed.map((s) => s.userId));
    const queued = wishes
      .filter((w) => speaking.has(w.userId) && !onList.has(w.userId) && !excluded.has(w.userId))
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.userId.localeCompare(b.userId));
    if (queued.length === 0) return false;
    await manager.getRepository(SpeakerEntity).insert(
      queued.map((w) => ({ id: randomUUID(), meetingId, itemId, userId: w.userId, state: 'waiting' as const, requestedAt: w.updatedAt, startedAt: null, endedAt: null })),
    );
    return true;
  }

  /** The current item is concluded or deferred: no item is current, and its speaker is done. */
  private async leaveCurrent(manager: EntityManager, meeting: MeetingEntity): Promise<EndedSpeaker | null> {
    const itemId = meeting.currentItemId as string;
    await this.store.bankItemTime(manager, itemId);
    meeting.currentItemId = null;
    await manager.getRepository(MeetingEntity).update({ id: meeting.id }, { currentItemId: null });
    return this.endSpeaking(manager, meeting.id, itemId);
  }

  /**
   * An item stops being discussed (the session moves on, it is concluded or deferred): whoever
   * has the floor on it is done, at this moment, so nobody stays "speaking" on an item left
   * behind. Those still waiting keep their place for when the item is taken up again.
   * Returns the item's list of speakers for the live event, or null when nobody was speaking.
   */
  private async endSpeaking(manager: EntityManager, meetingId: string, itemId: string): Promise<EndedSpeaker | null> {
    const repository = manager.getRepository(SpeakerEntity);
    const speaking = await repository.find({ where: { meetingId, itemId, state: 'speaking' } });
    if (speaking.length === 0) return null;
    const now = this.store.now();
    for (const speaker of speaking) await repository.update({ id: speaker.id }, { state: 'done', endedAt: now });
    return { speakerId: speaking[0].id, speakers: await this.store.speakersData(meetingId, itemId, manager) };
  }

  complete(meetingId: string, itemId: string, conclusion: string, version: number, user: AuthenticatedUser): Promise<AgendaItemResponse> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      const participant = await this.assertManager(manager, meeting, user);
      if (meeting.status !== 'in_session') throw meetingErrors.notInSession();
      const item = await this.store.item(meetingId, itemId, manager);
      await this.assertItemVersion(manager, meeting, item, version);
      if (item.status === 'withdrawn' || item.status === 'deferred') throw meetingErrors.itemNotOpen(item.status);
      item.status = 'done';
      await manager.getRepository(AgendaItemEntity).update({ id: item.id }, { status: 'done' });
      // The chair's own words are his approval; the secretariat's wait for it.
      const recorded = await recordConclusion(manager, item, conclusion, { userId: user.id, isChair: participant?.role === 'chair', at: this.store.now() });
      const ended = meeting.currentItemId === itemId ? await this.leaveCurrent(manager, meeting) : null;
      const items = toAgendaResponses(await this.store.items(meetingId, manager));
      return {
        result: items.find((i) => i.id === itemId) as AgendaItemResponse,
        event: { kind: 'current-item', data: { currentItemId: meeting.currentItemId, items } },
        alsoEvents: ended ? [{ kind: 'speakers', data: ended.speakers }] : [],
        audit: { action: 'agenda.item.completed', details: { itemId, conclusion: recorded.text, conclusionVersion: recorded.version, approved: recorded.approvedAt !== null } },
      };
    });
  }

  /** Estonia's practice: items nobody objected to are adopted together, in one recorded action. */
  adoptWithoutDebate(meetingId: string, itemIds: string[], user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      if (meeting.status !== 'in_session') throw meetingErrors.notInSession();
      const ids = [...new Set(itemIds)];
      const items = await manager.getRepository(AgendaItemEntity).find({ where: { meetingId, id: In(ids) } });
      if (items.length !== ids.length) throw meetingErrors.itemNotFound();
      const objections = await manager.getRepository(PositionEntity).find({ where: { meetingId, itemId: In(ids), position: 'objection' } });
      const blocked = items.filter((i) => i.status !== 'pending' || objections.some((o) => o.itemId === i.id)).map((i) => i.id);
      if (blocked.length) throw meetingErrors.itemsHaveObjections(blocked);
      for (const item of items) {
        await manager.getRepository(AgendaItemEntity).update({ id: item.id }, { status: 'done', adoptedWithoutDebate: true, version: item.version + 1 });
      }
      meeting.adoptedWithoutDebateAt = this.store.now();
      await manager.getRepository(MeetingEntity).update({ id: meetingId }, { adoptedWithoutDebateAt: meeting.adoptedWithoutDebateAt });
      const data = { agendaVersion: meeting.agendaVersion, items: toAgendaResponses(await this.store.items(meetingId, manager)), adoptedWithoutDebate: ids };
      return {
        result: data.items,
        event: { kind: 'agenda', data },
        audit: { action: 'agenda.adopted-without-debate', details: { itemIds: ids } },
      };
    });
  }

  // --- rules shared by the edits ------------------------------------------------------------

  private async editable(context: ChangeContext, user: AuthenticatedUser): Promise<ChangeContext> {
    if (!user.roles.includes('secretary')) throw meetingErrors.notManager();
    if (context.meeting.status === 'closed') throw meetingErrors.closed();
    return context;
  }

  private async assertManager(manager: EntityManager, meeting: MeetingEntity, user: AuthenticatedUser): Promise<ParticipantEntity | null> {
    const access = await this.store.accessTo(meeting, user, manager);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
    return access.participant;
  }

  private async conflict(manager: EntityManager, meeting: MeetingEntity): Promise<AgendaConflictDetails> {
    return { agendaVersion: meeting.agendaVersion, items: toAgendaResponses(await this.store.items(meeting.id, manager)) };
  }

  private async assertAgendaVersion(manager: EntityManager, meeting: MeetingEntity, seen: number): Promise<void> {
    if (seen !== meeting.agendaVersion) throw meetingErrors.staleVersion('the agenda', await this.conflict(manager, meeting));
  }

  private async assertItemVersion(manager: EntityManager, meeting: MeetingEntity, item: AgendaItemEntity, seen: number): Promise<void> {
    if (seen !== item.version) throw meetingErrors.staleVersion(`"${item.title}"`, await this.conflict(manager, meeting));
  }

  /** Items nest one level: a parent is a top-level item of the meeting and not the item itself. */
  private assertParent(items: readonly AgendaItemEntity[], parentId: string, moving: AgendaItemEntity | null): void {
    const parent = items.find((i) => i.id === parentId);
    if (!parent) throw meetingErrors.invalidParent('The parent item is not on this agenda.');
    if (parent.parentId) throw meetingErrors.invalidParent('Sub-items cannot have sub-items of their own.');
    if (moving && (parent.id === moving.id || items.some((i) => i.parentId === moving.id))) {
      throw meetingErrors.invalidParent('An item with sub-items cannot become a sub-item.');
    }
  }

  /** Structural changes bump the agenda version; every change re-reads the numbered tree. */
  private async bumpAgenda(manager: EntityManager, meeting: MeetingEntity, structural = true) {
    if (structural) {
      meeting.agendaVersion += 1;
      await manager.getRepository(MeetingEntity).update({ id: meeting.id }, { agendaVersion: meeting.agendaVersion });
    }
    return this.store.agendaData(meeting, manager);
  }
}
