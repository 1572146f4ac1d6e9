import type { MeetingSnapshot } from '@ecabinet/shared/contracts';
import { defaultProse, minutesRecord, vietnameseTime } from './minutes-record';

const person = (userId: string, fullName: string, role: 'chair' | 'member' | 'secretary' | 'delegate', attendance: 'in_room' | 'remote' | 'absent' | 'represented' | 'unknown', delegateForUserId: string | null = null) => ({
  userId,
  fullName,
  title: null,
  role,
  attendance,
  delegateForUserId,
});

/** A session's record as the chair's snapshot gives it, cut to what the minutes read. */
const snapshot = {
  meeting: {
    id: 'm-1',
    title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
    kind: 'regular',
    place: 'Phòng họp A',
    startsAt: '2026-12-01T01:00:00.000Z',
    endsAt: '2026-12-01T09:30:00.000Z',
    participants: [
      person('u-chair', 'Nguyễn Văn Minh', 'chair', 'in_room'),
      person('u-huy', 'Lê Quang Huy', 'member', 'remote'),
      person('u-lan', 'Phạm Thị Lan', 'member', 'absent'),
      person('u-duc', 'Đặng Văn Đức', 'member', 'represented'),
      person('u-thu', 'Trần Văn Thu', 'delegate', 'in_room', 'u-duc'),
      person('u-ha', 'Trần Thị Thu Hà', 'secretary', 'unknown'),
    ],
    quorum: { members: 4, present: 3, required: 3, reached: true },
  },
  agenda: [
    { id: 'a', number: '1', title: 'Dự án Luật', presenter: 'Bộ Tài chính', status: 'done', adoptedWithoutDebate: false, conclusion: 'Thông qua.' },
    { id: 'b', number: '2', title: 'Giá điện', presenter: null, status: 'done', adoptedWithoutDebate: false, conclusion: null },
    { id: 'c', number: '3', title: 'Rút', presenter: null, status: 'withdrawn', adoptedWithoutDebate: false, conclusion: null },
  ],
  speakers: [
    { id: 's2', itemId: 'a', userId: 'u-chair', fullName: 'Nguyễn Văn Minh', state: 'done', requestedAt: '2026-12-01T01:00:00Z', startedAt: '2026-12-01T01:20:00Z', endedAt: '2026-12-01T01:25:00Z' },
    { id: 's1', itemId: 'a', userId: 'u-huy', fullName: 'Lê Quang Huy', state: 'done', requestedAt: '2026-12-01T01:05:00Z', startedAt: '2026-12-01T01:10:00Z', endedAt: '2026-12-01T01:15:00Z' },
    // Asked but never had the floor: not a speaker of the record.
    { id: 's3', itemId: 'a', userId: 'u-thu', fullName: 'Trần Văn Thu', state: 'withdrawn', requestedAt: '2026-12-01T01:06:00Z', startedAt: null, endedAt: null },
  ],
  votes: [
    {
      id: 'v1',
      itemId: 'a',
      question: 'Thông qua?',
      secret: false,
      status: 'closed',
      ballots: [
        { userId: 'u-huy', choice: 'agree' },
        { userId: 'u-chair', choice: 'agree' },
        { userId: 'u-thu', choice: 'disagree' },
      ],
      result: { agree: 2, disagree: 1, abstain: 0, eligible: 3, needed: 2, passed: true, excluded: 0 },
    },
    { id: 'v2', itemId: 'b', question: 'Kín?', secret: true, status: 'closed', ballots: null, result: { agree: 1, disagree: 2, abstain: 0, eligible: 3, needed: 2, passed: false, excluded: 0 } },
    // Still open when the record was read: not a fact yet.
    { id: 'v3', itemId: 'b', question: 'Đang mở?', secret: false, status: 'open', ballots: null, result: null },
  ],
  positionTallies: [{ itemId: 'a', noObjection: 2, objection: 1, wishToSpeak: 1 }],
  exclusions: [{ itemId: 'b', userIds: ['u-lan'] }],
} as unknown as MeetingSnapshot;

describe('the facts of the minutes, from the record', () => {
  const record = minutesRecord(snapshot);

  it('names the chair and the secretary, and who attended how (a delegate with whom he stands in for)', () => {
    expect(record.chair).toBe('Nguyễn Văn Minh');
    expect(record.secretary).toBe('Trần Thị Thu Hà');
    expect(record.attendance.find((p) => p.fullName === 'Trần Văn Thu')).toMatchObject({ role: 'delegate', delegateFor: 'Đặng Văn Đức' });
    expect(record.quorum).toEqual({ members: 4, present: 3, required: 3, reached: true });
  });

  it('lists speakers in the order they had the floor, only those who had it', () => {
    expect(record.items[0].speakers).toEqual(['Lê Quang Huy', 'Nguyễn Văn Minh']);
  });

  it('records a named vote with names and a secret one by its totals only, and no open vote', () => {
    expect(record.items[0].votes).toEqual([
      { question: 'Thông qua?', secret: false, agree: 2, disagree: 1, abstain: 0, eligible: 3, passed: true, names: { agree: ['Lê Quang Huy', 'Nguyễn Văn Minh'], disagree: ['Trần Văn Thu'], abstain: [] } },
    ]);
    expect(record.items[1].votes).toEqual([{ question: 'Kín?', secret: true, agree: 1, disagree: 2, abstain: 0, eligible: 3, passed: false, names: null }]);
  });

  it('keeps positions, exclusions and the approved conclusion per item, and a withdrawn item as such', () => {
    expect(record.items[0]).toMatchObject({ positions: { noObjection: 2, objection: 1, wishToSpeak: 1 }, conclusion: 'Thông qua.', presenter: 'Bộ Tài chính' });
    expect(record.items[1]).toMatchObject({ excluded: ['Phạm Thị Lan'], positions: { noObjection: 0, objection: 0, wishToSpeak: 0 }, conclusion: null });
    expect(record.items[2].status).toBe('withdrawn');
  });
});

describe('the prose the secretariat starts from', () => {
  it('writes times in the Government’s zone, whatever the server’s', () => {
    expect(vietnameseTime('2026-12-01T01:00:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('08 giờ 00, ngày 01/12/2026');
    expect(vietnameseTime('2026-12-31T18:30:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('01 giờ 30, ngày 01/01/2027');
  });

  it('opens with when, where, who chairs and the quorum, closes with the end, and leaves the items to the writer', () => {
    const prose = defaultProse(minutesRecord(snapshot), 'Asia/Ho_Chi_Minh');
    expect(prose.opening).toBe(
      'Phiên họp bắt đầu lúc 08 giờ 00, ngày 01/12/2026, tại Phòng họp A. Chủ tọa: Nguyễn Văn Minh. Thư ký: Trần Thị Thu Hà. Có mặt 3/4 thành viên; đủ túc số (cần 3).',
    );
    expect(prose.closing).toBe('Phiên họp kết thúc lúc 16 giờ 30, ngày 01/12/2026.');
    expect(prose.items).toEqual({});
  });
});
