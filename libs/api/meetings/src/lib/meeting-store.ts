import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ItemExclusionsResponse, MeetingEvent, MeetingEventData, MeetingEventKind, MeetingRole, QuorumResponse } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService, type AuditRecord } from '@ecabinet/api/audit';
import { UserEntity } from '@ecabinet/api/identity';
import {
  AgendaItemEntity,
  MeetingEntity,
  MeetingEventEntity,
  ParticipantEntity,
  PositionEntity,
  SpeakerEntity,
  VoteBallotEntity,
  VoteEntity,
} from './entities';
import { meetingErrors } from './meeting.errors';
import {
  computeQuorum,
  exclusionSubjects,
  isExcluded,
  tallyPositions,
  toAgendaResponses,
  toParticipantResponses,
  toPositionResponses,
  toSpeakerResponses,
  toVoteResponse,
  type Viewer,
} from './meeting.mappers';

/** Who the caller is in a meeting. */
export interface MeetingAccess {
  meeting: MeetingEntity;
  participant: ParticipantEntity | null;
  role: MeetingRole | null;
  viewer: Viewer;
}

export interface ChangeContext {
  manager: EntityManager;
  meeting: MeetingEntity;
  store: MeetingStore;
}

/** One live event of any kind, before it gets its `seq`. */
export type MeetingEventPayload = { [K in MeetingEventKind]: { kind: K; data: MeetingEventData[K] } }[MeetingEventKind];

export interface ChangeOutcome<T, K extends MeetingEventKind> {
  result: T;
  event?: { kind: K; data: MeetingEventData[K] };
  /** Events the same change causes elsewhere (a new current item's list of speakers), after `event`. */
  alsoEvents?: MeetingEventPayload[];
  audit?: AuditRecord;
}

/**
 * Loads meeting state and runs every change of a meeting as one unit: lock the meeting row,
 * apply the change, append its audit entry and its live event with the next `seq`, commit, then
 * publish the event. Locking the row first makes `seq` gap-free across API instances.
 */
@Injectable()
export class MeetingStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  now(): Date {
    return this.clock.now();
  }

  async change<T, K extends MeetingEventKind>(meetingId: string, work: (context: ChangeContext) => Promise<ChangeOutcome<T, K>>): Promise<T> {
    const { result, appended } = await this.transactions.run(async (manager) => {
      const meeting = await this.lockMeeting(manager, meetingId);
      const outcome = await work({ manager, meeting, store: this });
      const payloads = [...(outcome.event ? [outcome.event as MeetingEventPayload] : []), ...(outcome.alsoEvents ?? [])];
      const appended: { event: MeetingEvent; withheldFrom?: string[] }[] = [];
      let seq = meeting.lastSeq;
      for (const payload of payloads) {
        seq += 1;
        const event = { meetingId, seq, kind: payload.kind, data: payload.data, at: this.clock.now().toISOString() } as MeetingEvent;
        await manager.getRepository(MeetingEventEntity).insert({ meetingId, seq, kind: event.kind, data: JSON.stringify(event.data), at: event.at });
        appended.push(payload.kind === 'papers' ? { event, withheldFrom: await this.papersWithheldFrom(meetingId, payload.data.itemId, manager) } : { event });
      }
      if (seq !== meeting.lastSeq) await manager.getRepository(MeetingEntity).update({ id: meetingId }, { lastSeq: seq });
      if (outcome.audit) await this.audit.record({ targetType: 'meeting', targetId: meetingId, ...outcome.audit }, manager);
      return { result: outcome.result, appended };
    });
    for (const payload of appended) this.events.publish('meeting.event', payload);
    return result;
  }

  /** Who may not hear of a change to an item's papers: its excluded participants, but never the secretariat (who reads every paper). */
  private async papersWithheldFrom(meetingId: string, itemId: string, manager: EntityManager): Promise<string[]> {
    const excluded = await this.excludedFrom(meetingId, itemId, manager);
    if (excluded.size === 0) return [];
    const users = await this.users([...excluded], manager);
    return [...excluded].filter((userId) => !users.get(userId)?.roles.includes('secretary')).sort();
  }

  private async lockMeeting(manager: EntityManager, meetingId: string): Promise<MeetingEntity> {
    const query = manager.getRepository(MeetingEntity).createQueryBuilder('meeting').where('meeting.id = :meetingId', { meetingId });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const meeting = await query.getOne();
    if (!meeting) throw meetingErrors.notFound();
    return meeting;
  }

  /** Loads the meeting and the caller's place in it; hides drafts from all but the secretariat. */
  async access(meetingId: string, user: AuthenticatedUser, manager: EntityManager = this.manager): Promise<MeetingAccess> {
    const meeting = await manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
    if (!meeting) throw meetingErrors.notFound();
    return this.accessTo(meeting, user, manager);
  }

  async accessTo(meeting: MeetingEntity, user: AuthenticatedUser, manager: EntityManager = this.manager): Promise<MeetingAccess> {
    const participant = await manager.getRepository(ParticipantEntity).findOne({ where: { meetingId: meeting.id, userId: user.id } });
    return this.accessFrom(meeting, participant, user);
  }

  /** The rule itself, given the caller's participant row (null if he takes no part). */
  accessFrom(meeting: MeetingEntity, participant: ParticipantEntity | null, user: AuthenticatedUser): MeetingAccess {
    const secretariat = user.roles.includes('secretary');
    if (!secretariat && (!participant || meeting.status === 'draft')) {
      // A draft is invisible; a meeting one does not take part in is forbidden.
      if (meeting.status === 'draft') throw meetingErrors.notFound();
      throw meetingErrors.notParticipant();
    }
    const role = participant?.role ?? null;
    const viewer: Viewer = secretariat || role === 'chair' || role === 'secretary' ? 'manager' : 'participant';
    return { meeting, participant, role, viewer };
  }

  items(meetingId: string, manager: EntityManager = this.manager): Promise<AgendaItemEntity[]> {
    return manager.getRepository(AgendaItemEntity).find({ where: { meetingId } });
  }

  async item(meetingId: string, itemId: string, manager: EntityManager = this.manager): Promise<AgendaItemEntity> {
    const item = await manager.getRepository(AgendaItemEntity).findOne({ where: { id: itemId, meetingId } });
    if (!item) throw meetingErrors.itemNotFound();
    return item;
  }

  /** The session leaves an item it had taken up: the time since then is added to its time on the floor. */
  async bankItemTime(manager: EntityManager, itemId: string): Promise<void> {
    const repository = manager.getRepository(AgendaItemEntity);
    const item = await repository.findOne({ where: { id: itemId }, select: { id: true, startedAt: true, spentSeconds: true } });
    if (!item?.startedAt) return;
    const seconds = Math.max(0, Math.round((this.now().getTime() - item.startedAt.getTime()) / 1000));
    await repository.update({ id: itemId }, { spentSeconds: item.spentSeconds + seconds });
  }

  participants(meetingId: string, manager: EntityManager = this.manager): Promise<ParticipantEntity[]> {
    return manager.getRepository(ParticipantEntity).find({ where: { meetingId } });
  }

  enabledUsers(manager: EntityManager = this.manager): Promise<UserEntity[]> {
    return manager.getRepository(UserEntity).find({ where: { disabled: false } });
  }

  async users(userIds: readonly string[], manager: EntityManager = this.manager): Promise<Map<string, UserEntity>> {
    if (userIds.length === 0) return new Map();
    const users = await manager.getRepository(UserEntity).find({ where: { id: In([...new Set(userIds)]) } });
    return new Map(users.map((user) => [user.id, user]));
  }

  async agendaData(meeting: MeetingEntity, manager: EntityManager): Promise<MeetingEventData['agenda']> {
    return { agendaVersion: meeting.agendaVersion, items: toAgendaResponses(await this.items(meeting.id, manager)) };
  }

  async attendanceData(meeting: MeetingEntity, manager: EntityManager): Promise<MeetingEventData['attendance']> {
    const participants = await this.participants(meeting.id, manager);
    const users = await this.users(participants.map((p) => p.userId), manager);
    return { participants: toParticipantResponses(participants, users), quorum: computeQuorum(meeting, participants) };
  }

  async speakersData(meetingId: string, itemId: string, manager: EntityManager): Promise<MeetingEventData['speakers']> {
    const speakers = await manager.getRepository(SpeakerEntity).find({ where: { meetingId, itemId } });
    const users = await this.users(speakers.map((s) => s.userId), manager);
    return { itemId, speakers: toSpeakerResponses(speakers, users) };
  }

  async positionsData(meetingId: string, manager: EntityManager): Promise<MeetingEventData['positions']> {
    const [items, positions] = await Promise.all([this.items(meetingId, manager), manager.getRepository(PositionEntity).find({ where: { meetingId } })]);
    const users = await this.users(positions.map((p) => p.userId), manager);
    return { tallies: tallyPositions(toAgendaResponses(items).map((i) => i.id), positions), positions: toPositionResponses(positions, users) };
  }

  /**
   * The exclusion rows (conflict of interest) of a meeting, or of one of its items: who is named.
   * The exclusions belong to the papers domain, which builds on this one, so they are read here
   * by table name rather than entity.
   */
  private async namedExclusions(meetingId: string, itemId: string | null, manager: EntityManager): Promise<{ itemId: string; userId: string }[]> {
    const query = manager
      .createQueryBuilder()
      .select('exclusion.item_id', 'itemId')
      .addSelect('exclusion.user_id', 'userId')
      .from('agenda_item_exclusions', 'exclusion')
      .where('exclusion.meeting_id = :meetingId', { meetingId });
    if (itemId) query.andWhere('exclusion.item_id = :itemId', { itemId });
    return query.getRawMany<{ itemId: string; userId: string }>();
  }

  /** The participants excluded from an item: those named, and the deputies of those named ({@link isExcluded}). */
  async excludedFrom(meetingId: string, itemId: string, manager: EntityManager = this.manager, participants?: readonly ParticipantEntity[]): Promise<ReadonlySet<string>> {
    const named = new Set((await this.namedExclusions(meetingId, itemId, manager)).map((row) => row.userId));
    if (named.size === 0) return named;
    return new Set((participants ?? (await this.participants(meetingId, manager))).filter((p) => isExcluded(p, named)).map((p) => p.userId));
  }

  /** The items a participant is excluded from (his own exclusions and, for a deputy, his principal's). */
  async excludedItemsOf(meetingId: string, participant: Pick<ParticipantEntity, 'userId' | 'delegateForUserId'>, manager: EntityManager = this.manager): Promise<ReadonlySet<string>> {
    const subjects = new Set(exclusionSubjects(participant));
    return new Set((await this.namedExclusions(meetingId, null, manager)).filter((row) => subjects.has(row.userId)).map((row) => row.itemId));
  }

  /** Every item's excluded participants (deputies included), for the snapshot; items without exclusions left out. */
  async exclusionsData(meetingId: string, manager: EntityManager, participants?: readonly ParticipantEntity[]): Promise<ItemExclusionsResponse[]> {
    const rows = await this.namedExclusions(meetingId, null, manager);
    if (rows.length === 0) return [];
    const everyone = participants ?? (await this.participants(meetingId, manager));
    const itemIds = [...new Set(rows.map((row) => row.itemId))].sort();
    return itemIds.map((itemId) => {
      const named = new Set(rows.filter((row) => row.itemId === itemId).map((row) => row.userId));
      return { itemId, userIds: everyone.filter((p) => isExcluded(p, named)).map((p) => p.userId).sort() };
    });
  }

  /** An item's quorum: the meeting's, without the members excluded from the item. */
  async itemQuorum(meeting: MeetingEntity, itemId: string, manager: EntityManager): Promise<QuorumResponse> {
    const participants = await this.participants(meeting.id, manager);
    return computeQuorum(meeting, participants, await this.excludedFrom(meeting.id, itemId, manager, participants));
  }

  async voteData(meeting: MeetingEntity, vote: VoteEntity, manager: EntityManager): Promise<MeetingEventData['vote']> {
    const [ballots, quorum] = await Promise.all([manager.getRepository(VoteBallotEntity).find({ where: { voteId: vote.id } }), this.itemQuorum(meeting, vote.itemId, manager)]);
    return { vote: toVoteResponse(vote, ballots, quorum) };
  }
}
