import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, MoreThan } from 'typeorm';
import {
  CommonErrorCode,
  MEETING_TRANSITIONS,
  type AttendanceState,
  type CreateMeetingRequest,
  type MeetingEvent,
  type MeetingParticipantChoice,
  type MeetingResponse,
  type MeetingSnapshot,
  type MeetingStatus,
  type MeetingSummaryResponse,
  type ParticipantRequest,
  type ParticipantResponse,
  type UpdateMeetingRequest,
} from '@ecabinet/shared/contracts';
import { DomainError, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AgendaItemEntity, MeetingEntity, MeetingEventEntity, ParticipantEntity, PositionEntity, SpeakerEntity, VoteBallotEntity, VoteEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import {
  computeQuorum,
  projectMeetingEvent,
  projectVote,
  toAgendaResponses,
  toMeetingResponse,
  toMeetingSummary,
  toParticipantResponses,
  toPositionResponses,
  toSpeakerResponses,
  toVoteResponse,
  withholdMeetingEvent,
  type Viewer,
} from './meeting.mappers';
import { MeetingStore, type MeetingAccess } from './meeting-store';
import { MeetingViews } from './meeting-views';

/** How many past events a reconnecting client can catch up with before it gets a snapshot. */
export const RETAINED_EVENTS = 1000;

@Injectable()
export class MeetingsService {
  constructor(
    private readonly store: MeetingStore,
    private readonly transactions: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly views: MeetingViews,
  ) {}

  async list(user: AuthenticatedUser, scope: 'upcoming' | 'past' | 'all'): Promise<MeetingSummaryResponse[]> {
    const manager = this.store.manager;
    const mine = await manager.getRepository(ParticipantEntity).find({ where: { userId: user.id } });
    const roles = new Map(mine.map((p) => [p.meetingId, p.role]));
    const secretariat = user.roles.includes('secretary');
    const meetings = secretariat
      ? await manager.getRepository(MeetingEntity).find()
      : roles.size
        ? await manager.getRepository(MeetingEntity).find({ where: { id: In([...roles.keys()]) } })
        : [];
    const visible = meetings.filter((m) => secretariat || m.status !== 'draft');
    const inScope = visible.filter((m) => scope === 'all' || (scope === 'past') === (m.status === 'closed'));
    inScope.sort((a, b) => (scope === 'past' ? b.startsAt.getTime() - a.startsAt.getTime() : a.startsAt.getTime() - b.startsAt.getTime()));
    const counts = await this.itemCounts(inScope.map((m) => m.id));
    return inScope.map((m) => toMeetingSummary(m, roles.get(m.id) ?? null, counts.get(m.id) ?? 0));
  }

  private async itemCounts(meetingIds: string[]): Promise<Map<string, number>> {
    if (meetingIds.length === 0) return new Map();
    const rows = await this.store.manager
      .getRepository(AgendaItemEntity)
      .createQueryBuilder('item')
      .select('item.meetingId', 'meetingId')
      .addSelect('COUNT(*)', 'count')
      .where('item.meetingId IN (:...meetingIds)', { meetingIds })
      .groupBy('item.meetingId')
      .getRawMany<{ meetingId: string; count: string | number }>();
    return new Map(rows.map((row) => [row.meetingId, Number(row.count)]));
  }

  /** Who the secretariat may name as a participant: every enabled user but pure administrators, by name. */
  async participantChoices(): Promise<MeetingParticipantChoice[]> {
    const users = await this.store.enabledUsers();
    return users
      .filter((u) => u.roles.some((role) => role !== 'admin'))
      .map((u) => ({ id: u.id, fullName: u.fullName, title: u.title, roles: [...u.roles], organisationId: u.organisationId }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  }

  async get(meetingId: string, user: AuthenticatedUser): Promise<MeetingResponse> {
    const access = await this.store.access(meetingId, user);
    return this.toResponse(access);
  }

  private async toResponse(access: MeetingAccess, manager = this.store.manager): Promise<MeetingResponse> {
    const participants = await this.store.participants(access.meeting.id, manager);
    const users = await this.store.users(participants.map((p) => p.userId), manager);
    const itemCount = await manager.getRepository(AgendaItemEntity).count({ where: { meetingId: access.meeting.id } });
    return toMeetingResponse(access.meeting, access.role, itemCount, participants, users);
  }

  async create(request: CreateMeetingRequest, user: AuthenticatedUser): Promise<MeetingResponse> {
    const now = this.store.now();
    const meeting = await this.transactions.run(async (manager) => {
      const meeting = manager.getRepository(MeetingEntity).create({
        id: randomUUID(),
        title: request.title.trim(),
        kind: request.kind,
        place: request.place?.trim() || null,
        onlineLink: request.onlineLink?.trim() || null,
        startsAt: new Date(request.startsAt),
        endsAt: request.endsAt ? new Date(request.endsAt) : null,
        status: 'draft',
        quorumNumerator: request.quorumNumerator ?? 2,
        quorumDenominator: request.quorumDenominator ?? 3,
        voteRule: request.voteRule ?? 'majority_of_all',
        delegatesMayVote: request.delegatesMayVote ?? false,
        speakingLimitMinutes: request.speakingLimitMinutes || null,
        currentItemId: null,
        adoptedWithoutDebateAt: null,
        version: 1,
        agendaVersion: 1,
        lastSeq: 0,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      });
      validateMeetingTimes(meeting);
      await manager.getRepository(MeetingEntity).insert(meeting);
      return meeting;
    });
    await this.store.change(meeting.id, async () => ({
      result: null,
      audit: { action: 'meeting.created', details: { title: meeting.title, kind: meeting.kind, startsAt: meeting.startsAt.toISOString() } },
    }));
    return this.get(meeting.id, user);
  }

  async update(meetingId: string, request: UpdateMeetingRequest, user: AuthenticatedUser): Promise<MeetingResponse> {
    let rescheduled: { title: string; startsAt: string } | null = null;
    await this.store.change(meetingId, async ({ manager, meeting }) => {
      const timesBefore = `${meeting.startsAt.getTime()}/${meeting.endsAt?.getTime()}`;
      if (meeting.status === 'closed') throw meetingErrors.closed();
      if (request.version !== meeting.version) {
        throw meetingErrors.staleVersion('this meeting', { current: await this.toResponse(await this.store.accessTo(meeting, user, manager), manager) });
      }
      const changes: Record<string, unknown> = {};
      const set = <K extends keyof MeetingEntity>(key: K, value: MeetingEntity[K] | undefined) => {
        if (value === undefined) return;
        changes[key] = value;
        meeting[key] = value;
      };
      set('title', request.title?.trim());
      set('kind', request.kind);
      set('place', request.place === undefined ? undefined : request.place.trim() || null);
      set('onlineLink', request.onlineLink === undefined ? undefined : request.onlineLink.trim() || null);
      set('startsAt', request.startsAt ? new Date(request.startsAt) : undefined);
      set('endsAt', request.endsAt ? new Date(request.endsAt) : undefined);
      set('quorumNumerator', request.quorumNumerator);
      set('quorumDenominator', request.quorumDenominator);
      set('voteRule', request.voteRule);
      set('delegatesMayVote', request.delegatesMayVote);
      set('speakingLimitMinutes', request.speakingLimitMinutes === undefined ? undefined : request.speakingLimitMinutes || null);
      validateMeetingTimes(meeting);
      meeting.version += 1;
      meeting.updatedAt = this.store.now();
      await manager.getRepository(MeetingEntity).save(meeting);
      if (meeting.status !== 'draft' && timesBefore !== `${meeting.startsAt.getTime()}/${meeting.endsAt?.getTime()}`) rescheduled = { title: meeting.title, startsAt: meeting.startsAt.toISOString() };
      return {
        result: null,
        event: { kind: 'status', data: { status: meeting.status, version: meeting.version } },
        audit: { action: 'meeting.updated', details: changes },
      };
    });
    if (rescheduled) this.events.publish('meeting.rescheduled', { meetingId, ...(rescheduled as { title: string; startsAt: string }) });
    return this.get(meetingId, user);
  }

  async setParticipants(meetingId: string, participants: ParticipantRequest[], user: AuthenticatedUser): Promise<MeetingResponse> {
    await this.store.change(meetingId, async ({ manager, meeting }) => {
      if (meeting.status === 'closed') throw meetingErrors.closed();
      const ids = participants.map((p) => p.userId);
      if (new Set(ids).size !== ids.length) throw meetingErrors.invalidParticipants('A person can take part only once.');
      const users = await this.store.users([...ids, ...participants.flatMap((p) => (p.delegateForUserId ? [p.delegateForUserId] : []))], manager);
      if (ids.some((id) => !users.has(id))) throw meetingErrors.invalidParticipants('Every participant must be an existing user.');
      if (participants.filter((p) => p.role === 'chair').length > 1) throw meetingErrors.invalidParticipants('A meeting has at most one chair.');
      for (const p of participants) {
        if (p.role === 'delegate') {
          const principal = participants.find((q) => q.userId === p.delegateForUserId);
          if (!principal || (principal.role !== 'member' && principal.role !== 'chair')) {
            throw meetingErrors.invalidParticipants('A delegate must name the member of this meeting they stand in for.');
          }
        } else if (p.delegateForUserId) {
          throw meetingErrors.invalidParticipants('Only a delegate names a member they stand in for.');
        }
      }
      const repository = manager.getRepository(ParticipantEntity);
      const existing = new Map((await repository.find({ where: { meetingId } })).map((p) => [p.userId, p]));
      await repository.delete({ meetingId });
      if (participants.length) {
        await repository.insert(
          participants.map((p) => ({
            meetingId,
            userId: p.userId,
            role: p.role,
            delegateForUserId: p.role === 'delegate' ? (p.delegateForUserId ?? null) : null,
            attendance: existing.get(p.userId)?.attendance ?? ('unknown' as AttendanceState),
          })),
        );
      }
      return {
        result: null,
        event: { kind: 'attendance', data: await this.store.attendanceData(meeting, manager) },
        audit: { action: 'meeting.participants.set', details: { participants: participants.map((p) => ({ userId: p.userId, role: p.role })) } },
      };
    });
    return this.get(meetingId, user);
  }

  async changeStatus(meetingId: string, status: MeetingStatus, user: AuthenticatedUser): Promise<MeetingResponse> {
    let published: { title: string; startsAt: string; userIds: string[] } | null = null;
    await this.store.change(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      const secretariat = user.roles.includes('secretary');
      // Publishing and withdrawing a draft is the secretariat's; running the session is the chair's too.
      const allowed = status === 'published' || status === 'draft' ? secretariat : access.viewer === 'manager';
      if (!allowed) throw meetingErrors.notManager();
      if (!MEETING_TRANSITIONS[meeting.status].includes(status)) throw meetingErrors.invalidTransition(meeting.status, status);
      if (status === 'closed' && (await manager.getRepository(VoteEntity).exists({ where: { meetingId, status: 'open' } }))) {
        throw meetingErrors.voteAlreadyOpen();
      }
      const from = meeting.status;
      // Closing with an item still on the floor: its time so far is counted.
      if (status === 'closed' && meeting.currentItemId) await this.store.bankItemTime(manager, meeting.currentItemId);
      meeting.status = status;
      meeting.version += 1;
      meeting.updatedAt = this.store.now();
      await manager.getRepository(MeetingEntity).save(meeting);
      if (status === 'published' && from === 'draft') {
        const participants = await this.store.participants(meetingId, manager);
        published = { title: meeting.title, startsAt: meeting.startsAt.toISOString(), userIds: participants.map((p) => p.userId) };
      }
      return {
        result: null,
        event: { kind: 'status', data: { status, version: meeting.version } },
        audit: { action: 'meeting.status.changed', details: { from, to: status } },
      };
    });
    if (published) this.events.publish('meeting.published', { meetingId, ...(published as { title: string; startsAt: string; userIds: string[] }) });
    return this.get(meetingId, user);
  }

  async setAttendance(meetingId: string, userId: string, attendance: AttendanceState, user: AuthenticatedUser): Promise<MeetingResponse> {
    await this.store.change(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      if (access.viewer !== 'manager') throw meetingErrors.notManager();
      if (meeting.status === 'closed') throw meetingErrors.closed();
      const repository = manager.getRepository(ParticipantEntity);
      const participant = await repository.findOne({ where: { meetingId, userId } });
      if (!participant) throw meetingErrors.invalidParticipants('That person is not a participant of this meeting.');
      participant.attendance = attendance;
      await repository.save(participant);
      return {
        result: null,
        event: { kind: 'attendance', data: await this.store.attendanceData(meeting, manager) },
        audit: { action: 'meeting.attendance.set', details: { userId, attendance } },
      };
    });
    return this.get(meetingId, user);
  }

  /** Everything a screen needs to show the meeting, as of `seq`, trimmed to what the caller may see. */
  snapshot(meetingId: string, user: AuthenticatedUser): Promise<{ seq: number; snapshot: MeetingSnapshot }> {
    return this.views.snapshot(meetingId, user);
  }

  /** The same as the JSON body of `GET …/snapshot`, serialised once per meeting version for most callers. */
  snapshotJson(meetingId: string, user: AuthenticatedUser): Promise<string> {
    return this.views.snapshotJson(meetingId, user);
  }

  /**
   * The events after `sinceSeq`, projected for the caller, or null when they are no longer all
   * retained (or `sinceSeq` is ahead of the server): the client then takes a snapshot.
   */
  async eventsSince(meetingId: string, sinceSeq: number, user: AuthenticatedUser): Promise<{ seq: number; events: MeetingEvent[] } | null> {
    const access = await this.views.accessTo(meetingId, user);
    const last = access.meeting.lastSeq;
    if (sinceSeq > last || last - sinceSeq > RETAINED_EVENTS) return null;
    const rows = await this.store.manager
      .getRepository(MeetingEventEntity)
      .find({ where: { meetingId, seq: MoreThan(sinceSeq) }, order: { seq: 'ASC' } });
    // The papers events of items the caller is excluded from (as the exclusions stand now) are withheld, as live.
    const excludedItems = access.participant && !user.roles.includes('secretary') ? await this.store.excludedItemsOf(meetingId, access.participant) : new Set<string>();
    const events = rows
      .filter((row) => row.seq <= last)
      .map((row) => ({ meetingId, seq: row.seq, kind: row.kind, data: JSON.parse(row.data), at: row.at }) as MeetingEvent)
      .map((event) => (event.kind === 'papers' && excludedItems.has(event.data.itemId) ? withholdMeetingEvent(event) : projectMeetingEvent(event, access.viewer)));
    if (events.length !== last - sinceSeq) return null;
    return { seq: last, events };
  }

  /** For the live relay: which view of the meeting's events a user gets, or null if none. */
  /**
   * What the screens of a meeting are measured against (no access check: the live gateway asks
   * for the meetings its sockets follow): its current version and its participants. Null for a
   * meeting that no longer exists.
   */
  async screensBasis(meetingId: string): Promise<{ seq: number; participants: ParticipantResponse[] } | null> {
    const meeting = await this.store.manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId }, select: { id: true, lastSeq: true } });
    if (!meeting) return null;
    const participants = await this.store.participants(meetingId);
    const users = await this.store.users(participants.map((p) => p.userId));
    return { seq: meeting.lastSeq, participants: toParticipantResponses(participants, users) };
  }

  async viewerOf(meetingId: string, user: AuthenticatedUser): Promise<Viewer> {
    return (await this.views.accessTo(meetingId, user)).viewer;
  }
}

function validateMeetingTimes(meeting: MeetingEntity): void {
  const invalid = (field: string, problem: string) => new DomainError(CommonErrorCode.VALIDATION_FAILED, problem, [{ field, problems: [problem] }]);
  if (meeting.endsAt && meeting.endsAt <= meeting.startsAt) throw invalid('endsAt', 'The end time must be after the start time.');
  if (meeting.quorumNumerator > meeting.quorumDenominator) throw invalid('quorumNumerator', 'The quorum cannot be more than all members.');
}

