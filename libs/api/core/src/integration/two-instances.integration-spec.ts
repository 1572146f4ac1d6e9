import { io, type Socket } from 'socket.io-client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import type { PushMessage } from '@ecabinet/shared/contracts';
import { DEMO_PARTICIPANTS, connectLive, createMeeting, userIds, dropDatabase, eventually, joinMeeting, rawSql, startPushService, startTestApp, testDatabaseDriver, uploadPaper, waitForSeq, type PushServiceStub, type TestApp } from '../testing';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * The production shape (docker/compose.yaml): two API instances on one database, sharing live
 * updates through Redis. A change made through instance A reaches a socket held by instance B.
 */
describe(`two API instances sharing Redis (${testDatabaseDriver()})`, () => {
  let a: TestApp;
  let b: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-two-'));
  let push: PushServiceStub;

  beforeAll(async () => {
    push = await startPushService();
    const secret = 'shared-secret-for-both-instances-0123456789';
    // One VAPID pair for both (here the one made under the shared DATA_DIR; in production, given).
    a = await startTestApp({ env: { REDIS_URL, JWT_SECRET: secret, PUSH_SERVICES: push.origin }, dataDir, keepDatabase: true });
    b = await startTestApp({ env: { REDIS_URL, JWT_SECRET: secret, PUSH_SERVICES: push.origin }, dataDir, database: a.config.database });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await dropDatabase(a.config.database, dataDir);
    await push.stop();
  });

  it('a token issued by A is accepted by B, and logout-everywhere through A ends the socket held by B', async () => {
    const login = await a.loginAs('member8');
    expect((await b.request('GET', '/api/auth/me', { token: login.accessToken })).status).toBe(200);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${b.url}/live`, {
      auth: { token: login.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('session:hello', () => resolve());
        socket.once('connect_error', reject);
      });
      const revoked = new Promise<{ reason: string }>((resolve) => socket.once('session:revoked', resolve));
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect((await a.request('POST', '/api/auth/logout-everywhere', { token: login.accessToken })).status).toBe(204);
      // B had just let this caller in (and keeps callers in memory, #15): it refuses him at once.
      expect((await b.request('GET', '/api/auth/me', { token: login.accessToken })).status).toBe(401);
      expect(await revoked).toEqual({ reason: 'logout' });
      expect(await closed).toBe('io server disconnect');
    } finally {
      socket.disconnect();
    }
  });

  it('a user disabled through A is refused at once by B, which had just let him in; enabled again, he is let in', async () => {
    const admin = await a.loginAs('admin');
    const member = await a.loginAs('member7');
    const me = await b.request('GET', '/api/auth/me', { token: member.accessToken });
    expect(me.status).toBe(200);
    const id = (me.body as { id: string }).id;
    expect((await a.request('PATCH', `/api/users/${id}`, { token: admin.accessToken, body: { disabled: true } })).status).toBe(200);
    expect((await b.request('GET', '/api/auth/me', { token: member.accessToken })).status).toBe(401);
    expect((await a.request('GET', '/api/auth/me', { token: member.accessToken })).status).toBe(401);
    expect((await a.request('PATCH', `/api/users/${id}`, { token: admin.accessToken, body: { disabled: false } })).status).toBe(200);
    // Disabling ended his sessions: he signs in again.
    expect((await b.request('GET', '/api/auth/me', { token: (await b.loginAs('member7')).accessToken })).status).toBe(200);
  });

  it('a snapshot B has just served is not served again once a change went through A, nor to a participant A removed', async () => {
    const { meeting, items, tokens } = await createMeeting(a, { status: 'in_session' });
    const snapshotOnB = (token: string) => b.request('GET', `/api/meetings/${meeting.id}/snapshot`, { token });
    const before = await snapshotOnB(tokens['member1']);
    expect(before.status).toBe(200);
    expect((await snapshotOnB(tokens['member2'])).status).toBe(200);
    const item = items[0] as { id: string; version: number };
    expect((await a.request('PATCH', `/api/meetings/${meeting.id}/agenda/${item.id}`, { token: tokens['secretary'], body: { title: 'Sửa qua máy A', version: item.version } })).status).toBe(200);
    const after = (await snapshotOnB(tokens['member1'])).body as { seq: number; agenda: { id: string; title: string }[] };
    expect(after.seq).toBe((before.body as { seq: number }).seq + 1);
    expect(after.agenda.find((i) => i.id === item.id)?.title).toBe('Sửa qua máy A');

    const ids = await userIds(a);
    const kept = Object.entries(DEMO_PARTICIPANTS).filter(([username]) => username !== 'member2');
    const participants = kept.map(([username, role]) => ({ userId: ids[username], role }));
    expect((await a.request('PUT', `/api/meetings/${meeting.id}/participants`, { token: tokens['secretary'], body: { participants } })).status).toBe(200);
    expect((await snapshotOnB(tokens['member2'])).status).toBe(403);
  });

  it('a change made through instance A reaches a client following the meeting on instance B, with gap-free seq', async () => {
    const { meeting, items, tokens } = await createMeeting(a, { status: 'in_session' });
    const onB = await connectLive(b.url, tokens['member1']);
    try {
      const { seq } = (await joinMeeting(onB, meeting.id)) as { seq: number };
      // Alternate the instances the changes go through; seq must still grow by one per change.
      await a.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[0].id } });
      await b.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[1].id } });
      await a.request('POST', `/api/meetings/${meeting.id}/agenda/${items[1].id}/speakers`, { token: tokens['member2'] });
      const events = await Promise.all([1, 2, 3].map((n) => waitForSeq(onB, seq + n)));
      expect(events.map((e) => e.kind)).toEqual(['current-item', 'current-item', 'speakers']);
      // Every seq exactly once. Events published by different instances may arrive in either
      // order (one comes through Redis, the other straight from the local instance): the client
      // applies them in seq order.
      expect(onB.received.map((e) => e.seq).sort((x, y) => x - y)).toEqual([seq + 1, seq + 2, seq + 3]);
    } finally {
      onB.disconnect();
    }
  });

  it("a papers event reaches a member following on B but not, through Redis, a member excluded from the paper's item", async () => {
    const f = await createMeeting(a);
    await a.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: [f.ids['member3']] } });
    const excluded = await connectLive(b.url, f.tokens['member3']);
    const other = await connectLive(b.url, f.tokens['member4']);
    try {
      const { seq } = (await joinMeeting(excluded, f.meeting.id)) as { seq: number };
      await joinMeeting(other, f.meeting.id);
      const upload = await uploadPaper(a, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper(), { token: f.tokens['secretary'] });
      expect(upload.status).toBe(201);
      expect(await waitForSeq(other, seq + 1)).toMatchObject({ kind: 'papers', data: { itemId: f.items[0].id, paperId: upload.body.id } });
      expect(await waitForSeq(excluded, seq + 1)).toEqual({ meetingId: f.meeting.id, seq: seq + 1, kind: 'withheld', data: {}, at: expect.any(String) });
      expect(excluded.received.filter((e) => e.kind === 'papers')).toEqual([]);
    } finally {
      excluded.disconnect();
      other.disconnect();
    }
  });

  it('both instances report Redis up', async () => {
    for (const instance of [a, b]) {
      expect((await instance.request('GET', '/api/health')).body.checks.redis.state).toBe('up');
    }
  });

  it('a device subscribed through A is pushed to by B with the same key, and a logout through B ends it', async () => {
    const login = await a.request('POST', '/api/auth/login', { body: { username: 'member7', password: 'ecabinet-demo' } });
    const token = login.body.accessToken as string;
    const device = await push.device();
    expect((await a.request('PUT', '/api/notifications/push-subscription', { token, body: { endpoint: device.endpoint, keys: device.keys } })).status).toBe(200);
    const f = await createMeeting(b, { participants: { chair: 'chair', member7: 'member', secretary: 'secretary' }, status: 'in_session' });
    const pushed = await eventually(() => push.received<PushMessage>(device), (r) => r.messages.some((m) => m.message.notification.data.kind === 'meeting-started' && m.message.notification.body === f.meeting.title));
    const key = (await a.request('GET', '/api/notifications/preferences', { token })).body.pushKey as string;
    expect(pushed.messages.every((m) => m.vapid.publicKey === key)).toBe(true);
    expect(pushed.refusals).toEqual([]);

    expect((await b.request('POST', '/api/auth/logout', { headers: { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] } })).status).toBeLessThan(300);
    await eventually(async () => (await rawSql(a.config.database, `SELECT id FROM push_subscriptions WHERE endpoint = '${device.endpoint}'`)).length, (count) => count === 0);
  });
});
