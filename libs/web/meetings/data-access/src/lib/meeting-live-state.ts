import type {
  AgendaItemResponse,
  ItemExclusionsResponse,
  MeetingEvent,
  MeetingResponse,
  MeetingSnapshot,
  PapersEventData,
  PositionResponse,
  PositionTally,
  SpeakerResponse,
  VoteResponse,
} from '@ecabinet/shared/contracts';

/**
 * What a page knows about one meeting as of `seq`: the join snapshot with every `meeting:event`
 * up to `seq` applied. Plain data, replaced (never mutated) by {@link applyMeetingEvent}.
 */
export interface MeetingLiveState {
  readonly seq: number;
  readonly meeting: MeetingResponse;
  /** In tree order (each parent followed by its sub-items), numbered by the server. */
  readonly agenda: readonly AgendaItemResponse[];
  /** Every item's list of speakers. */
  readonly speakers: readonly SpeakerResponse[];
  /** The open vote, or the last one closed while this page was watching (to show its result). */
  readonly vote: VoteResponse | null;
  /** Every vote of the meeting, oldest first, with the caller's own choice in each. */
  readonly votes: readonly VoteResponse[];
  /** The caller's own positions, with notes. */
  readonly myPositions: readonly PositionResponse[];
  readonly positionTallies: readonly PositionTally[];
  /** Everyone's positions: the chair and the secretariat only, null for others. */
  readonly positions: readonly PositionResponse[] | null;
  /**
   * `seq` of the last `papers` event, or of the snapshot (a gap may have hidden one): pages that
   * list papers re-read them when it moves.
   */
  readonly papersSeq: number;
  /** The last `papers` event seen on this page, for a reader to notice its paper was replaced. */
  readonly lastPapersChange: PapersEventData | null;
  /** Who is excluded from which item (conflict of interest; deputies of those named included). */
  readonly exclusions: readonly ItemExclusionsResponse[];
}

export function stateFromSnapshot(seq: number, snapshot: MeetingSnapshot): MeetingLiveState {
  return {
    seq,
    meeting: snapshot.meeting,
    agenda: snapshot.agenda,
    speakers: snapshot.speakers,
    vote: snapshot.openVote,
    votes: snapshot.votes,
    myPositions: snapshot.myPositions,
    positionTallies: snapshot.positionTallies,
    positions: snapshot.positions,
    papersSeq: seq,
    lastPapersChange: null,
    exclusions: snapshot.exclusions,
  };
}

/**
 * The state after `event`. The caller checks ordering (`event.seq === state.seq + 1`); this only
 * folds the payload in. Events are broadcast to everyone, so they never carry what is the
 * caller's own (`myChoice` of a vote): that survives from the state.
 */
export function applyMeetingEvent(state: MeetingLiveState, event: MeetingEvent): MeetingLiveState {
  const next: MeetingLiveState = { ...state, seq: event.seq };
  switch (event.kind) {
    case 'agenda': {
      const { agendaVersion, items, adoptedWithoutDebate } = event.data;
      return {
        ...next,
        agenda: items,
        meeting: {
          ...state.meeting,
          agendaVersion,
          itemCount: items.length,
          adoptedWithoutDebateAt: adoptedWithoutDebate?.length ? event.at : state.meeting.adoptedWithoutDebateAt,
        },
      };
    }
    case 'current-item':
      return { ...next, agenda: event.data.items, meeting: { ...state.meeting, currentItemId: event.data.currentItemId } };
    case 'status':
      return { ...next, meeting: { ...state.meeting, status: event.data.status, version: event.data.version } };
    case 'speakers':
      return {
        ...next,
        speakers: [...state.speakers.filter((speaker) => speaker.itemId !== event.data.itemId), ...event.data.speakers],
      };
    case 'attendance':
      return { ...next, meeting: { ...state.meeting, participants: event.data.participants, quorum: event.data.quorum } };
    case 'positions':
      return { ...next, positionTallies: event.data.tallies, positions: event.data.positions };
    case 'vote': {
      const vote = event.data.vote;
      const known = state.votes.find((candidate) => candidate.id === vote.id) ?? (state.vote?.id === vote.id ? state.vote : null);
      const myChoice = vote.myChoice ?? known?.myChoice ?? null;
      const voted = vote.voted || !!known?.voted || myChoice !== null;
      const closedResult = vote.status === 'closed' ? vote.result : null;
      const updated = { ...vote, myChoice, voted };
      return {
        ...next,
        vote: updated,
        // A vote never replaces an earlier one: each keeps its place, in the order they were opened.
        votes: known
          ? state.votes.map((candidate) => (candidate.id === vote.id ? updated : candidate))
          : [...state.votes, updated].sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
        // The result is recorded on the item; the server says so with the vote, not an agenda event.
        agenda: closedResult ? state.agenda.map((item) => (item.id === vote.itemId ? { ...item, voteResult: closedResult } : item)) : state.agenda,
      };
    }
    case 'papers':
      // Titles are not in the event (restricted papers): pages re-read the papers they show.
      return { ...next, papersSeq: event.seq, lastPapersChange: event.data };
    case 'exclusions':
      return {
        ...next,
        exclusions: [...state.exclusions.filter((entry) => entry.itemId !== event.data.itemId), ...(event.data.userIds.length ? [event.data] : [])],
      };
    case 'withheld':
      // An event this caller may not see (papers of an item he is excluded from): only seq moves.
      return next;
  }
}

/** Whether this user is excluded from this item (conflict of interest). */
export function isExcludedFrom(state: Pick<MeetingLiveState, 'exclusions'>, itemId: string, userId: string | null): boolean {
  return userId !== null && (state.exclusions.find((entry) => entry.itemId === itemId)?.userIds.includes(userId) ?? false);
}

/** The item under discussion: the meeting's current item while it is `current`, else none. */
export function currentItemOf(state: Pick<MeetingLiveState, 'meeting' | 'agenda'>): AgendaItemResponse | null {
  const byId = state.meeting.currentItemId ? state.agenda.find((item) => item.id === state.meeting.currentItemId) : undefined;
  if (byId?.status === 'current') {
    return byId;
  }
  // An agenda event (an item deferred while current) does not carry the meeting's pointer.
  return state.agenda.find((item) => item.status === 'current') ?? null;
}
