import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { VoteResponse } from '@ecabinet/shared/contracts';
import { TokenService, UserEntity } from '@ecabinet/api/identity';
import { createMeeting, rawSql, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

describe(`in-session votes (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a named vote: present members vote once each, may change until it closes, and the result is recorded on the item', async () => {
    const { meeting, items, tokens, ids } = await createMeeting(t, {
      status: 'in_session',
      attendance: { member7: 'absent', member8: 'remote' },
    });
    const opened = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: 'Thông qua dự thảo?', secret: false } });
    const voteId = opened.body.id as string;
    expect(opened.body).toMatchObject({ eligible: 8, votedCount: 0, status: 'open' });
    const second = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[1].id, question: 'Khác?', secret: false } });
    expect(second.body.code).toBe('VOTE_ALREADY_OPEN');

    const cast = (username: string, choice: string) => t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens[username], body: { choice } });
    for (const username of ['chair', 'member1', 'member2', 'member3', 'member4', 'member8']) expect((await cast(username, 'agree')).status).toBe(200);
    expect((await cast('member1', 'disagree')).body.myChoice).toBe('disagree');
    expect((await cast('member7', 'agree')).body.code).toBe('NOT_PRESENT');
    expect((await cast('observer', 'agree')).body.code).toBe('NOT_A_VOTER');
    expect((await cast('member5', 'maybe')).status).toBe(400);
    const byMember = await t.request('POST', `/api/meetings/${meeting.id}/votes/${voteId}/close`, { token: tokens['member2'] });
    expect(byMember.status).toBe(403);

    const closed = await t.request('POST', `/api/meetings/${meeting.id}/votes/${voteId}/close`, { token: tokens['secretary'] });
    // Nine members in all: five agreeing is more than half of all members.
    expect(closed.body.result).toEqual({
      agree: 5,
      disagree: 1,
      abstain: 0,
      eligible: 8,
      needed: 5,
      passed: true,
      excluded: 0,
      quorum: { members: 9, present: 8, required: 6, reached: true, excluded: 0 },
    });
    expect(closed.body.ballots).toEqual(expect.arrayContaining([{ userId: ids['member1'], choice: 'disagree' }]));
    expect((await cast('member5', 'agree')).body.code).toBe('VOTE_CLOSED');
    const agenda = await t.request('GET', `/api/meetings/${meeting.id}/agenda`, { token: tokens['member5'] });
    expect(agenda.body[0].voteResult).toMatchObject({ agree: 5, passed: true });
  });

  it('a delegate votes for a represented member only when the meeting allows it', async () => {
    const admin = await t.loginAs('admin');
    await t.request('POST', '/api/users', { token: admin.accessToken, body: { username: 'deputy-vote', fullName: 'Thứ trưởng', password: 'ecabinet-demo', roles: ['delegate'] } });
    for (const allowed of [false, true]) {
      const { meeting, items, tokens } = await createMeeting(t, {
        status: 'in_session',
        participants: { chair: 'chair', member1: 'member', member2: 'member', 'deputy-vote': 'delegate', secretary: 'secretary' },
        delegateFor: { 'deputy-vote': 'member2' },
        attendance: { member2: 'represented' },
        delegatesMayVote: allowed,
      });
      const vote = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: '?', secret: true } });
      expect(vote.body.eligible).toBe(allowed ? 3 : 2);
      const cast = await t.request('PUT', `/api/meetings/${meeting.id}/votes/${vote.body.id}/ballot`, { token: tokens['deputy-vote'], body: { choice: 'agree' } });
      expect(cast.status).toBe(allowed ? 200 : 403);
    }
  });

  it.each([false, true])('one vote per member under 200 members casting twice at once (secret: %s)', async (secret) => {
    const members = 200;
    const { meeting, items, tokens: fixtureTokens } = await createMeeting(t, { status: 'in_session', participants: { chair: 'chair', secretary: 'secretary' } });
    const dataSource = t.app.get(DataSource);
    const tokens = t.app.get(TokenService);
    const now = new Date();
    const users = Array.from({ length: members }, (_, i) =>
      dataSource.getRepository(UserEntity).create({
        id: randomUUID(),
        username: `load-member-${secret ? 's' : 'n'}-${i}`,
        fullName: `Thành viên ${i}`,
        title: null,
        email: null,
        passwordHash: 'not-a-login-account',
        roles: ['member'],
        disabled: false,
        totpSecret: null,
        totpEnabled: false,
        sessionEpoch: 0,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await dataSource.getRepository(UserEntity).insert(users);
    for (const user of users) {
      await rawSql(t.config.database, `INSERT INTO meeting_participants (meeting_id, user_id, role, attendance) VALUES ('${meeting.id}', '${user.id}', 'member', 'in_room')`);
    }
    const opened = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: fixtureTokens['chair'], body: { itemId: items[0].id, question: '?', secret } });
    expect(opened.body.eligible).toBe(members + 1);
    const voteId = opened.body.id as string;

    // An access token dies with its session (refresh-token family): each member gets one.
    const sessions = users.map((user) => ({ id: randomUUID(), userId: user.id, familyId: randomUUID(), tokenHash: '-', expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now }));
    await dataSource.getRepository('RefreshTokenEntity').insert(sessions);
    const casts = users.flatMap((user, i) => {
      const token = tokens.issueAccessToken(user, sessions[i].familyId).accessToken;
      return ['agree', 'disagree'].map((choice) => t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token, body: { choice } }));
    });
    const responses = await Promise.all(casts);
    const rows = (await rawSql(t.config.database, `SELECT user_id, choice, revision FROM vote_ballots WHERE vote_id = '${voteId}'`)) as { user_id: string; choice: string | null; revision: number }[];
    expect(rows).toHaveLength(members);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(members);
    if (secret) {
      // A secret ballot is final: of each member's two, one counts and the other is refused.
      expect(responses.filter((r) => r.status === 200)).toHaveLength(members);
      expect(responses.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array(members).fill('SECRET_VOTE_CAST'));
      expect(rows.every((r) => r.choice === null && Number(r.revision) === 1)).toBe(true);
      const counts = (await rawSql(t.config.database, `SELECT choice, count FROM vote_secret_counts WHERE vote_id = '${voteId}'`)) as { count: number }[];
      expect(counts.reduce((sum, row) => sum + Number(row.count), 0)).toBe(members);
    } else {
      expect(responses.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
      expect(rows.every((r) => Number(r.revision) === 2)).toBe(true);
    }
    const vote = (await t.request('GET', `/api/meetings/${meeting.id}/votes/${voteId}`, { token: fixtureTokens['chair'] })).body as VoteResponse;
    expect(vote.votedCount).toBe(members);
    // The database itself refuses a second ballot row for the same member.
    await expect(
      rawSql(t.config.database, `INSERT INTO vote_ballots (vote_id, user_id, choice, cast_at, revision) VALUES ('${voteId}', '${users[0].id}', 'agree', '2026-11-21 00:00:00', 1)`),
    ).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE|duplicate key/i) });
  });
});
