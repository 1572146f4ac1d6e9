import type { MeetingEvent, VoteResponse } from '@ecabinet/shared/contracts';
import type { AgendaItemEntity } from './entities';
import { projectMeetingEvent, toAgendaResponses } from './meeting.mappers';
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

describe('vote tally', () => {
  const members = Array.from({ length: 9 }, () => ({ role: 'member' as const }));
  const ballots = (agree: number, disagree: number) => [...Array(agree).fill({ choice: 'agree' }), ...Array(disagree).fill({ choice: 'disagree' })];

  it('passes with more than half of ALL members agreeing by default', () => {
    expect(tally({ voteRule: 'majority_of_all' }, members, { eligible: 6 }, ballots(4, 1))).toMatchObject({ needed: 5, passed: false });
    expect(tally({ voteRule: 'majority_of_all' }, members, { eligible: 6 }, ballots(5, 1))).toMatchObject({ needed: 5, passed: true });
  });

  it('can count against those present instead', () => {
    expect(tally({ voteRule: 'majority_of_present' }, members, { eligible: 6 }, ballots(4, 1))).toMatchObject({ needed: 4, passed: true });
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
