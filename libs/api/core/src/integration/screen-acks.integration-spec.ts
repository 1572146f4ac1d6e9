import type { MeetingScreens } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, joinMeeting, startTestApp, testDatabaseDriver, waitForSeq, type LiveClient, type TestApp } from '../testing';

type Client = Awaited<ReturnType<typeof connectLive>> & { screens: MeetingScreens[] };

const PARTICIPANTS = { chair: 'chair', member1: 'member', member2: 'member', member3: 'member' } as const;

/** Sends `meeting:ack` as any client could, well-formed or not. */
function acknowledge(socket: LiveClient, payload: unknown): Promise<unknown> {
  const timed = socket.timeout(5000) as unknown as { emitWithAck(event: string, body: unknown): Promise<unknown> };
  return timed.emitWithAck('meeting:ack', payload);
}

/** The latest count received that satisfies `test`, waiting for one up to 5 s (clear `screens` first to see only counts from then on). */
async function screensWhere(socket: Client, test: (screens: MeetingScreens) => boolean): Promise<MeetingScreens> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = [...socket.screens].reverse().find(test);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such count; the last was ${JSON.stringify(socket.screens.at(-1))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const statusOf = (screens: MeetingScreens, fullName: string) => screens.participants.find((p) => p.fullName === fullName)?.status;

describe(`proof that every screen is current (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: Client[] = [];
  const connect = async (token: string) => {
    const socket = (await connectLive(t.url, token)) as Client;
    socket.screens = [];
    socket.on('meeting:screens', (screens) => socket.screens.push(screens));
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('counts the participants\' screens showing the current version, for the chair and the secretariat only, and follows each change', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const chair = await connect(tokens['chair']);
    const secretary = await connect(tokens['secretary']);
    const member1 = await connect(tokens['member1']);
    const member2 = await connect(tokens['member2']);
    const { seq } = (await joinMeeting(chair, meeting.id)) as { seq: number };
    await joinMeeting(secretary, meeting.id);
    await joinMeeting(member1, meeting.id);
    await joinMeeting(member2, meeting.id);
    expect(await acknowledge(chair, { meetingId: meeting.id, seq })).toEqual({ ok: true });
    expect(await acknowledge(member1, { meetingId: meeting.id, seq })).toEqual({ ok: true });

    // member2 joined and said nothing yet: behind; member3 has no screen: offline. The secretariat's own screen is not a participant's.
    const first = await screensWhere(chair, (s) => s.current === 2);
    expect(first).toMatchObject({ meetingId: meeting.id, seq, screens: 3, current: 2 });
    expect(first.participants.map((p) => [p.status, p.screens, p.current])).toEqual([
      ['behind', 1, 0],
      ['offline', 0, 0],
      ['current', 1, 1],
      ['current', 1, 1],
    ]);
    expect(first.participants[0]).toMatchObject({ userId: expect.any(String), role: 'member', shownSeq: null });
    await screensWhere(secretary, (s) => s.current === 2 && s.screens === 3);

    // A change: every screen is behind until it says it shows it.
    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[1].id } });
    await waitForSeq(member1, seq + 1);
    const behind = await screensWhere(chair, (s) => s.seq === seq + 1);
    expect(behind.current).toBe(0);
    for (const socket of [chair, member1, member2]) await acknowledge(socket, { meetingId: meeting.id, seq: seq + 1 });
    const all = await screensWhere(chair, (s) => s.seq === seq + 1 && s.current === 3);
    expect(all.screens).toBe(3);
    expect(all.participants.filter((p) => p.status === 'current').map((p) => p.shownSeq)).toEqual([seq + 1, seq + 1, seq + 1]);

    // A participant never hears who is behind.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(member1.screens).toEqual([]);
    expect(member2.screens).toEqual([]);
  });

  it('refuses a malformed acknowledgement, and one for a meeting the screen has not joined; a version the meeting has not reached is not current', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const chair = await connect(tokens['chair']);
    const member = await connect(tokens['member1']);
    for (const payload of [null, {}, 'x', { meetingId: 'x', seq: 1 }, { meetingId: meeting.id }, { meetingId: meeting.id, seq: -1 }, { meetingId: meeting.id, seq: 1.5 }, { meetingId: meeting.id, seq: '3' }]) {
      expect(await acknowledge(member, payload)).toMatchObject({ error: { code: 'BAD_MESSAGE' } });
    }
    expect(await acknowledge(member, { meetingId: meeting.id, seq: 1 })).toMatchObject({ error: { code: 'NOT_A_PARTICIPANT' } });
    // An outsider cannot join, so cannot acknowledge either.
    const outsider = await connect((await t.loginAs('member5')).accessToken);
    expect(await joinMeeting(outsider, meeting.id)).toMatchObject({ error: { code: 'NOT_A_PARTICIPANT' } });
    expect(await acknowledge(outsider, { meetingId: meeting.id, seq: 1 })).toMatchObject({ error: { code: 'NOT_A_PARTICIPANT' } });

    const { seq } = (await joinMeeting(chair, meeting.id)) as { seq: number };
    await joinMeeting(member, meeting.id);
    await acknowledge(chair, { meetingId: meeting.id, seq });
    // A hostile client claims a version from the future: it is not the current one.
    expect(await acknowledge(member, { meetingId: meeting.id, seq: seq + 1000 })).toEqual({ ok: true });
    const count = await screensWhere(chair, (s) => s.screens === 2 && s.current === 1);
    expect(statusOf(count, 'Lê Quang Huy')).toBe('behind');
  });

  it('a dropped screen is "reconnecting"; back with the events it missed and its acknowledgement, it is current again', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const chair = await connect(tokens['chair']);
    const { seq } = (await joinMeeting(chair, meeting.id)) as { seq: number };
    await acknowledge(chair, { meetingId: meeting.id, seq });
    const tablet = await connect(tokens['member2']);
    await joinMeeting(tablet, meeting.id);
    await acknowledge(tablet, { meetingId: meeting.id, seq });
    await screensWhere(chair, (s) => s.screens === 2 && s.current === 2);

    // Only the counts from now on: an earlier one, from before the tablet joined, also had one screen.
    chair.screens.length = 0;
    tablet.disconnect();
    const dropped = await screensWhere(chair, (s) => s.screens === 1);
    expect(statusOf(dropped, 'Phạm Thị Lan')).toBe('reconnecting');

    // Meanwhile the chair moves on; the tablet returns with sinceSeq, gets exactly what it missed, and says it shows it.
    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[2].id } });
    await acknowledge(chair, { meetingId: meeting.id, seq: seq + 1 });
    chair.screens.length = 0;
    const again = await connect(tokens['member2']);
    const missed = (await joinMeeting(again, meeting.id, seq)) as { seq: number; events: unknown[] };
    expect(missed).toMatchObject({ seq: seq + 1, events: [expect.objectContaining({ seq: seq + 1, kind: 'current-item' })] });
    expect(statusOf(await screensWhere(chair, (s) => s.screens === 2 && s.seq === seq + 1), 'Phạm Thị Lan')).toBe('behind');
    await acknowledge(again, { meetingId: meeting.id, seq: seq + 1 });
    const current = await screensWhere(chair, (s) => s.screens === 2 && s.current === 2 && s.seq === seq + 1);
    expect(statusOf(current, 'Phạm Thị Lan')).toBe('current');
  });
});
