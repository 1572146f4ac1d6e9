import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { ItemExclusionsResponse, MeetingResponse, MeetingSnapshot, VoteResponse } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { CommittedChanges, TableCache, TransactionRunner } from '@ecabinet/api/database';
import { AgendaItemEntity, MeetingEntity, PositionEntity, SpeakerEntity, VoteBallotEntity, VoteEntity, type ParticipantEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { computeQuorum, projectVote, toAgendaResponses, toMeetingResponse, toPositionResponses, toSpeakerResponses, toVoteResponse } from './meeting.mappers';
import { MeetingStore, type MeetingAccess } from './meeting-store';

/**
 * A view is kept until a meeting's row changes on any instance (every change to what a snapshot
 * shows goes through the meeting's event sequence, which writes the row: CommittedChanges), and
 * for at most this long, for what changes without it (a participant's name).
 */
export const VIEW_TTL_MS = 2_000;

type UserMap = Awaited<ReturnType<MeetingStore['users']>>;

/**
 * Made read-only, all the way down: a view's parts are handed to every caller of its version, and
 * a caller changing one (sorting an array in place, say) would change it for all; this makes such
 * a change throw where it is made instead.
 */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Everything one version of a meeting shows, read once for all its callers (#15). */
interface MeetingView {
  meeting: MeetingEntity;
  participants: Map<string, ParticipantEntity>;
  allParticipants: ParticipantEntity[];
  users: UserMap;
  itemCount: number;
  agenda: MeetingSnapshot['agenda'];
  speakers: MeetingSnapshot['speakers'];
  votes: { response: VoteResponse; ballots: Map<string, VoteBallotEntity> }[];
  positions: PositionEntity[];
  positionData: { tallies: MeetingSnapshot['positionTallies']; positions: MeetingSnapshot['positions'] };
  exclusions: ItemExclusionsResponse[];
  /** The meeting as each role in it sees it. */
  meetingResponses: Map<string, MeetingResponse>;
  /** The whole snapshot as JSON, for a caller with no vote or position of his own, by role and viewer. */
  bodies: Map<string, string>;
}

/**
 * The meeting snapshot, read from the database once per meeting version and projected per
 * caller in memory: a reconnect storm (10,000 screens rejoining at once) costs no query per
 * caller, where a snapshot took a dozen. The caller's own parts (his ballots, his
 * positions, his role) are added per call; a caller with none shares a body serialised once.
 */
@Injectable()
export class MeetingViews {
  private readonly views: TableCache<MeetingView>;

  constructor(
    private readonly store: MeetingStore,
    private readonly transactions: TransactionRunner,
    changes: CommittedChanges,
  ) {
    this.views = new TableCache<MeetingView>(changes, ['meetings'], { ttlMs: VIEW_TTL_MS, maxEntries: 500 });
  }

  /** Everything a screen needs to show the meeting, as of `seq`, trimmed to what the caller may see. */
  async snapshot(meetingId: string, user: AuthenticatedUser): Promise<{ seq: number; snapshot: MeetingSnapshot }> {
    const view = await this.current(meetingId);
    return { seq: view.meeting.lastSeq, snapshot: this.project(view, this.access(view, user), user) };
  }

  /** The caller's place in the meeting, as MeetingStore.access says, from the current view. */
  async accessTo(meetingId: string, user: AuthenticatedUser): Promise<MeetingAccess> {
    return this.access(await this.current(meetingId), user);
  }

  /** The same, as the JSON body of `GET …/snapshot` (`{ seq, ...snapshot }`). */
  async snapshotJson(meetingId: string, user: AuthenticatedUser): Promise<string> {
    const view = await this.current(meetingId);
    const access = this.access(view, user);
    const own = view.votes.some((vote) => vote.ballots.has(user.id)) || view.positions.some((position) => position.userId === user.id);
    const shareable = `${access.role ?? ''} ${access.viewer}`;
    const known = own ? undefined : view.bodies.get(shareable);
    if (known) return known;
    const body = JSON.stringify({ seq: view.meeting.lastSeq, ...this.project(view, access, user) });
    if (!own) view.bodies.set(shareable, body);
    return body;
  }

  private async current(meetingId: string): Promise<MeetingView> {
    return (await this.views.through(meetingId, () => this.build(meetingId))) as MeetingView;
  }

  private build(meetingId: string): Promise<MeetingView> {
    return this.transactions.run(async (manager) => {
      const meeting = await manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
      if (!meeting) throw meetingErrors.notFound();
      const [items, speakers, votes, positions, participants] = await Promise.all([
        this.store.items(meetingId, manager),
        manager.getRepository(SpeakerEntity).find({ where: { meetingId } }),
        manager.getRepository(VoteEntity).find({ where: { meetingId }, order: { openedAt: 'ASC' } }),
        manager.getRepository(PositionEntity).find({ where: { meetingId } }),
        this.store.participants(meetingId, manager),
      ]);
      const exclusions = await this.store.exclusionsData(meetingId, manager, participants);
      const excludedFrom = (itemId: string) => new Set(exclusions.find((e) => e.itemId === itemId)?.userIds ?? []);
      const users = await this.store.users([...participants.map((p) => p.userId), ...speakers.map((s) => s.userId), ...positions.map((p) => p.userId)], manager);
      const ballots = votes.length ? await manager.getRepository(VoteBallotEntity).find({ where: { voteId: In(votes.map((v) => v.id)) } }) : [];
      const itemCount = await manager.getRepository(AgendaItemEntity).count({ where: { meetingId } });
      const positionData = await this.store.positionsData(meetingId, manager);
      return {
        meeting,
        participants: new Map(participants.map((p) => [p.userId, p])),
        allParticipants: participants,
        users,
        itemCount,
        agenda: frozen(toAgendaResponses(items)),
        speakers: frozen(toSpeakerResponses(speakers, users)),
        votes: votes.map((vote) => {
          const mine = ballots.filter((b) => b.voteId === vote.id);
          return { response: frozen(toVoteResponse(vote, mine, computeQuorum(meeting, participants, excludedFrom(vote.itemId)))), ballots: new Map(mine.map((b) => [b.userId, b])) };
        }),
        positions,
        positionData: frozen({ tallies: positionData.tallies, positions: positionData.positions }),
        exclusions: frozen(exclusions),
        meetingResponses: new Map(),
        bodies: new Map(),
      };
    });
  }

  /** The store's access rule (drafts hidden from all but the secretariat), against the view's participants. */
  private access(view: MeetingView, user: AuthenticatedUser): MeetingAccess {
    return this.store.accessFrom(view.meeting, view.participants.get(user.id) ?? null, user);
  }

  private project(view: MeetingView, access: MeetingAccess, user: AuthenticatedUser): MeetingSnapshot {
    const roleKey = access.role ?? '';
    let meeting = view.meetingResponses.get(roleKey);
    if (!meeting) {
      meeting = frozen(toMeetingResponse(view.meeting, access.role, view.itemCount, view.allParticipants, view.users));
      view.meetingResponses.set(roleKey, meeting);
    }
    const votes = view.votes.map(({ response, ballots }) => {
      const own = ballots.get(user.id);
      return projectVote(response, access.viewer, own?.choice ?? null, !!own);
    });
    return {
      meeting,
      agenda: view.agenda,
      speakers: view.speakers,
      openVote: votes.find((vote) => vote.status === 'open') ?? null,
      votes,
      myPositions: toPositionResponses(
        view.positions.filter((p) => p.userId === user.id),
        view.users,
      ),
      positionTallies: view.positionData.tallies,
      positions: access.viewer === 'manager' ? view.positionData.positions : null,
      exclusions: view.exclusions,
    };
  }
}
