import type { MeetingEvent, MeetingSnapshot, PaperResponse, SpeakerResponse, VoteResponse } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { connectLive, createMeeting, joinMeeting, rawSql, startTestApp, testDatabaseDriver, uploadPaper, waitForSeq, type MeetingFixture, type TestApp } from '../testing';

/**
 * A participant excluded from an agenda item (conflict of interest) takes no part in it: no
 * position, no floor, no vote, not counted as eligible or absent, no live news of its papers.
 */
describe(`exclusion from an agenda item (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const exclude = (f: MeetingFixture, item: number, usernames: string[]) =>
    t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[item].id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: usernames.map((u) => f.ids[u]) } });
  const position = (f: MeetingFixture, item: number, username: string) =>
    t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[item].id}/position`, { token: f.tokens[username], body: { position: 'wish_to_speak' } });
  const askFloor = (f: MeetingFixture, item: number, username: string) => t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${f.items[item].id}/speakers`, { token: f.tokens[username] });
  const openVote = (f: MeetingFixture, item: number) =>
    t.request('POST', `/api/meetings/${f.meeting.id}/votes`, { token: f.tokens['chair'], body: { itemId: f.items[item].id, question: 'Thông qua?', secret: false } });
  const cast = (f: MeetingFixture, voteId: string, username: string, choice = 'agree') =>
    t.request('PUT', `/api/meetings/${f.meeting.id}/votes/${voteId}/ballot`, { token: f.tokens[username], body: { choice } });

  it('refuses an excluded member a position, the floor and a vote on the item (403 EXCLUDED_FROM_ITEM), and leaves his other items alone', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    expect((await exclude(f, 0, ['member3'])).status).toBe(200);

    const refusedPosition = await position(f, 0, 'member3');
    expect(refusedPosition.status).toBe(403);
    expect(refusedPosition.body).toMatchObject({ statusCode: 403, code: 'EXCLUDED_FROM_ITEM' });
    expect((await position(f, 1, 'member3')).status).toBe(200);
    expect((await position(f, 0, 'member4')).status).toBe(200);

    const refusedFloor = await askFloor(f, 0, 'member3');
    expect(refusedFloor.status).toBe(403);
    expect(refusedFloor.body.code).toBe('EXCLUDED_FROM_ITEM');
    expect((await askFloor(f, 1, 'member3')).status).toBe(201);

    const vote = (await openVote(f, 0)).body as VoteResponse;
    const refusedVote = await cast(f, vote.id, 'member3');
    expect(refusedVote.status).toBe(403);
    expect(refusedVote.body.code).toBe('EXCLUDED_FROM_ITEM');
    const votes = (await rawSql(t.config.database, `SELECT user_id FROM vote_ballots WHERE vote_id = '${vote.id}'`)) as { user_id: string }[];
    expect(votes).toEqual([]);
    const positions = (await rawSql(t.config.database, `SELECT user_id FROM agenda_positions WHERE item_id = '${f.items[0].id}'`)) as { user_id: string }[];
    expect(positions.map((p) => p.user_id)).toEqual([f.ids['member4']]);
  });

  it('refuses to exclude, mid-vote, someone who has cast a secret ballot on the item (the ballot cannot be found to discard), and changes nothing', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const opened = await t.request('POST', `/api/meetings/${f.meeting.id}/votes`, { token: f.tokens['chair'], body: { itemId: f.items[0].id, question: 'Thông qua?', secret: true } });
    expect((await cast(f, opened.body.id, 'member3')).status).toBe(200);
    const refused = await exclude(f, 0, ['member3']);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SECRET_VOTE_EXCLUSION');
    const listed = await t.request('GET', `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/exclusions`, { token: f.tokens['secretary'] });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(f.ids['member3']);
    // Someone who has not voted can still be excluded; after the vote closes, anyone can.
    expect((await exclude(f, 0, ['member4'])).status).toBe(200);
    await t.request('POST', `/api/meetings/${f.meeting.id}/votes/${opened.body.id}/close`, { token: f.tokens['chair'] });
    expect((await exclude(f, 0, ['member3', 'member4'])).status).toBe(200);
  });

  it('a vote on the item counts the excluded apart: not eligible, not absent, out of "all members" and out of the item quorum', async () => {
    const f = await createMeeting(t, { status: 'in_session', attendance: { member8: 'absent' } });
    await exclude(f, 0, ['member3', 'member4']);

    const opened = await openVote(f, 0);
    // Nine members, one absent, two excluded: six may vote.
    expect(opened.body).toMatchObject({ eligible: 6, excluded: 2, quorum: { members: 7, present: 6, excluded: 2, reached: true } });
    for (const username of ['chair', 'member1', 'member2', 'member5']) expect((await cast(f, opened.body.id, username)).status).toBe(200);
    expect((await cast(f, opened.body.id, 'member6', 'disagree')).status).toBe(200);

    const closed = await t.request('POST', `/api/meetings/${f.meeting.id}/votes/${opened.body.id}/close`, { token: f.tokens['chair'] });
    // "More than half of all members" of the seven not excluded is four, which four agreeing reach (of nine it would be five).
    expect(closed.body.result).toEqual({
      agree: 4,
      disagree: 1,
      abstain: 0,
      eligible: 6,
      needed: 4,
      passed: true,
      excluded: 2,
      quorum: { members: 7, present: 6, required: 5, reached: true, excluded: 2 },
    });
    const snapshot = (await t.request('GET', `/api/meetings/${f.meeting.id}/snapshot`, { token: f.tokens['member5'] })).body as MeetingSnapshot;
    expect(snapshot.exclusions).toEqual([{ itemId: f.items[0].id, userIds: [f.ids['member3'], f.ids['member4']].sort() }]);
    expect(snapshot.agenda[0].voteResult).toMatchObject({ excluded: 2, passed: true });
    // The meeting's own quorum still counts everyone.
    expect(snapshot.meeting.quorum).toMatchObject({ members: 9, present: 8 });
    expect(snapshot.meeting.quorum.excluded).toBeUndefined();
  });

  it("a deputy standing in for an excluded member is excluded with him: no vote, and none of the item's papers", async () => {
    const admin = await t.loginAs('admin');
    await t.request('POST', '/api/users', { token: admin.accessToken, body: { username: 'deputy-excluded', fullName: 'Thứ trưởng', password: 'ecabinet-demo', roles: ['delegate'] } });
    const f = await createMeeting(t, {
      status: 'in_session',
      participants: { chair: 'chair', member1: 'member', member2: 'member', 'deputy-excluded': 'delegate', secretary: 'secretary' },
      delegateFor: { 'deputy-excluded': 'member2' },
      attendance: { member2: 'represented' },
      delegatesMayVote: true,
    });
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper(), { token: f.tokens['secretary'], fields: { title: 'Tờ trình' } });
    expect(upload.status).toBe(201);
    await exclude(f, 0, ['member2']);

    const opened = await openVote(f, 0);
    expect(opened.body).toMatchObject({ eligible: 2, excluded: 1 });
    const refused = await cast(f, opened.body.id, 'deputy-excluded');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('EXCLUDED_FROM_ITEM');
    expect((await askFloor(f, 0, 'deputy-excluded')).body.code).toBe('EXCLUDED_FROM_ITEM');
    const papers = (await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token: f.tokens['deputy-excluded'] })).body as PaperResponse[];
    expect(papers).toEqual([]);
    expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${upload.body.id}`, { token: f.tokens['deputy-excluded'] })).status).toBe(403);
    const snapshot = (await t.request('GET', `/api/meetings/${f.meeting.id}/snapshot`, { token: f.tokens['deputy-excluded'] })).body as MeetingSnapshot;
    expect(snapshot.exclusions).toEqual([{ itemId: f.items[0].id, userIds: [f.ids['deputy-excluded'], f.ids['member2']].sort() }]);
  });

  it('excluded while the item is under way: his request to speak, his position and his ballot in the open vote go, and the chair cannot give him the floor', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const base = `/api/meetings/${f.meeting.id}`;
    await t.request('PUT', `${base}/current-item`, { token: f.tokens['chair'], body: { itemId: f.items[0].id } });
    expect((await position(f, 0, 'member3')).status).toBe(200);
    expect((await askFloor(f, 0, 'member3')).status).toBe(201);
    expect((await askFloor(f, 0, 'member4')).status).toBe(201);
    const vote = (await openVote(f, 0)).body as VoteResponse;
    expect(vote.eligible).toBe(9);
    expect((await cast(f, vote.id, 'member3')).status).toBe(200);
    expect((await cast(f, vote.id, 'member1')).status).toBe(200);

    const socket = await connectLive(t.url, f.tokens['member5']);
    const joined = await joinMeeting(socket, f.meeting.id);
    const seq = 'seq' in joined ? joined.seq : -1;
    expect((await exclude(f, 0, ['member3'])).status).toBe(200);
    const events = await Promise.all([1, 2, 3, 4].map((n) => waitForSeq(socket, seq + n)));
    socket.disconnect();
    expect(events.map((e) => e.kind)).toEqual(['exclusions', 'speakers', 'positions', 'vote']);
    expect(events[0].data).toEqual({ itemId: f.items[0].id, userIds: [f.ids['member3']] });
    const speakers = (events[1].data as { speakers: SpeakerResponse[] }).speakers;
    expect(speakers.find((s) => s.userId === f.ids['member3'])).toMatchObject({ state: 'withdrawn' });
    expect((events[3].data as { vote: VoteResponse }).vote).toMatchObject({ eligible: 8, excluded: 1, votedCount: 1 });

    // Next in line skips him (even a request written before the exclusion); naming him is refused.
    const stale = '00000000-0000-4000-8000-0000000000e1';
    await rawSql(
      t.config.database,
      `INSERT INTO speakers (id, meeting_id, item_id, user_id, state, requested_at) VALUES ('${stale}', '${f.meeting.id}', '${f.items[0].id}', '${f.ids['member3']}', 'waiting', '2026-01-01 00:00:00')`,
    );
    const named = await t.request('POST', `${base}/agenda/${f.items[0].id}/speakers/grant`, { token: f.tokens['chair'], body: { speakerId: stale } });
    expect(named.status).toBe(403);
    expect(named.body.code).toBe('EXCLUDED_FROM_ITEM');
    const next = await t.request('POST', `${base}/agenda/${f.items[0].id}/speakers/grant`, { token: f.tokens['chair'], body: {} });
    expect(next.status).toBe(200);
    expect((next.body as SpeakerResponse[]).find((s) => s.state === 'speaking')?.userId).toBe(f.ids['member4']);

    const closed = await t.request('POST', `${base}/votes/${vote.id}/close`, { token: f.tokens['chair'] });
    expect(closed.body.result).toMatchObject({ agree: 1, eligible: 8, excluded: 1 });
  });

  it('live news of the item\'s papers reaches the others but not the excluded member, neither live nor on catching up', async () => {
    const f = await createMeeting(t);
    await exclude(f, 0, ['member3']);
    const excluded = await connectLive(t.url, f.tokens['member3']);
    const other = await connectLive(t.url, f.tokens['member4']);
    const secretary = await connectLive(t.url, f.tokens['secretary']);
    const joined = await joinMeeting(excluded, f.meeting.id);
    await joinMeeting(other, f.meeting.id);
    await joinMeeting(secretary, f.meeting.id);
    const seq = 'seq' in joined ? joined.seq : -1;

    const added = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper(), { token: f.tokens['secretary'], fields: { title: 'Tờ trình' } });
    expect(added.status).toBe(201);
    const replaced = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${added.body.id}/versions`, await samplePaper({ pages: 2 }), { token: f.tokens['secretary'] });
    expect(replaced.status).toBe(201);
    const elsewhere = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[1].id}/papers`, await samplePaper(), { token: f.tokens['secretary'] });
    expect(elsewhere.status).toBe(201);

    for (const socket of [other, secretary]) {
      const received = await Promise.all([1, 2, 3].map((n) => waitForSeq(socket, seq + n)));
      expect(received.map((e) => e.kind === 'papers' && [e.data.itemId, e.data.change])).toEqual([
        [f.items[0].id, 'added'],
        [f.items[0].id, 'replaced'],
        [f.items[1].id, 'added'],
      ]);
    }
    const toExcluded = await Promise.all([1, 2, 3].map((n) => waitForSeq(excluded, seq + n)));
    expect(toExcluded.slice(0, 2)).toEqual([
      { meetingId: f.meeting.id, seq: seq + 1, kind: 'withheld', data: {}, at: expect.any(String) },
      { meetingId: f.meeting.id, seq: seq + 2, kind: 'withheld', data: {}, at: expect.any(String) },
    ]);
    expect(toExcluded[2]).toMatchObject({ kind: 'papers', data: { itemId: f.items[1].id } });
    expect(JSON.stringify(excluded.received)).not.toContain(added.body.id);
    expect(excluded.received.filter((e: MeetingEvent) => e.kind === 'papers' && e.data.itemId === f.items[0].id)).toEqual([]);

    // Catching up after a reconnection withholds the same events.
    const caughtUp = await joinMeeting(excluded, f.meeting.id, seq);
    expect('events' in caughtUp && caughtUp.events.map((e) => e.kind)).toEqual(['withheld', 'withheld', 'papers']);
    expect(JSON.stringify(caughtUp)).not.toContain(added.body.id);
    const othersCatchUp = await joinMeeting(other, f.meeting.id, seq);
    expect('events' in othersCatchUp && othersCatchUp.events.map((e) => e.kind)).toEqual(['papers', 'papers', 'papers']);
    for (const socket of [excluded, other, secretary]) socket.disconnect();
  });
});
