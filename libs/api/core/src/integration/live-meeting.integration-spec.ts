import type { MeetingEvent, MeetingSnapshot, VoteResponse } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, joinMeeting, rawSql, startTestApp, testDatabaseDriver, waitForSeq, type LiveClient, type TestApp } from '../testing';

type Client = LiveClient & { received: MeetingEvent[] };

describe(`following a meeting live (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: Client[] = [];
  const connect = async (token: string) => {
    const socket = await connectLive(t.url, token);
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

  it('joins with a snapshot at the current seq, then receives every change with seq + 1', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session' });
    const member = await connect(tokens['member1']);
    const ack = (await joinMeeting(member, meeting.id)) as { seq: number; snapshot: MeetingSnapshot };
    expect(ack.snapshot.meeting.id).toBe(meeting.id);
    expect(ack.snapshot.agenda.map((i) => i.title)).toEqual(['Nội dung 1', 'Nội dung 2', 'Nội dung 3']);
    expect(ack.seq).toBeGreaterThan(0);

    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[1].id } });
    const event = await waitForSeq(member, ack.seq + 1);
    expect(event).toMatchObject({ meetingId: meeting.id, kind: 'current-item', data: { currentItemId: items[1].id } });
    await t.request('POST', `/api/meetings/${meeting.id}/agenda`, { token: tokens['secretary'], body: { title: 'Nội dung phát sinh', agendaVersion: meeting.agendaVersion } });
    const next = await waitForSeq(member, ack.seq + 2);
    expect(next.kind).toBe('agenda');
    expect(member.received.map((e) => e.seq)).toEqual([ack.seq + 1, ack.seq + 2]);
  });

  it('refuses a non-participant and malformed joins with an error acknowledgement, joining nothing', async () => {
    const { meeting, tokens } = await createMeeting(t, { participants: { chair: 'chair', member1: 'member' } });
    const outsider = await connect((await t.loginAs('member5')).accessToken);
    expect(await joinMeeting(outsider, meeting.id)).toEqual({ error: { code: 'NOT_A_PARTICIPANT', message: expect.any(String) } });
    for (const payload of [null, {}, { meetingId: 'x' }, { meetingId: meeting.id, sinceSeq: -1 }, { meetingId: meeting.id, sinceSeq: 1.5 }]) {
      const ack = await (outsider.timeout(5000).emitWithAck as unknown as (e: string, p: unknown) => Promise<unknown>).call(outsider.timeout(5000), 'meeting:join', payload);
      expect(ack).toMatchObject({ error: { code: 'BAD_MESSAGE' } });
    }
    await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'in_session' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outsider.received).toEqual([]);
  });

  it('a reconnecting client gets exactly the events it missed, or a snapshot for a seq the server never issued', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session' });
    const first = await connect(tokens['member2']);
    const { seq } = (await joinMeeting(first, meeting.id)) as { seq: number };
    first.disconnect();
    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[0].id } });
    await t.request('POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/speakers`, { token: tokens['member3'] });
    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[2].id } });

    const again = await connect(tokens['member2']);
    const resync = (await joinMeeting(again, meeting.id, seq)) as { seq: number; events: MeetingEvent[] };
    expect(resync.seq).toBe(seq + 3);
    expect(resync.events.map((e) => [e.seq, e.kind])).toEqual([
      [seq + 1, 'current-item'],
      [seq + 2, 'speakers'],
      [seq + 3, 'current-item'],
    ]);
    // Nothing missed: no events. A seq from the future: a snapshot.
    expect(await joinMeeting(again, meeting.id, seq + 3)).toEqual({ seq: seq + 3, events: [] });
    expect(await joinMeeting(again, meeting.id, seq + 50)).toMatchObject({ seq: seq + 3, snapshot: expect.any(Object) });
  });

  it('a secret vote: everyone sees how many voted, the chair sees who, nobody sees how', async () => {
    const { meeting, items, tokens, ids } = await createMeeting(t, { status: 'in_session' });
    const chair = await connect(tokens['chair']);
    const member = await connect(tokens['member4']);
    const { seq } = (await joinMeeting(chair, meeting.id)) as { seq: number };
    await joinMeeting(member, meeting.id);

    const opened = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: 'Thông qua?', secret: true } });
    expect(opened.status).toBe(201);
    const voteId = opened.body.id as string;
    const cast = await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member1'], body: { choice: 'disagree' } });
    expect(cast.body).toMatchObject({ myChoice: 'disagree', votedCount: 1, voterIds: null });

    const memberView = (await waitForSeq(member, seq + 2)).data as { vote: VoteResponse };
    expect(memberView.vote).toMatchObject({ votedCount: 1, eligible: 10 - 1, voterIds: null, ballots: null });
    const chairView = (await waitForSeq(chair, seq + 2)).data as { vote: VoteResponse };
    expect(chairView.vote.voterIds).toEqual([ids['member1']]);
    expect(JSON.stringify(chairView)).not.toContain('disagree');

    await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member2'], body: { choice: 'agree' } });
    const closed = await t.request('POST', `/api/meetings/${meeting.id}/votes/${voteId}/close`, { token: tokens['chair'] });
    expect(closed.body.result).toMatchObject({ agree: 1, disagree: 1, abstain: 0, needed: 5, passed: false });
    expect(closed.body.ballots).toBeNull();
    const final = (await waitForSeq(member, seq + 4)).data as { vote: VoteResponse };
    expect(final.vote).toMatchObject({ status: 'closed', ballots: null, voterIds: null });
    const audit = await t.request('GET', '/api/audit?action=vote.cast', { token: (await t.loginAs('admin')).accessToken });
    expect(JSON.stringify(audit.body.items.filter((e: { details: { voteId: string } }) => e.details.voteId === voteId))).not.toMatch(/agree|disagree/);
  });

  it('a secret vote leaves no stored row that links a voter to a choice, anywhere in the database', async () => {
    const { meeting, items, tokens, ids } = await createMeeting(t, { status: 'in_session' });
    const opened = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: 'Thông qua?', secret: true } });
    const voteId = opened.body.id as string;
    const cast = await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member1'], body: { choice: 'disagree' } });
    // The voter hears back his own choice (it is in his request), and that he voted.
    expect(cast.body).toMatchObject({ myChoice: 'disagree', voted: true });
    await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member2'], body: { choice: 'agree' } });
    await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member3'], body: { choice: 'agree' } });
    expect((await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens['member1'], body: { choice: 'agree' } })).body.code).toBe('SECRET_VOTE_CAST');
    // Later, the server cannot tell him what he chose: only that he voted.
    expect((await t.request('GET', `/api/meetings/${meeting.id}/votes/${voteId}`, { token: tokens['member1'] })).body).toMatchObject({ myChoice: null, voted: true });
    const closed = await t.request('POST', `/api/meetings/${meeting.id}/votes/${voteId}/close`, { token: tokens['chair'] });
    expect(closed.body.result).toMatchObject({ agree: 2, disagree: 1 });

    // Everything the database holds, table by table: no row names member1 beside a choice.
    const tables = t.config.database.driver === 'postgres'
      ? ((await rawSql(t.config.database, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) as { name: string }[])
      : ((await rawSql(t.config.database, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as { name: string }[]);
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['vote_ballots', 'vote_secret_counts', 'meeting_events', 'audit_log']));
    const linked: string[] = [];
    for (const { name } of tables) {
      for (const row of (await rawSql(t.config.database, `SELECT * FROM "${name}"`)) as Record<string, unknown>[]) {
        const text = JSON.stringify(row);
        const values = Object.values(row).map((value) => String(value));
        // A choice as a value (a column, or a JSON value), not a count's key in a tally.
        const holdsChoice = values.some((value) => /^(agree|disagree|abstain)$/.test(value)) || /:\\?"(agree|disagree|abstain)\\?"/.test(text);
        if (text.includes(ids['member1']) && holdsChoice) linked.push(`${name}: ${text.slice(0, 300)}`);
      }
    }
    expect(linked).toEqual([]);
    const counts = (await rawSql(t.config.database, `SELECT * FROM vote_secret_counts WHERE vote_id = '${voteId}'`)) as Record<string, unknown>[];
    expect(counts.map((row) => Object.keys(row).sort())).toEqual([['choice', 'count', 'vote_id'], ['choice', 'count', 'vote_id']]);
  });

  it('position notes reach only the chair and the secretariat', async () => {
    const { meeting, items, tokens } = await createMeeting(t);
    const chair = await connect(tokens['chair']);
    const member = await connect(tokens['member6']);
    const { seq } = (await joinMeeting(chair, meeting.id)) as { seq: number };
    await joinMeeting(member, meeting.id);
    await t.request('PUT', `/api/meetings/${meeting.id}/agenda/${items[0].id}/position`, { token: tokens['member5'], body: { position: 'objection', note: 'Lý do phản đối mật' } });
    const forMember = await waitForSeq(member, seq + 1);
    expect(forMember).toMatchObject({ kind: 'positions', data: { positions: null } });
    expect(JSON.stringify(forMember)).not.toContain('Lý do phản đối mật');
    const forChair = await waitForSeq(chair, seq + 1);
    expect(JSON.stringify(forChair)).toContain('Lý do phản đối mật');
  });
});
