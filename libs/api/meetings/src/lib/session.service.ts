import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type {
  OpenVoteRequest,
  PositionChoice,
  PositionResponse,
  SpeakerResponse,
  VoteChoice,
  VoteResponse,
  VoteResultResponse,
} from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { AgendaItemEntity, PositionEntity, SecretVoteCountEntity, SpeakerEntity, VoteBallotEntity, VoteEntity, type MeetingEntity, type ParticipantEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { computeQuorum, isVotingMember, projectVote, toPositionResponses, toVoteResponse } from './meeting.mappers';
import { MeetingStore, type MeetingEventPayload } from './meeting-store';

/** Positions before the session, the list of speakers and votes during it. */
@Injectable()
export class SessionService {
  constructor(private readonly store: MeetingStore) {}

  // --- positions (Estonia's "I object" / "I wish to speak") ----------------------------------

  /** With `baseline`, a change made on a device that showed another position than the one stored (changed elsewhere meanwhile) is refused, unless it is the same choice. */
  setPosition(meetingId: string, itemId: string, position: PositionChoice, note: string | undefined, user: AuthenticatedUser, baseline?: PositionChoice | 'none'): Promise<PositionResponse> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      const participant = await this.memberOf(manager, meeting, user);
      if (meeting.status === 'closed') throw meetingErrors.closed();
      const item = await this.store.item(meetingId, itemId, manager);
      if (item.status === 'done' || item.status === 'withdrawn') throw meetingErrors.itemNotOpen(item.status);
      await this.assertNotExcluded(manager, meetingId, itemId, participant);
      const repository = manager.getRepository(PositionEntity);
      const before = await repository.findOne({ where: { itemId, userId: participant.userId } });
      if (baseline !== undefined && (before?.position ?? 'none') !== baseline && before?.position !== position) {
        const users = await this.store.users([participant.userId], manager);
        throw meetingErrors.staleVersion('your position on this item (perhaps you, on another device)', before ? toPositionResponses([before], users)[0] : null);
      }
      // The time is when this position was chosen: editing the note keeps a wish to speak in its place.
      const updatedAt = before?.position === position ? before.updatedAt : this.store.now();
      const row = { itemId, userId: participant.userId, meetingId, position, note: note?.trim() || null, updatedAt };
      await repository.save(row);
      const users = await this.store.users([user.id], manager);
      return {
        result: toPositionResponses([row as PositionEntity], users)[0],
        event: { kind: 'positions', data: await this.store.positionsData(meetingId, manager) },
        audit: { action: 'position.set', details: { itemId, position } },
      };
    });
  }

  async myPositions(meetingId: string, user: AuthenticatedUser): Promise<PositionResponse[]> {
    await this.store.access(meetingId, user);
    const rows = await this.store.manager.getRepository(PositionEntity).find({ where: { meetingId, userId: user.id } });
    return toPositionResponses(rows, await this.store.users([user.id]));
  }

  // --- list of speakers ----------------------------------------------------------------------

  requestFloor(meetingId: string, itemId: string, user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      const participant = await this.memberOf(manager, meeting, user);
      this.assertRunning(meeting);
      const item = await this.store.item(meetingId, itemId, manager);
      if (item.status === 'done' || item.status === 'withdrawn' || item.status === 'deferred') throw meetingErrors.itemNotOpen(item.status);
      await this.assertNotExcluded(manager, meetingId, itemId, participant);
      const repository = manager.getRepository(SpeakerEntity);
      const open = await repository.findOne({ where: [{ itemId, userId: participant.userId, state: 'waiting' }, { itemId, userId: participant.userId, state: 'speaking' }] });
      if (open) throw meetingErrors.alreadyRequested();
      await repository.insert({ id: randomUUID(), meetingId, itemId, userId: participant.userId, state: 'waiting', requestedAt: this.store.now(), startedAt: null, endedAt: null });
      const data = await this.store.speakersData(meetingId, itemId, manager);
      return { result: data.speakers, event: { kind: 'speakers', data }, audit: { action: 'speaker.requested', details: { itemId } } };
    });
  }

  withdrawFloor(meetingId: string, itemId: string, user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.store.accessTo(meeting, user, manager);
      const repository = manager.getRepository(SpeakerEntity);
      const mine = await repository.findOne({ where: { meetingId, itemId, userId: user.id, state: 'waiting' } });
      if (!mine) throw meetingErrors.speakerNotFound();
      await repository.update({ id: mine.id }, { state: 'withdrawn', endedAt: this.store.now() });
      const data = await this.store.speakersData(meetingId, itemId, manager);
      return { result: data.speakers, event: { kind: 'speakers', data }, audit: { action: 'speaker.withdrawn', details: { itemId } } };
    });
  }

  /**
   * The chair gives the floor: to a named request, or (speakerId null) to the next waiting one.
   * Whoever was speaking on the item is done. Nobody excluded from the item is given the floor:
   * naming one is refused, and the next in line skips them.
   */
  grantFloor(meetingId: string, itemId: string, speakerId: string | null, user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      this.assertRunning(meeting);
      const repository = manager.getRepository(SpeakerEntity);
      const list = (await repository.find({ where: { meetingId, itemId } })).sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
      const excluded = await this.store.excludedFrom(meetingId, itemId, manager);
      const next = speakerId ? list.find((s) => s.id === speakerId && s.state === 'waiting') : list.find((s) => s.state === 'waiting' && !excluded.has(s.userId));
      if (speakerId && !next) throw meetingErrors.speakerNotFound();
      if (next && excluded.has(next.userId)) throw meetingErrors.excludedFromItem();
      const now = this.store.now();
      for (const speaking of list.filter((s) => s.state === 'speaking')) await repository.update({ id: speaking.id }, { state: 'done', endedAt: now });
      if (next) await repository.update({ id: next.id }, { state: 'speaking', startedAt: now });
      const data = await this.store.speakersData(meetingId, itemId, manager);
      return { result: data.speakers, event: { kind: 'speakers', data }, audit: { action: 'speaker.granted', details: { itemId, speakerId: next?.id ?? null } } };
    });
  }

  endSpeaker(meetingId: string, itemId: string, speakerId: string, user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      const repository = manager.getRepository(SpeakerEntity);
      const speaker = await repository.findOne({ where: { id: speakerId, meetingId, itemId } });
      if (!speaker || (speaker.state !== 'speaking' && speaker.state !== 'waiting')) throw meetingErrors.speakerNotFound();
      await repository.update({ id: speakerId }, { state: speaker.state === 'speaking' ? 'done' : 'withdrawn', endedAt: this.store.now() });
      const data = await this.store.speakersData(meetingId, itemId, manager);
      return { result: data.speakers, event: { kind: 'speakers', data }, audit: { action: 'speaker.ended', details: { itemId, speakerId } } };
    });
  }

  // --- votes (biểu quyết) ----------------------------------------------------------------------

  openVote(meetingId: string, request: OpenVoteRequest, user: AuthenticatedUser): Promise<VoteResponse> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      if (meeting.status !== 'in_session') throw meetingErrors.notInSession();
      const item = await this.store.item(meetingId, request.itemId, manager);
      if (item.status === 'withdrawn' || item.status === 'deferred') throw meetingErrors.itemNotOpen(item.status);
      if (await manager.getRepository(VoteEntity).exists({ where: { meetingId, status: 'open' } })) throw meetingErrors.voteAlreadyOpen();
      const participants = await this.store.participants(meetingId, manager);
      const excluded = await this.store.excludedFrom(meetingId, item.id, manager, participants);
      const vote: VoteEntity = {
        id: randomUUID(),
        meetingId,
        itemId: item.id,
        question: request.question.trim(),
        secret: request.secret,
        status: 'open',
        eligible: this.eligible(meeting, participants, excluded),
        result: null,
        openedAt: this.store.now(),
        closedAt: null,
      };
      await manager.getRepository(VoteEntity).insert(vote);
      const data = await this.store.voteData(meeting, vote, manager);
      return {
        result: data.vote,
        event: { kind: 'vote', data },
        audit: { action: 'vote.opened', details: { voteId: vote.id, itemId: item.id, secret: vote.secret } },
      };
    });
  }

  /**
   * One ballot per voter. In a named vote a second cast replaces the first until the vote closes.
   * In a secret vote the ballot is final: that the member voted goes in his row, his choice only
   * into the vote's count of that choice, and nothing stored leads from one to the other.
   */
  castVote(meetingId: string, voteId: string, choice: VoteChoice, user: AuthenticatedUser): Promise<VoteResponse> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      const vote = await manager.getRepository(VoteEntity).findOne({ where: { id: voteId, meetingId } });
      if (!vote) throw meetingErrors.voteNotFound();
      const access = await this.store.accessTo(meeting, user, manager);
      if (vote.status !== 'open') throw meetingErrors.voteClosed();
      const participants = await this.store.participants(meetingId, manager);
      const me = access.participant;
      if (!me || !(isVotingMember(me.role) || me.role === 'delegate')) throw meetingErrors.notVoter();
      if ((await this.store.excludedFrom(meetingId, vote.itemId, manager, participants)).has(me.userId)) throw meetingErrors.excludedFromItem();
      if (!this.mayVote(meeting, participants, me)) throw me.role === 'delegate' && !meeting.delegatesMayVote ? meetingErrors.notVoter() : meetingErrors.notPresent();
      const ballots = manager.getRepository(VoteBallotEntity);
      const existing = await ballots.findOne({ where: { voteId, userId: user.id } });
      if (vote.secret) {
        if (existing) throw meetingErrors.secretVoteCast();
        await ballots.insert({ voteId, userId: user.id, choice: null, castAt: this.store.now(), revision: 1 });
        await this.countSecretChoice(manager, voteId, choice);
      } else if (existing) await ballots.update({ voteId, userId: user.id }, { choice, castAt: this.store.now(), revision: existing.revision + 1 });
      else await ballots.insert({ voteId, userId: user.id, choice, castAt: this.store.now(), revision: 1 });
      const data = await this.store.voteData(meeting, vote, manager);
      return {
        // The caller hears back his own choice, in a secret vote too: it is in his request, not stored.
        result: projectVote(data.vote, access.viewer, choice, true),
        event: { kind: 'vote', data },
        // A secret vote's audit entry records that the member voted, never how.
        audit: { action: 'vote.cast', details: vote.secret ? { voteId } : { voteId, choice } },
      };
    });
  }

  closeVote(meetingId: string, voteId: string, user: AuthenticatedUser): Promise<VoteResponse> {
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.assertManager(manager, meeting, user);
      const repository = manager.getRepository(VoteEntity);
      const vote = await repository.findOne({ where: { id: voteId, meetingId } });
      if (!vote) throw meetingErrors.voteNotFound();
      if (vote.status !== 'open') throw meetingErrors.voteClosed();
      const ballots = await manager.getRepository(VoteBallotEntity).find({ where: { voteId } });
      const participants = await this.store.participants(meetingId, manager);
      const excluded = await this.store.excludedFrom(meetingId, vote.itemId, manager, participants);
      const result = tally(meeting, participants, vote, vote.secret ? await this.secretChoices(manager, voteId) : ballots, excluded);
      vote.status = 'closed';
      vote.closedAt = this.store.now();
      vote.result = JSON.stringify(result);
      await repository.save(vote);
      const item = await manager.getRepository(AgendaItemEntity).findOne({ where: { id: vote.itemId } });
      if (item) await manager.getRepository(AgendaItemEntity).update({ id: item.id }, { voteResult: vote.result, version: item.version + 1 });
      const data = { vote: toVoteResponse(vote, ballots, result.quorum ?? computeQuorum(meeting, participants, excluded)) };
      return {
        result: data.vote,
        event: { kind: 'vote', data },
        // The item changed too (its result and version): every screen gets it, so the chair's next
        // write on the item (its conclusion) carries the version the server has.
        alsoEvents: item ? [{ kind: 'agenda', data: await this.store.agendaData(meeting, manager) }] : [],
        audit: { action: 'vote.closed', details: { voteId, result } },
      };
    });
  }

  async getVote(meetingId: string, voteId: string, user: AuthenticatedUser): Promise<VoteResponse> {
    const access = await this.store.access(meetingId, user);
    const vote = await this.store.manager.getRepository(VoteEntity).findOne({ where: { id: voteId, meetingId } });
    if (!vote) throw meetingErrors.voteNotFound();
    const data = await this.store.voteData(access.meeting, vote, this.store.manager);
    const ballot = await this.store.manager.getRepository(VoteBallotEntity).findOne({ where: { voteId, userId: user.id } });
    return projectVote(data.vote, access.viewer, ballot?.choice ?? null, !!ballot);
  }

  // --- exclusions (conflict of interest) -----------------------------------------------------

  /**
   * After an item's exclusions changed (the papers domain stores them), in the same change: whoever
   * is now excluded leaves the item's list of speakers (a waiting request is withdrawn, a speaker
   * is done), loses his position on it, and, if a vote on the item is open, his ballot is discarded
   * and the vote's eligible count follows. Returns the live events this causes.
   */
  async applyExclusions(manager: EntityManager, meeting: MeetingEntity, itemId: string): Promise<MeetingEventPayload[]> {
    const participants = await this.store.participants(meeting.id, manager);
    const excluded = [...(await this.store.excludedFrom(meeting.id, itemId, manager, participants))];
    const events: MeetingEventPayload[] = [];
    const now = this.store.now();
    const speakers = manager.getRepository(SpeakerEntity);
    const onList = excluded.length ? await speakers.find({ where: { meetingId: meeting.id, itemId, userId: In(excluded), state: In(['waiting', 'speaking']) } }) : [];
    for (const speaker of onList) await speakers.update({ id: speaker.id }, { state: speaker.state === 'speaking' ? 'done' : 'withdrawn', endedAt: now });
    if (onList.length) events.push({ kind: 'speakers', data: await this.store.speakersData(meeting.id, itemId, manager) });
    const positions = manager.getRepository(PositionEntity);
    if (excluded.length && (await positions.exists({ where: { itemId, userId: In(excluded) } }))) {
      await positions.delete({ itemId, userId: In(excluded) });
      events.push({ kind: 'positions', data: await this.store.positionsData(meeting.id, manager) });
    }
    const votes = manager.getRepository(VoteEntity);
    const open = await votes.findOne({ where: { meetingId: meeting.id, itemId, status: 'open' } });
    if (open) {
      if (excluded.length && open.secret && (await manager.getRepository(VoteBallotEntity).exists({ where: { voteId: open.id, userId: In(excluded) } }))) {
        throw meetingErrors.secretVoteExclusion();
      }
      if (excluded.length) await manager.getRepository(VoteBallotEntity).delete({ voteId: open.id, userId: In(excluded) });
      open.eligible = this.eligible(meeting, participants, new Set(excluded));
      await votes.update({ id: open.id }, { eligible: open.eligible });
      events.push({ kind: 'vote', data: await this.store.voteData(meeting, open, manager) });
    }
    return events;
  }

  /** Adds one to the count of `choice` in a secret vote (the meeting is locked by the change). */
  private async countSecretChoice(manager: EntityManager, voteId: string, choice: VoteChoice): Promise<void> {
    const counts = manager.getRepository(SecretVoteCountEntity);
    const row = await counts.findOne({ where: { voteId, choice } });
    if (row) await counts.update({ voteId, choice }, { count: row.count + 1 });
    else await counts.insert({ voteId, choice, count: 1 });
  }

  /** A secret vote's choices as the tally reads them: one per ballot counted, in no voter's order. */
  private async secretChoices(manager: EntityManager, voteId: string): Promise<{ choice: VoteChoice }[]> {
    const counts = await manager.getRepository(SecretVoteCountEntity).find({ where: { voteId } });
    return counts.flatMap((row) => Array.from({ length: row.count }, () => ({ choice: row.choice })));
  }

  private async assertNotExcluded(manager: EntityManager, meetingId: string, itemId: string, participant: ParticipantEntity): Promise<void> {
    if ((await this.store.excludedItemsOf(meetingId, participant, manager)).has(itemId)) throw meetingErrors.excludedFromItem();
  }

  // --- rules -----------------------------------------------------------------------------------

  /** Who may vote on an item: present members and allowed delegates, without those excluded from it. */
  private eligible(meeting: MeetingEntity, participants: readonly ParticipantEntity[], excluded: ReadonlySet<string>): number {
    return participants.filter((p) => !excluded.has(p.userId) && this.mayVote(meeting, participants, p)).length;
  }

  /** Present members vote; a delegate votes for a represented member when the meeting allows. */
  private mayVote(meeting: MeetingEntity, participants: readonly ParticipantEntity[], p: ParticipantEntity): boolean {
    if (isVotingMember(p.role)) return p.attendance === 'in_room' || p.attendance === 'remote';
    if (p.role !== 'delegate' || !meeting.delegatesMayVote) return false;
    const principal = participants.find((q) => q.userId === p.delegateForUserId);
    return principal?.attendance === 'represented' && (p.attendance === 'in_room' || p.attendance === 'remote');
  }

  private async memberOf(manager: EntityManager, meeting: MeetingEntity, user: AuthenticatedUser): Promise<ParticipantEntity> {
    const access = await this.store.accessTo(meeting, user, manager);
    const participant = access.participant;
    if (!participant || !(isVotingMember(participant.role) || participant.role === 'delegate')) throw meetingErrors.notVoter();
    return participant;
  }

  private async assertManager(manager: EntityManager, meeting: MeetingEntity, user: AuthenticatedUser): Promise<void> {
    if ((await this.store.accessTo(meeting, user, manager)).viewer !== 'manager') throw meetingErrors.notManager();
  }

  private assertRunning(meeting: MeetingEntity): void {
    if (meeting.status === 'closed') throw meetingErrors.closed();
    if (meeting.status !== 'in_session' && meeting.status !== 'adjourned') throw meetingErrors.notInSession();
  }
}

/**
 * More than half of all members (or of those eligible, per the meeting's rule) must agree. Members
 * excluded from the item are not among "all members": they are counted apart, with the item's quorum.
 */
export function tally(
  meeting: Pick<MeetingEntity, 'voteRule' | 'quorumNumerator' | 'quorumDenominator'>,
  participants: readonly ParticipantEntity[],
  vote: Pick<VoteEntity, 'eligible'>,
  ballots: readonly Pick<VoteBallotEntity, 'choice'>[],
  excluded: ReadonlySet<string> = new Set(),
): VoteResultResponse {
  const count = (choice: VoteChoice) => ballots.filter((b) => b.choice === choice).length;
  const quorum = computeQuorum(meeting, participants, excluded);
  const base = meeting.voteRule === 'majority_of_all' ? quorum.members : vote.eligible;
  const needed = Math.floor(base / 2) + 1;
  const agree = count('agree');
  return { agree, disagree: count('disagree'), abstain: count('abstain'), eligible: vote.eligible, needed, passed: agree >= needed, excluded: quorum.excluded ?? 0, quorum };
}
