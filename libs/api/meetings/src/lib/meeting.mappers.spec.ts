import type { MeetingEvent, MeetingRole, VoteResponse } from '@ecabinet/shared/contracts';
import type { AgendaItemEntity, MeetingEntity, ParticipantEntity } from './entities';
import { isExcluded, projectMeetingEvent, toAgendaResponses, withholdMeetingEvent } from './meeting.mappers';
import { tally } from './session.service';

const item = (id: string, parentId: string | null, position: number): AgendaItemEntity => ({
  id,
  meetingId: 'm',
  parentId,
  position,
  title: id,
  summary: null,
  presenter: null,
  plannedMinutes: null,
  status: 'pending',
  conclusion: null,
  adoptedWithoutDebate: false,
  voteResult: null,
  startedAt: null,
  version: 1,
});

describe('toAgendaResponses', () => {
  it('orders the tree (each parent followed by its children) and numbers it', () => {
    const items = [item('b', null, 1), item('a2', 'a', 1), item('a', null, 0), item('a1', 'a', 0), item('c', null, 2)];
    expect(toAgendaResponses(items).map((i) => [i.number, i.id])).toEqual([
      ['1', 'a'],
      ['1.1', 'a1'],
      ['1.2', 'a2'],
      ['2', 'b'],
      ['3', 'c'],
    ]);
  });
});

const participant = (userId: string, role: MeetingRole = 'member', delegateForUserId: string | null = null): ParticipantEntity => ({
  meetingId: 'm',
  userId,
  role,
  delegateForUserId,
  attendance: 'in_room',
});

describe('vote tally', () => {
  const members = Array.from({ length: 9 }, (_, i) => participant(`u${i}`));
  const ballots = (agree: number, disagree: number) => [...Array(agree).fill({ choice: 'agree' }), ...Array(disagree).fill({ choice: 'disagree' })];
  const rule = (voteRule: MeetingEntity['voteRule']) => ({ voteRule, quorumNumerator: 2, quorumDenominator: 3 });

  it('passes with more than half of ALL members agreeing by default', () => {
    expect(tally(rule('majority_of_all'), members, { eligible: 6 }, ballots(4, 1))).toMatchObject({ needed: 5, passed: false, excluded: 0 });
    expect(tally(rule('majority_of_all'), members, { eligible: 6 }, ballots(5, 1))).toMatchObject({ needed: 5, passed: true });
  });

  it('can count against those present instead', () => {
    expect(tally(rule('majority_of_present'), members, { eligible: 6 }, ballots(4, 1))).toMatchObject({ needed: 4, passed: true });
  });

  it('leaves members excluded from the item out of "all members" and out of its quorum, counted apart', () => {
    expect(tally(rule('majority_of_all'), members, { eligible: 7 }, ballots(4, 1), new Set(['u0', 'u1']))).toMatchObject({
      needed: 4,
      passed: true,
      excluded: 2,
      quorum: { members: 7, present: 7, required: 5, excluded: 2 },
    });
  });
});

describe('exclusion from an item', () => {
  it('excludes the member named and a deputy standing in for him, nobody else', () => {
    const named = new Set(['minister']);
    expect(isExcluded(participant('minister'), named)).toBe(true);
    expect(isExcluded(participant('deputy', 'delegate', 'minister'), named)).toBe(true);
    expect(isExcluded(participant('other-deputy', 'delegate', 'someone'), named)).toBe(false);
    expect(isExcluded(participant('someone'), named)).toBe(false);
  });

  it('gives the excluded nothing of a papers event but its seq', () => {
    const papers: MeetingEvent = { meetingId: 'm', seq: 7, kind: 'papers', data: { itemId: 'i', paperId: 'p', version: 2, change: 'replaced' }, at: 'now' };
    expect(withholdMeetingEvent(papers)).toEqual({ meetingId: 'm', seq: 7, kind: 'withheld', data: {}, at: 'now' });
  });
});

describe('projectMeetingEvent', () => {
  const vote: VoteResponse = {
    id: 'v',
    itemId: 'i',
    question: '?',
    secret: true,
    status: 'open',
    openedAt: '',
    closedAt: null,
    eligible: 9,
    excluded: 0,
    quorum: { members: 9, present: 9, required: 6, reached: true, excluded: 0 },
    votedCount: 2,
    voterIds: ['u1', 'u2'],
    ballots: null,
    myChoice: null,
    result: null,
  };

  it('hides who voted and who said what from members, not from the chair', () => {
    const voteEvent: MeetingEvent = { meetingId: 'm', seq: 3, kind: 'vote', data: { vote }, at: '' };
    expect(projectMeetingEvent(voteEvent, 'participant')).toMatchObject({ seq: 3, data: { vote: { voterIds: null, votedCount: 2 } } });
    expect(projectMeetingEvent(voteEvent, 'manager')).toBe(voteEvent);
    const positions: MeetingEvent = {
      meetingId: 'm',
      seq: 4,
      kind: 'positions',
      data: { tallies: [], positions: [{ itemId: 'i', userId: 'u1', fullName: 'A', position: 'objection', note: 'secret', updatedAt: '' }] },
      at: '',
    };
    expect(JSON.stringify(projectMeetingEvent(positions, 'participant'))).not.toContain('secret');
  });
});
