import type { AgendaItemResponse, MeetingEvent, MeetingSnapshot, SpeakerResponse, VoteResponse } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, joinMeeting, startTestApp, testDatabaseDriver, waitForSeq, type LiveClient, type MeetingFixture, type TestApp } from '../testing';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What carries over in a session: wishes to speak, items left, every vote of an item. */
describe(`a session keeps what happened (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: (LiveClient & { received: MeetingEvent[] })[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  const start = async (f: MeetingFixture) => {
    const status = await t.request('POST', `/api/meetings/${f.meeting.id}/status`, { token: f.tokens['secretary'], body: { status: 'in_session' } });
    expect(status.status).toBe(200);
  };
  const setCurrent = (f: MeetingFixture, itemId: string | null, token = f.tokens['chair']) =>
    t.request('PUT', `/api/meetings/${f.meeting.id}/current-item`, { token, body: { itemId } });
  const snapshot = async (f: MeetingFixture, username: string) => (await t.request('GET', `/api/meetings/${f.meeting.id}/snapshot`, { token: f.tokens[username] })).body as MeetingSnapshot & { seq: number };
  const speakersOf = async (f: MeetingFixture, itemId: string) =>
    (await snapshot(f, 'chair')).speakers.filter((s: SpeakerResponse) => s.itemId === itemId).map((s) => [s.fullName, s.state]);
  const statusOf = (items: AgendaItemResponse[], id: string) => items.find((i) => i.id === id)?.status;

  it('queues pre-session wishes to speak first, in the order marked, once, without those excluded or withdrawn', async () => {
    const f = await createMeeting(t);
    const [first, second] = f.items;
    const mark = async (username: string, itemId: string, position: string, note?: string) => {
      const response = await t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${itemId}/position`, { token: f.tokens[username], body: { position, ...(note ? { note } : {}) } });
      expect(response.status).toBe(200);
      await pause(5);
    };
    // Before the session: member3 first, then member1; member2 too but is then excluded from the
    // item; member4 wished and changed their mind; member5 wished on another item.
    await mark('member3', second.id, 'wish_to_speak');
    await mark('member1', second.id, 'wish_to_speak');
    await mark('member2', second.id, 'wish_to_speak');
    await mark('member4', second.id, 'wish_to_speak');
    await mark('member4', second.id, 'objection');
    await mark('member5', first.id, 'wish_to_speak');
    // Editing the note keeps member3's place.
    await mark('member3', second.id, 'wish_to_speak', 'Về nguồn thu ngân sách');
    const excluded = await t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${second.id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: [f.ids['member2']] } });
    expect(excluded.status).toBe(200);
    await start(f);

    const member = await connectLive(t.url, f.tokens['member6']);
    sockets.push(member);
    const joined = (await joinMeeting(member, f.meeting.id)) as { seq: number; snapshot: MeetingSnapshot };

    expect((await setCurrent(f, second.id)).status).toBe(200);
    expect(await speakersOf(f, second.id)).toEqual([
      ['Đặng Văn Đức', 'waiting'],
      ['Lê Quang Huy', 'waiting'],
    ]);
    // Every screen learns it live: the item, then its list of speakers.
    expect((await waitForSeq(member, joined.seq + 1)).kind).toBe('current-item');
    const speakersEvent = await waitForSeq(member, joined.seq + 2);
    expect(speakersEvent).toMatchObject({ kind: 'speakers', data: { itemId: second.id } });

    // Someone asking during the item comes after them; member1 withdraws.
    const base = `/api/meetings/${f.meeting.id}/agenda/${second.id}/speakers`;
    expect((await t.request('POST', base, { token: f.tokens['member6'] })).status).toBe(201);
    expect((await t.request('DELETE', `${base}/me`, { token: f.tokens['member1'] })).status).toBe(200);
    const granted = await t.request('POST', `${base}/grant`, { token: f.tokens['chair'], body: {} });
    expect(granted.body.find((s: SpeakerResponse) => s.state === 'speaking').userId).toBe(f.ids['member3']);

    // Leaving the item ends whoever has the floor on it, in the same change, and every screen
    // learns it live; those still waiting keep their place.
    const beforeLeaving = (await snapshot(f, 'chair')).seq;
    expect((await setCurrent(f, first.id)).status).toBe(200);
    expect(await speakersOf(f, second.id)).toEqual([
      ['Đặng Văn Đức', 'done'],
      ['Lê Quang Huy', 'withdrawn'],
      ['Bùi Đức Thắng', 'waiting'],
    ]);
    const ended = (await snapshot(f, 'chair')).speakers.find((s) => s.userId === f.ids['member3'] && s.itemId === second.id);
    expect(ended?.endedAt).not.toBeNull();
    expect((await waitForSeq(member, beforeLeaving + 1)).kind).toBe('current-item');
    const leftEvent = (await waitForSeq(member, beforeLeaving + 2)) as Extract<MeetingEvent, { kind: 'speakers' }>;
    expect(leftEvent).toMatchObject({ kind: 'speakers', data: { itemId: second.id } });
    expect(leftEvent.data.speakers.find((s) => s.userId === f.ids['member3'])?.state).toBe('done');
    // Then the item taken up, with its own pre-session wish.
    expect(await waitForSeq(member, beforeLeaving + 3)).toMatchObject({ kind: 'speakers', data: { itemId: first.id } });
    expect(await speakersOf(f, first.id)).toEqual([['Vũ Thị Hồng Nhung', 'waiting']]);

    // Taking the item up again adds nobody twice and does not bring member1 back.
    expect((await setCurrent(f, second.id)).status).toBe(200);
    expect(await speakersOf(f, second.id)).toEqual([
      ['Đặng Văn Đức', 'done'],
      ['Lê Quang Huy', 'withdrawn'],
      ['Bùi Đức Thắng', 'waiting'],
    ]);
  });

  it('ends the speaker when the current item is concluded or deferred, or no item is current any more', async () => {
    const f = await createMeeting(t, { status: 'in_session', items: ['Nội dung 1', 'Nội dung 2', 'Nội dung 3'] });
    const [a, b, c] = f.items;
    const speak = async (itemId: string, username: string) => {
      const base = `/api/meetings/${f.meeting.id}/agenda/${itemId}/speakers`;
      expect((await t.request('POST', base, { token: f.tokens[username] })).status).toBe(201);
      expect((await t.request('POST', `${base}/grant`, { token: f.tokens['chair'], body: {} })).status).toBe(200);
    };
    const versionOf = async (itemId: string) =>
      ((await t.request('GET', `/api/meetings/${f.meeting.id}/agenda`, { token: f.tokens['chair'] })).body as AgendaItemResponse[]).find((i) => i.id === itemId)?.version;

    expect((await setCurrent(f, a.id)).status).toBe(200);
    await speak(a.id, 'member1');
    const concluded = await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${a.id}/complete`, {
      token: f.tokens['secretary'],
      body: { conclusion: 'Thống nhất.', version: await versionOf(a.id) },
    });
    expect(concluded.status).toBe(200);
    expect((await speakersOf(f, a.id)).map(([, state]) => state)).toEqual(['done']);

    expect((await setCurrent(f, b.id)).status).toBe(200);
    await speak(b.id, 'member2');
    const deferred = await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${b.id}/status`, {
      token: f.tokens['secretary'],
      body: { status: 'deferred', version: await versionOf(b.id) },
    });
    expect(deferred.status).toBe(200);
    expect((await snapshot(f, 'chair')).meeting.currentItemId).toBeNull();
    expect((await speakersOf(f, b.id)).map(([, state]) => state)).toEqual(['done']);

    expect((await setCurrent(f, c.id)).status).toBe(200);
    await speak(c.id, 'member3');
    expect((await setCurrent(f, null)).status).toBe(200);
    expect((await speakersOf(f, c.id)).map(([, state]) => state)).toEqual(['done']);
    // Only a manager moves the session; a member's attempt ends nobody.
    expect((await setCurrent(f, c.id)).status).toBe(200);
    expect((await setCurrent(f, null, f.tokens['member1'])).status).toBe(403);
  });

  it('an item left without a conclusion is deferred, not pending; one voted on is done; the chair may come back to it', async () => {
    const f = await createMeeting(t, { status: 'in_session', items: ['Nội dung 1', 'Nội dung 2', 'Nội dung 3', 'Nội dung 4'] });
    const [a, b, c, d] = f.items;
    await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${d.id}/status`, { token: f.tokens['secretary'], body: { status: 'deferred', version: d.version } });
    expect((await setCurrent(f, a.id)).status).toBe(200);
    let items = (await setCurrent(f, b.id)).body as AgendaItemResponse[];
    expect(statusOf(items, a.id)).toBe('deferred');
    expect(items.find((i) => i.id === a.id)?.startedAt).not.toBeNull();

    const vote = await t.request('POST', `/api/meetings/${f.meeting.id}/votes`, { token: f.tokens['chair'], body: { itemId: b.id, question: 'Thông qua?', secret: false } });
    await t.request('PUT', `/api/meetings/${f.meeting.id}/votes/${vote.body.id}/ballot`, { token: f.tokens['member1'], body: { choice: 'agree' } });
    await t.request('POST', `/api/meetings/${f.meeting.id}/votes/${vote.body.id}/close`, { token: f.tokens['chair'] });
    items = (await setCurrent(f, c.id)).body;
    expect(statusOf(items, b.id)).toBe('done');
    expect(items.find((i) => i.id === b.id)?.voteResult).toMatchObject({ agree: 1 });

    // Back to the item left unconcluded; its conclusion is then recorded.
    items = (await setCurrent(f, a.id)).body;
    expect(statusOf(items, a.id)).toBe('current');
    expect(statusOf(items, c.id)).toBe('deferred');
    const aNow = items.find((i) => i.id === a.id) as AgendaItemResponse;
    const done = await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${a.id}/complete`, { token: f.tokens['chair'], body: { conclusion: 'Giao Bộ Tài chính hoàn thiện.', version: aNow.version } });
    expect(done.body).toMatchObject({ status: 'done', conclusion: 'Giao Bộ Tài chính hoàn thiện.' });

    // The secretariat's deferral before the item came up still keeps it off the floor; members may not move the session.
    expect((await setCurrent(f, d.id)).body.code).toBe('ITEM_NOT_OPEN');
    expect((await setCurrent(f, c.id, f.tokens['member1'])).status).toBe(403);
    expect((await setCurrent(f, 'not-a-uuid')).status).toBe(400);
  });

  it('keeps every vote of an item in the snapshot, in order, each trimmed for the viewer; closing one sends the item too', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const item = f.items[0];
    const member = await connectLive(t.url, f.tokens['member1']);
    sockets.push(member);
    const joined = (await joinMeeting(member, f.meeting.id)) as { seq: number; snapshot: MeetingSnapshot };
    expect(joined.snapshot.votes).toEqual([]);

    const runVote = async (question: string, secret: boolean, choices: Record<string, string>) => {
      const opened = await t.request('POST', `/api/meetings/${f.meeting.id}/votes`, { token: f.tokens['chair'], body: { itemId: item.id, question, secret } });
      expect(opened.status).toBe(201);
      for (const [username, choice] of Object.entries(choices)) {
        await t.request('PUT', `/api/meetings/${f.meeting.id}/votes/${opened.body.id}/ballot`, { token: f.tokens[username], body: { choice } });
      }
      const closed = await t.request('POST', `/api/meetings/${f.meeting.id}/votes/${opened.body.id}/close`, { token: f.tokens['chair'] });
      expect(closed.status).toBe(200);
      return closed.body as VoteResponse;
    };
    const named = await runVote('Thông qua chủ trương?', false, { member1: 'agree', member2: 'disagree', chair: 'agree' });
    const secret = await runVote('Thông qua nhân sự?', true, { member1: 'disagree', member2: 'agree' });

    const mine = await snapshot(f, 'member1');
    expect(mine.votes.map((v) => [v.question, v.secret, v.status])).toEqual([
      ['Thông qua chủ trương?', false, 'closed'],
      ['Thông qua nhân sự?', true, 'closed'],
    ]);
    expect(mine.openVote).toBeNull();
    expect(mine.votes[0].result).toMatchObject({ agree: 2, disagree: 1 });
    expect(mine.votes[0].ballots).toEqual(expect.arrayContaining([{ userId: f.ids['member2'], choice: 'disagree' }]));
    expect(mine.votes[0].myChoice).toBe('agree');
    expect(mine.votes[1].ballots).toBeNull();
    expect(mine.votes[1].voterIds).toBeNull();
    // A secret choice is stored apart from its voter: the server can only say that he voted.
    expect(mine.votes[1]).toMatchObject({ myChoice: null, voted: true });
    expect(mine.votes[1].result).toMatchObject({ agree: 1, disagree: 1 });
    // Another member sees the tallies, never anyone's secret choice nor who voted.
    const other = await snapshot(f, 'member5');
    expect(other.votes.map((v) => v.id)).toEqual([named.id, secret.id]);
    expect(other.votes.map((v) => v.myChoice)).toEqual([null, null]);
    expect(JSON.stringify(other.votes[1])).not.toContain(f.ids['member1']);
    // The chair sees who voted in the secret vote, not how.
    const chair = await snapshot(f, 'chair');
    expect(chair.votes[1].voterIds).toEqual([f.ids['member1'], f.ids['member2']].sort());
    expect(chair.votes[1].ballots).toBeNull();

    // Closing a vote is followed live by the item with its new result and version.
    const closedEvents = member.received.filter((e) => e.kind === 'vote' && e.data.vote.status === 'closed');
    expect(closedEvents).toHaveLength(2);
    const afterSecond = await waitForSeq(member, closedEvents[1].seq + 1);
    expect(afterSecond.kind).toBe('agenda');
    const agendaItem = (afterSecond as Extract<MeetingEvent, { kind: 'agenda' }>).data.items.find((i) => i.id === item.id);
    const server = (await t.request('GET', `/api/meetings/${f.meeting.id}/agenda`, { token: f.tokens['chair'] })).body as AgendaItemResponse[];
    expect(agendaItem?.version).toBe(server.find((i) => i.id === item.id)?.version);
    expect(agendaItem?.voteResult).toMatchObject({ agree: 1, disagree: 1 });
    expect(joined.seq).toBeLessThan(afterSecond.seq);
  });
});
