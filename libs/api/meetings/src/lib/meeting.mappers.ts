import type {
  AgendaItemResponse,
  MeetingEvent,
  MeetingResponse,
  MeetingRole,
  MeetingSummaryResponse,
  ParticipantResponse,
  PositionResponse,
  PositionTally,
  QuorumResponse,
  SpeakerResponse,
  VoteResponse,
  VoteResultResponse,
} from '@ecabinet/shared/contracts';
import type { UserEntity } from '@ecabinet/api/identity';
import type { AgendaItemEntity, MeetingEntity, ParticipantEntity, PositionEntity, SpeakerEntity, VoteBallotEntity, VoteEntity } from './entities';

export type Viewer = 'manager' | 'participant';

/** Items in tree order (parents, each followed by its children) with their numbers. */
export function toAgendaResponses(items: readonly AgendaItemEntity[]): AgendaItemResponse[] {
  const byParent = new Map<string | null, AgendaItemEntity[]>();
  for (const item of items) {
    const siblings = byParent.get(item.parentId) ?? [];
    siblings.push(item);
    byParent.set(item.parentId, siblings);
  }
  const out: AgendaItemResponse[] = [];
  const walk = (parentId: string | null, prefix: string) => {
    const siblings = (byParent.get(parentId) ?? []).sort((a, b) => a.position - b.position);
    siblings.forEach((item, index) => {
      const number = prefix ? `${prefix}.${index + 1}` : String(index + 1);
      out.push({
        id: item.id,
        parentId: item.parentId,
        number,
        position: item.position,
        title: item.title,
        summary: item.summary,
        presenter: item.presenter,
        plannedMinutes: item.plannedMinutes,
        status: item.status,
        conclusion: item.conclusion,
        conclusionPending: item.conclusionPending ?? false,
        adoptedWithoutDebate: item.adoptedWithoutDebate,
        voteResult: item.voteResult ? withExcluded(JSON.parse(item.voteResult) as VoteResultResponse) : null,
        version: item.version,
        startedAt: item.startedAt?.toISOString() ?? null,
      });
      walk(item.id, number);
    });
  };
  walk(null, '');
  return out;
}

/** Results stored before exclusions were counted have no `excluded`: none were. */
function withExcluded(result: VoteResultResponse): VoteResultResponse {
  return { ...result, excluded: (result.excluded as number | undefined) ?? 0 };
}

export const PRESENT_STATES = new Set(['in_room', 'remote', 'represented']);

export function isVotingMember(role: MeetingRole): boolean {
  return role === 'chair' || role === 'member';
}

/**
 * Whose exclusion from an item (conflict of interest) excludes this participant: his own and, for
 * a deputy, his principal's, so that a deputy cannot take part where the member he stands in for
 * may not. The one rule behind papers, positions, the list of speakers, votes and quorum.
 */
export function exclusionSubjects(participant: Pick<ParticipantEntity, 'userId' | 'delegateForUserId'>): string[] {
  return participant.delegateForUserId ? [participant.userId, participant.delegateForUserId] : [participant.userId];
}

/** Whether a participant is excluded from an item, given the users named in its exclusions. */
export function isExcluded(participant: Pick<ParticipantEntity, 'userId' | 'delegateForUserId'>, named: ReadonlySet<string>): boolean {
  return exclusionSubjects(participant).some((userId) => named.has(userId));
}

/**
 * The meeting's quorum; with `excluded` (an item's excluded user ids) the item's quorum, where
 * the excluded members count neither as members nor as absent.
 */
export function computeQuorum(meeting: Pick<MeetingEntity, 'quorumNumerator' | 'quorumDenominator'>, participants: readonly ParticipantEntity[], excluded?: ReadonlySet<string>): QuorumResponse {
  const all = participants.filter((p) => isVotingMember(p.role));
  const members = excluded ? all.filter((p) => !excluded.has(p.userId)) : all;
  const present = members.filter((p) => PRESENT_STATES.has(p.attendance)).length;
  const required = Math.ceil((members.length * meeting.quorumNumerator) / meeting.quorumDenominator);
  const quorum: QuorumResponse = { members: members.length, present, required, reached: members.length > 0 && present >= required };
  return excluded ? { ...quorum, excluded: all.length - members.length } : quorum;
}

export function toParticipantResponses(participants: readonly ParticipantEntity[], users: ReadonlyMap<string, UserEntity>): ParticipantResponse[] {
  const order: Record<MeetingRole, number> = { chair: 0, member: 1, delegate: 2, observer: 3, secretary: 4 };
  return [...participants]
    .sort((a, b) => order[a.role] - order[b.role] || (users.get(a.userId)?.username ?? '').localeCompare(users.get(b.userId)?.username ?? ''))
    .map((p) => ({
      userId: p.userId,
      fullName: users.get(p.userId)?.fullName ?? '',
      title: users.get(p.userId)?.title ?? null,
      role: p.role,
      delegateForUserId: p.delegateForUserId,
      attendance: p.attendance,
    }));
}

export function toMeetingSummary(meeting: MeetingEntity, myRole: MeetingRole | null, itemCount: number): MeetingSummaryResponse {
  return {
    id: meeting.id,
    title: meeting.title,
    kind: meeting.kind,
    place: meeting.place,
    onlineLink: meeting.onlineLink,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt?.toISOString() ?? null,
    status: meeting.status,
    myRole,
    itemCount,
  };
}

export function toMeetingResponse(
  meeting: MeetingEntity,
  myRole: MeetingRole | null,
  itemCount: number,
  participants: readonly ParticipantEntity[],
  users: ReadonlyMap<string, UserEntity>,
): MeetingResponse {
  return {
    ...toMeetingSummary(meeting, myRole, itemCount),
    version: meeting.version,
    agendaVersion: meeting.agendaVersion,
    quorumNumerator: meeting.quorumNumerator,
    quorumDenominator: meeting.quorumDenominator,
    voteRule: meeting.voteRule,
    delegatesMayVote: meeting.delegatesMayVote,
    speakingLimitMinutes: meeting.speakingLimitMinutes ?? null,
    participants: toParticipantResponses(participants, users),
    quorum: computeQuorum(meeting, participants),
    currentItemId: meeting.currentItemId,
    adoptedWithoutDebateAt: meeting.adoptedWithoutDebateAt?.toISOString() ?? null,
  };
}

export function toSpeakerResponses(speakers: readonly SpeakerEntity[], users: ReadonlyMap<string, UserEntity>): SpeakerResponse[] {
  return [...speakers]
    .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
    .map((s) => ({
      id: s.id,
      itemId: s.itemId,
      userId: s.userId,
      fullName: users.get(s.userId)?.fullName ?? '',
      state: s.state,
      requestedAt: s.requestedAt.toISOString(),
      startedAt: s.startedAt?.toISOString() ?? null,
      endedAt: s.endedAt?.toISOString() ?? null,
    }));
}

export function toPositionResponses(positions: readonly PositionEntity[], users: ReadonlyMap<string, UserEntity>): PositionResponse[] {
  return positions.map((p) => ({
    itemId: p.itemId,
    userId: p.userId,
    fullName: users.get(p.userId)?.fullName ?? '',
    position: p.position,
    note: p.note,
    updatedAt: p.updatedAt.toISOString(),
  }));
}

export function tallyPositions(itemIds: readonly string[], positions: readonly PositionEntity[]): PositionTally[] {
  return itemIds.map((itemId) => {
    const mine = positions.filter((p) => p.itemId === itemId);
    return {
      itemId,
      noObjection: mine.filter((p) => p.position === 'no_objection').length,
      objection: mine.filter((p) => p.position === 'objection').length,
      wishToSpeak: mine.filter((p) => p.position === 'wish_to_speak').length,
    };
  });
}

/** The full view of a vote (chair and secretariat); {@link projectVote} trims it per viewer. */
export function toVoteResponse(vote: VoteEntity, ballots: readonly VoteBallotEntity[], itemQuorum: QuorumResponse): VoteResponse {
  const result = vote.result ? (JSON.parse(vote.result) as VoteResultResponse) : null;
  return {
    id: vote.id,
    itemId: vote.itemId,
    question: vote.question,
    secret: vote.secret,
    status: vote.status,
    openedAt: vote.openedAt.toISOString(),
    closedAt: vote.closedAt?.toISOString() ?? null,
    eligible: vote.eligible,
    // A closed vote keeps what held when it closed; an open one follows the item's exclusions.
    excluded: result ? ((result.excluded as number | undefined) ?? 0) : (itemQuorum.excluded ?? 0),
    quorum: result?.quorum ?? itemQuorum,
    votedCount: ballots.length,
    voterIds: ballots.map((b) => b.userId).sort(),
    ballots: !vote.secret && vote.status === 'closed' ? ballots.flatMap((b) => (b.choice ? [{ userId: b.userId, choice: b.choice }] : [])) : null,
    myChoice: null,
    voted: false,
    result: result ? withExcluded(result) : null,
  };
}

export function projectVote(vote: VoteResponse, viewer: Viewer, myChoice: VoteResponse['myChoice'] = null, voted = myChoice !== null): VoteResponse {
  return { ...vote, voterIds: viewer === 'manager' ? vote.voterIds : null, myChoice, voted };
}

/** What a viewer may see of an event: the chair and secretariat see everything. */
/**
 * What a participant excluded from an item gets instead of a `papers` event of it (live and on
 * catching up): nothing but the `seq`, so the item's papers are not even named.
 */
export function withholdMeetingEvent(event: MeetingEvent): MeetingEvent {
  return { meetingId: event.meetingId, seq: event.seq, kind: 'withheld', data: {}, at: event.at };
}

export function projectMeetingEvent(event: MeetingEvent, viewer: Viewer): MeetingEvent {
  if (viewer === 'manager') return event;
  switch (event.kind) {
    case 'positions':
      return { ...event, data: { tallies: event.data.tallies, positions: null } };
    case 'vote':
      return { ...event, data: { vote: projectVote(event.data.vote, viewer) } };
    case 'agenda':
    case 'current-item':
    case 'status':
    case 'speakers':
    case 'attendance':
    case 'papers':
    case 'exclusions':
    case 'withheld':
      return event;
  }
}
