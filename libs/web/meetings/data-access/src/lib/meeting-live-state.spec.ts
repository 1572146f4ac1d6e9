import { agendaItem, meetingEvent, meetingSnapshot, participant, voteResponse } from '../testing';
import { applyMeetingEvent, currentItemOf, isExcludedFrom, stateFromSnapshot } from './meeting-live-state';

const a = agendaItem({ id: 'a' });
const b = agendaItem({ id: 'b', number: '2', position: 1 });

describe('applyMeetingEvent', () => {
  const start = stateFromSnapshot(5, meetingSnapshot({ agenda: [a, b] }));

  it('moves seq on and leaves the previous state untouched', () => {
    const next = applyMeetingEvent(start, meetingEvent('status', 6, { status: 'in_session', version: 9 }));
    expect(next.seq).toBe(6);
    expect(next.meeting.status).toBe('in_session');
    expect(start.meeting.status).toBe('published');
  });

  it('follows who is excluded from which item, and lets a withheld event move seq on and nothing else', () => {
    const excluded = applyMeetingEvent(start, meetingEvent('exclusions', 6, { itemId: 'a', userIds: ['u-member1'] }));
    expect(isExcludedFrom(excluded, 'a', 'u-member1')).toBe(true);
    expect(isExcludedFrom(excluded, 'b', 'u-member1')).toBe(false);
    expect(isExcludedFrom(excluded, 'a', 'u-member2')).toBe(false);
    const withheld = applyMeetingEvent(excluded, meetingEvent('withheld', 7, {}));
    expect(withheld).toEqual({ ...excluded, seq: 7 });
    const lifted = applyMeetingEvent(withheld, meetingEvent('exclusions', 8, { itemId: 'a', userIds: [] }));
    expect(lifted.exclusions).toEqual([]);
  });

  it('follows the current item, and forgets it once the item is no longer current', () => {
    const current = applyMeetingEvent(
      start,
      meetingEvent('current-item', 6, { currentItemId: 'b', items: [a, { ...b, status: 'current' }] }),
    );
    expect(currentItemOf(current)?.id).toBe('b');
    const deferred = applyMeetingEvent(current, meetingEvent('agenda', 7, { agendaVersion: 1, items: [a, { ...b, status: 'deferred' }] }));
    expect(currentItemOf(deferred)).toBeNull();
  });

  it('keeps every vote: a second vote on an item joins the first, and the caller’s choice survives events', () => {
    const first = voteResponse({ id: 'v1', itemId: 'a', status: 'closed', myChoice: 'agree', openedAt: '2026-11-19T02:00:00.000Z' });
    const withFirst = stateFromSnapshot(5, meetingSnapshot({ agenda: [a, b], votes: [first] }));
    const opened = applyMeetingEvent(withFirst, meetingEvent('vote', 6, { vote: voteResponse({ id: 'v2', itemId: 'a', openedAt: '2026-11-19T02:30:00.000Z' }) }));
    const cast = { ...opened, votes: opened.votes.map((vote) => (vote.id === 'v2' ? { ...vote, myChoice: 'disagree' as const } : vote)) };
    const closed = applyMeetingEvent(cast, meetingEvent('vote', 7, { vote: voteResponse({ id: 'v2', itemId: 'a', status: 'closed', openedAt: '2026-11-19T02:30:00.000Z' }) }));
    expect(closed.votes.map((vote) => [vote.id, vote.status, vote.myChoice])).toEqual([
      ['v1', 'closed', 'agree'],
      ['v2', 'closed', 'disagree'],
    ]);
    expect(closed.vote?.id).toBe('v2');
  });

  it('marks a papers change so pages re-read their papers, and remembers which paper changed', () => {
    expect(start.papersSeq).toBe(5);
    const next = applyMeetingEvent(start, meetingEvent('papers', 6, { itemId: 'a', paperId: 'p1', version: 2, change: 'replaced' }));
    expect(next.papersSeq).toBe(6);
    expect(next.lastPapersChange).toEqual({ itemId: 'a', paperId: 'p1', version: 2, change: 'replaced' });
    expect(applyMeetingEvent(next, meetingEvent('status', 7, { status: 'in_session', version: 9 })).papersSeq).toBe(6);
  });

  it('takes attendance and quorum together', () => {
    const next = applyMeetingEvent(
      start,
      meetingEvent('attendance', 6, {
        participants: [participant({ attendance: 'in_room' })],
        quorum: { members: 1, present: 1, required: 1, reached: true },
      }),
    );
    expect(next.meeting.quorum.reached).toBe(true);
    expect(next.meeting.participants[0].attendance).toBe('in_room');
  });

  it('records when items were adopted without debate', () => {
    const next = applyMeetingEvent(start, meetingEvent('agenda', 6, { agendaVersion: 1, items: [a, b], adoptedWithoutDebate: ['a'] }));
    expect(next.meeting.adoptedWithoutDebateAt).toBe('2026-11-19T02:00:00.000Z');
  });
});
