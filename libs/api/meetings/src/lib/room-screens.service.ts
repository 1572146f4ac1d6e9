import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, LessThan, type EntityManager } from 'typeorm';
import {
  MeetingErrorCode,
  ROOM_SCREEN_CODE_ALPHABET,
  ROOM_SCREEN_CODE_LENGTH,
  ROOM_SCREEN_PAIRING_TTL_SECONDS,
  VOTE_CHOICES,
  type PairRoomScreenRequest,
  type RoomScreenClaimResponse,
  type RoomScreenPairingResponse,
  type RoomScreenResponse,
  type RoomScreenView,
  type RoomScreenVote,
  type VoteChoice,
} from '@ecabinet/shared/contracts';
import { DomainError, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { MeetingEntity, ParticipantEntity, RoomScreenEntity, RoomScreenPairingEntity, SpeakerEntity, VoteBallotEntity, VoteEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { computeQuorum, toAgendaResponses, toVoteResponse } from './meeting.mappers';
import { MeetingStore } from './meeting-store';
import { SeatsService } from './seats.service';

/** A paired screen as the socket handshake knows it. */
export interface RoomScreenCaller {
  screenId: string;
  meetingId: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const TOKEN_PREFIX = 'rs';

const screenErrors = {
  codeUnknown: () => new DomainError(MeetingErrorCode.PAIRING_CODE_UNKNOWN, 'No screen shows this code now: check it on the screen (a code lasts 10 minutes and pairs one screen).'),
  pairingNotFound: () => new DomainError(MeetingErrorCode.PAIRING_NOT_FOUND, 'This pairing has expired or was already claimed; ask for a new code.'),
  screenNotFound: () => new DomainError(MeetingErrorCode.ROOM_SCREEN_NOT_FOUND, 'No such room screen for this meeting.'),
};

/** "abc-12 3" → "ABC123": what a person types from across the room. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * Room screens (#15): pairing without a user account, the credential limited to one meeting's
 * view, revocation, and the view itself (whitelisted: what a room may see on its wall).
 */
@Injectable()
export class RoomScreensService {
  constructor(
    private readonly store: MeetingStore,
    private readonly transactions: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly seats: SeatsService,
  ) {}

  /** A new code for a screen waiting to be paired. Expired codes are swept on the way. */
  async startPairing(): Promise<RoomScreenPairingResponse> {
    const repository = this.store.manager.getRepository(RoomScreenPairingEntity);
    const now = this.store.now();
    await repository.delete({ expiresAt: LessThan(now) });
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ROOM_SCREEN_PAIRING_TTL_SECONDS * 1000);
    for (let attempt = 0; ; attempt += 1) {
      const code = Array.from({ length: ROOM_SCREEN_CODE_LENGTH }, () => ROOM_SCREEN_CODE_ALPHABET[randomInt(ROOM_SCREEN_CODE_ALPHABET.length)]).join('');
      const pairing = { id: randomUUID(), code, secretHash: sha256(secret), expiresAt, screenId: null };
      try {
        await repository.insert(pairing);
        return { pairingId: pairing.id, code, secret, expiresAt: expiresAt.toISOString() };
      } catch (error) {
        // The same code is live for another screen (unique index): draw again.
        if (attempt >= 4) throw error;
      }
    }
  }

  /** The screen asks whether it was paired; once it was, it takes its credential (once). */
  async claim(pairingId: string, secret: string): Promise<RoomScreenClaimResponse> {
    return this.transactions.run(async (manager) => {
      const pairings = manager.getRepository(RoomScreenPairingEntity);
      const pairing = await pairings.findOne({ where: { id: pairingId } });
      if (!pairing || !sameHash(pairing.secretHash, sha256(secret))) throw screenErrors.pairingNotFound();
      if (!pairing.screenId) {
        if (pairing.expiresAt <= this.store.now()) throw screenErrors.pairingNotFound();
        return { status: 'waiting', expiresAt: pairing.expiresAt.toISOString() };
      }
      // Deleting the pairing is the claim: of two claims at once, one deletes it.
      const deleted = await pairings.delete({ id: pairing.id, screenId: pairing.screenId });
      if (!deleted.affected) throw screenErrors.pairingNotFound();
      const screens = manager.getRepository(RoomScreenEntity);
      const screen = await screens.findOne({ where: { id: pairing.screenId, revokedAt: IsNull(), tokenHash: IsNull() } });
      if (!screen) throw screenErrors.pairingNotFound();
      const tokenSecret = randomBytes(32).toString('base64url');
      await screens.update({ id: screen.id }, { tokenHash: sha256(tokenSecret), claimedAt: this.store.now() });
      return { status: 'paired', screenToken: `${TOKEN_PREFIX}.${screen.id}.${tokenSecret}`, screenId: screen.id, meetingId: screen.meetingId, label: screen.label };
    });
  }

  /** The chair or the secretariat pairs the screen that shows `code` to this meeting. */
  async pair(meetingId: string, request: PairRoomScreenRequest, user: AuthenticatedUser): Promise<RoomScreenResponse> {
    const screen = await this.store.change<RoomScreenEntity, never>(meetingId, async ({ manager, meeting }) => {
      await this.requireManager(meeting, user, manager);
      if (meeting.status === 'closed') throw meetingErrors.closed();
      const pairings = manager.getRepository(RoomScreenPairingEntity);
      const pairing = await pairings.findOne({ where: { code: normaliseCode(request.code), screenId: IsNull() } });
      if (!pairing || pairing.expiresAt <= this.store.now()) throw screenErrors.codeUnknown();
      const screen: RoomScreenEntity = {
        id: randomUUID(),
        meetingId,
        label: request.label.trim(),
        tokenHash: null,
        pairedBy: user.id,
        pairedAt: this.store.now(),
        claimedAt: null,
        revokedAt: null,
      };
      await manager.getRepository(RoomScreenEntity).insert(screen);
      const bound = await pairings.update({ id: pairing.id, screenId: IsNull() }, { screenId: screen.id });
      if (!bound.affected) throw screenErrors.codeUnknown();
      return { result: screen, audit: { action: 'meeting.room-screen.paired', details: { screenId: screen.id, label: screen.label } } };
    });
    return (await this.toResponses([screen]))[0];
  }

  async list(meetingId: string, user: AuthenticatedUser): Promise<RoomScreenResponse[]> {
    const access = await this.store.access(meetingId, user);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
    const screens = await this.store.manager.getRepository(RoomScreenEntity).find({ where: { meetingId }, order: { pairedAt: 'ASC' } });
    return this.toResponses(screens);
  }

  /** The screen's credential stops working at once, on every instance; a code it had not claimed dies too. */
  async revoke(meetingId: string, screenId: string, user: AuthenticatedUser): Promise<RoomScreenResponse> {
    const screen = await this.store.change<RoomScreenEntity, never>(meetingId, async ({ manager, meeting }) => {
      await this.requireManager(meeting, user, manager);
      const screens = manager.getRepository(RoomScreenEntity);
      const screen = await screens.findOne({ where: { id: screenId, meetingId } });
      if (!screen) throw screenErrors.screenNotFound();
      if (!screen.revokedAt) {
        screen.revokedAt = this.store.now();
        await screens.update({ id: screen.id }, { revokedAt: screen.revokedAt });
        await manager.getRepository(RoomScreenPairingEntity).delete({ screenId: screen.id });
      }
      return { result: screen, audit: { action: 'meeting.room-screen.revoked', details: { screenId: screen.id, label: screen.label } } };
    });
    this.events.publish('room-screen.revoked', { screenId: screen.id, meetingId });
    return (await this.toResponses([screen]))[0];
  }

  /** The screen's handshake: a claimed, unrevoked credential of a meeting that still exists. Null otherwise. */
  async authenticate(token: unknown): Promise<RoomScreenCaller | null> {
    if (typeof token !== 'string') return null;
    const [prefix, screenId, secret, ...rest] = token.split('.');
    if (prefix !== TOKEN_PREFIX || !screenId || !secret || rest.length || !/^[0-9a-f-]{36}$/i.test(screenId)) return null;
    const screen = await this.store.manager.getRepository(RoomScreenEntity).findOne({ where: { id: screenId } });
    if (!screen?.tokenHash || screen.revokedAt || !sameHash(screen.tokenHash, sha256(secret))) return null;
    return { screenId: screen.id, meetingId: screen.meetingId };
  }

  /** Whether any screen of the meeting holds a live credential (so that its view is worth making). */
  async hasScreens(meetingId: string): Promise<boolean> {
    return this.store.manager.getRepository(RoomScreenEntity).exists({ where: { meetingId, revokedAt: IsNull() } });
  }

  /**
   * What the room's wall shows: no papers, no positions, no drafts; of a vote, its count while
   * open and its result once closed, with names only for a named vote. Null when the meeting is gone.
   */
  async view(meetingId: string): Promise<RoomScreenView | null> {
    return this.transactions.run(async (manager) => {
      const meeting = await manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
      if (!meeting) return null;
      const [items, participants] = await Promise.all([this.store.items(meetingId, manager), this.store.participants(meetingId, manager)]);
      const agenda = toAgendaResponses(items);
      const current = meeting.currentItemId ? agenda.find((item) => item.id === meeting.currentItemId) : undefined;
      const currentEntity = current ? items.find((item) => item.id === current.id) : undefined;
      let speaker: RoomScreenView['speaker'] = null;
      let queue: string[] = [];
      let vote: RoomScreenVote | null = null;
      if (current) {
        const [speakers, votes] = await Promise.all([
          manager.getRepository(SpeakerEntity).find({ where: { meetingId, itemId: current.id }, order: { requestedAt: 'ASC' } }),
          manager.getRepository(VoteEntity).find({ where: { meetingId, itemId: current.id }, order: { openedAt: 'DESC' }, take: 1 }),
        ]);
        const users = await this.store.users(speakers.map((s) => s.userId), manager);
        const name = (userId: string) => users.get(userId)?.fullName ?? '';
        const holding = speakers.find((s) => s.state === 'speaking' && s.startedAt);
        if (holding?.startedAt) {
          speaker = { fullName: name(holding.userId), startedAt: holding.startedAt.toISOString(), limitSeconds: meeting.speakingLimitMinutes ? meeting.speakingLimitMinutes * 60 : null };
        }
        queue = speakers.filter((s) => s.state === 'waiting').map((s) => name(s.userId));
        if (votes[0]) vote = await this.voteView(votes[0], meeting, participants, manager);
      }
      const quorum = computeQuorum(meeting, participants);
      return {
        meetingId,
        seq: meeting.lastSeq,
        title: meeting.title,
        place: meeting.place,
        startsAt: meeting.startsAt.toISOString(),
        status: meeting.status,
        quorum: { present: quorum.present, members: quorum.members, reached: quorum.reached },
        itemCount: agenda.length,
        currentItem:
          current && currentEntity
            ? {
                number: current.number,
                title: current.title,
                presenter: current.presenter,
                plannedMinutes: current.plannedMinutes,
                startedAt: meeting.status === 'in_session' ? (currentEntity.startedAt?.toISOString() ?? null) : null,
                spentSeconds: currentEntity.spentSeconds,
              }
            : null,
        speaker,
        queue,
        vote,
        seats: await this.seats.screenSeats(meeting, manager),
        serverTime: this.store.now().toISOString(),
      };
    });
  }

  private async voteView(vote: VoteEntity, meeting: MeetingEntity, participants: ParticipantEntity[], manager: EntityManager): Promise<RoomScreenVote> {
    const ballots = await manager.getRepository(VoteBallotEntity).find({ where: { voteId: vote.id } });
    const response = toVoteResponse(vote, ballots, computeQuorum(meeting, participants));
    let names: RoomScreenVote['names'] = null;
    if (response.ballots) {
      const users = await this.store.users(response.ballots.map((b) => b.userId), manager);
      names = Object.fromEntries(VOTE_CHOICES.map((choice) => [choice, [] as string[]])) as Record<VoteChoice, string[]>;
      for (const ballot of response.ballots) names[ballot.choice].push(users.get(ballot.userId)?.fullName ?? '');
      for (const choice of VOTE_CHOICES) names[choice].sort((a, b) => a.localeCompare(b, 'vi'));
    }
    const result = response.result;
    return {
      question: response.question,
      secret: response.secret,
      status: response.status,
      votedCount: response.votedCount,
      eligible: response.eligible,
      result: result ? { agree: result.agree, disagree: result.disagree, abstain: result.abstain, eligible: result.eligible, needed: result.needed, passed: result.passed } : null,
      names,
    };
  }

  private async requireManager(meeting: MeetingEntity, user: AuthenticatedUser, manager: EntityManager): Promise<void> {
    const access = await this.store.accessTo(meeting, user, manager);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
  }

  private async toResponses(screens: RoomScreenEntity[]): Promise<RoomScreenResponse[]> {
    const users = await this.store.users([...new Set(screens.map((s) => s.pairedBy))]);
    return screens.map((screen) => ({
      id: screen.id,
      meetingId: screen.meetingId,
      label: screen.label,
      pairedAt: screen.pairedAt.toISOString(),
      pairedByName: users.get(screen.pairedBy)?.fullName ?? '',
      claimedAt: screen.claimedAt?.toISOString() ?? null,
      revokedAt: screen.revokedAt?.toISOString() ?? null,
    }));
  }
}
