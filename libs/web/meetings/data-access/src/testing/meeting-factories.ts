import type {
  AgendaItemResponse,
  MeetingEvent,
  MeetingEventData,
  MeetingEventKind,
  MeetingResponse,
  MeetingSnapshot,
  ParticipantResponse,
  SpeakerResponse,
  VoteResponse,
} from '@ecabinet/shared/contracts';

/** Test data for the meetings pages: valid wire objects with sensible Vietnamese defaults. */

export const MEETING_ID = '5b1c2f0e-8a44-4c55-9d2a-0c1d7f3e9a10';

export function participant(overrides: Partial<ParticipantResponse> = {}): ParticipantResponse {
  return {
    userId: 'u-member1',
    fullName: 'Lê Quang Huy',
    title: 'Bộ trưởng Bộ Tài chính',
    role: 'member',
    delegateForUserId: null,
    attendance: 'unknown',
    ...overrides,
  };
}

export function meetingResponse(overrides: Partial<MeetingResponse> = {}): MeetingResponse {
  return {
    id: MEETING_ID,
    title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
    kind: 'regular',
    place: 'Phòng họp A, Trụ sở Chính phủ',
    onlineLink: null,
    startsAt: '2026-11-19T01:00:00.000Z',
    endsAt: '2026-11-19T10:00:00.000Z',
    status: 'published',
    myRole: 'member',
    itemCount: 0,
    version: 2,
    agendaVersion: 1,
    quorumNumerator: 2,
    quorumDenominator: 3,
    voteRule: 'majority_of_all',
    delegatesMayVote: false,
    speakingLimitMinutes: null,
    participants: [
      participant({ userId: 'u-chair', fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ', role: 'chair' }),
      participant(),
      participant({ userId: 'u-member2', fullName: 'Phạm Thị Lan', title: 'Bộ trưởng Bộ Tư pháp' }),
    ],
    quorum: { members: 3, present: 0, required: 2, reached: false },
    currentItemId: null,
    adoptedWithoutDebateAt: null,
    ...overrides,
  };
}

export function agendaItem(overrides: Partial<AgendaItemResponse> & { id: string }): AgendaItemResponse {
  return {
    parentId: null,
    number: '1',
    position: 0,
    title: `Nội dung ${overrides.id}`,
    summary: null,
    presenter: null,
    plannedMinutes: null,
    status: 'pending',
    conclusion: null,
    conclusionPending: false,
    adoptedWithoutDebate: false,
    voteResult: null,
    version: 1,
    startedAt: null,
    ...overrides,
  };
}

export function speaker(overrides: Partial<SpeakerResponse> & { id: string; itemId: string }): SpeakerResponse {
  return {
    userId: 'u-member1',
    fullName: 'Lê Quang Huy',
    state: 'waiting',
    requestedAt: '2026-11-19T01:10:00.000Z',
    startedAt: null,
    endedAt: null,
    ...overrides,
  };
}

export function voteResponse(overrides: Partial<VoteResponse> & { id: string; itemId: string }): VoteResponse {
  return {
    question: 'Thông qua nội dung này?',
    secret: false,
    status: 'open',
    openedAt: '2026-11-19T02:00:00.000Z',
    closedAt: null,
    eligible: 3,
    excluded: 0,
    quorum: { members: 3, present: 3, required: 2, reached: true, excluded: 0 },
    votedCount: 0,
    voterIds: null,
    ballots: null,
    myChoice: null,
    voted: false,
    result: null,
    ...overrides,
  };
}

export function meetingSnapshot(overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot {
  const agenda = overrides.agenda ?? [];
  return {
    meeting: meetingResponse({ itemCount: agenda.length }),
    agenda,
    speakers: [],
    openVote: null,
    votes: overrides.openVote ? [overrides.openVote] : [],
    myPositions: [],
    positionTallies: agenda.map((item) => ({ itemId: item.id, noObjection: 0, objection: 0, wishToSpeak: 0 })),
    positions: null,
    exclusions: [],
    ...overrides,
  };
}

export function meetingEvent<K extends MeetingEventKind>(kind: K, seq: number, data: MeetingEventData[K], meetingId = MEETING_ID): MeetingEvent {
  return { meetingId, seq, kind, data, at: '2026-11-19T02:00:00.000Z' } as MeetingEvent;
}
