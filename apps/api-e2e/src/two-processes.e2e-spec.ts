import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { io } from 'socket.io-client';
import type { AgendaItemResponse, ChatMessageResponse, MeetingEvent, MeetingScreens, MeetingSummaryResponse, RoomScreenPairingResponse, RoomScreenView } from '@ecabinet/shared/contracts';
import { call, sharedSecret, startApiProcess, type ApiProcess } from './api-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * What docker/compose.yaml promises, run natively: two API processes on one PostgreSQL database,
 * sharing live updates through Redis, files on one shared directory.
 */
describe('two API processes, PostgreSQL and Redis', () => {
  const schema = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-e2e-'));
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    const client = new Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.end();
    const separator = POSTGRES.includes('?') ? '&' : '?';
    const env = {
      DATABASE_URL: `${POSTGRES}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      REDIS_URL: REDIS,
      JWT_SECRET: sharedSecret(),
      DATA_DIR: dataDir,
    };
    a = await startApiProcess(env); // migrates and seeds the demo government
    b = await startApiProcess(env); // finds both done
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const client = new Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('both report PostgreSQL, the file store and Redis up', async () => {
    for (const instance of [a, b]) {
      expect((await call(instance.url, 'GET', '/api/health')).body).toMatchObject({
        status: 'ok',
        checks: { database: { state: 'up', driver: 'postgres' }, fileStore: { state: 'up' }, redis: { state: 'up' } },
      });
    }
  });

  it('an agenda change made through process A reaches a member following the meeting on process B', async () => {
    const secretary = (await call(a.url, 'POST', '/api/auth/login', undefined, { username: 'secretary', password: 'ecabinet-demo' })).body.accessToken as string;
    const member = (await call(b.url, 'POST', '/api/auth/login', undefined, { username: 'member1', password: 'ecabinet-demo' })).body.accessToken as string;
    const [meeting] = (await call<MeetingSummaryResponse[]>(b.url, 'GET', '/api/meetings', member)).body;
    const socket = io(`${b.url}/live`, { auth: { token: member }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const received: MeetingEvent[] = [];
      socket.on('meeting:event', (event) => received.push(event));
      await new Promise<void>((resolve, reject) => {
        socket.once('session:hello', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = (await socket.timeout(10_000).emitWithAck('meeting:join', { meetingId: meeting.id })) as { seq: number; snapshot: { agenda: AgendaItemResponse[] } };
      const last = ack.snapshot.agenda[ack.snapshot.agenda.length - 1];
      const agendaVersion = (await call(a.url, 'GET', `/api/meetings/${meeting.id}`, secretary)).body.agendaVersion as number;
      const moved = await call(a.url, 'POST', `/api/meetings/${meeting.id}/agenda/${last.id}/move`, secretary, { parentId: null, index: 0, agendaVersion });
      expect(moved.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!received.some((e) => e.seq === ack.seq + 1) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const event = received.find((e) => e.seq === ack.seq + 1);
      expect(event).toMatchObject({ kind: 'agenda', meetingId: meeting.id });
      expect((event?.data as { items: AgendaItemResponse[] }).items[0]).toMatchObject({ id: last.id, number: '1' });
    } finally {
      socket.disconnect();
    }
  });

  it('a screen acknowledging on process B is counted for the secretariat on process A, and one dropped on B is "reconnecting" in a count made by A', async () => {
    const login = async (url: string, username: string) => (await call(url, 'POST', '/api/auth/login', undefined, { username, password: 'ecabinet-demo' })).body.accessToken as string;
    const secretaryToken = await login(a.url, 'secretary');
    const memberToken = await login(b.url, 'member1');
    const [meeting] = (await call<MeetingSummaryResponse[]>(b.url, 'GET', '/api/meetings', memberToken)).body;
    const connect = async (url: string, token: string) => {
      const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => {
        socket.once('session:hello', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const secretary = await connect(a.url, secretaryToken);
    const member = await connect(b.url, memberToken);
    const counts: MeetingScreens[] = [];
    secretary.on('meeting:screens', (screens) => counts.push(screens));
    const huy = (screens: MeetingScreens) => screens.participants.find((p) => p.fullName === 'Lê Quang Huy');
    const countWhere = async (test: (screens: MeetingScreens) => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!counts.some(test) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return counts.find(test);
    };
    try {
      const { seq } = (await secretary.timeout(10_000).emitWithAck('meeting:join', { meetingId: meeting.id })) as { seq: number };
      await member.timeout(10_000).emitWithAck('meeting:join', { meetingId: meeting.id });
      expect(await member.timeout(10_000).emitWithAck('meeting:ack', { meetingId: meeting.id, seq })).toEqual({ ok: true });
      const counted = await countWhere((screens) => huy(screens)?.status === 'current');
      expect(counted).toMatchObject({ meetingId: meeting.id, seq });
      expect(huy(counted as MeetingScreens)).toMatchObject({ screens: 1, current: 1, shownSeq: seq });

      // The tablet drops off process B; the next count is made by process A (its own socket's acknowledgement), which heard it through Redis.
      member.disconnect();
      await countWhere((screens) => huy(screens)?.status === 'reconnecting');
      counts.length = 0;
      await secretary.timeout(10_000).emitWithAck('meeting:ack', { meetingId: meeting.id, seq });
      expect(huy((await countWhere(() => true)) as MeetingScreens)?.status).toBe('reconnecting');
    } finally {
      secretary.disconnect();
      member.disconnect();
    }
  });

  it('a chat message sent through A reaches a member following on B; a private one reaches only its recipient, across instances', async () => {
    const login = async (url: string, username: string) => (await call(url, 'POST', '/api/auth/login', undefined, { username, password: 'ecabinet-demo' })).body as { accessToken: string; user: { id: string } };
    const sender = await login(a.url, 'member1');
    const reader = await login(b.url, 'member2');
    const other = await login(b.url, 'member3');
    const [meeting] = (await call<MeetingSummaryResponse[]>(a.url, 'GET', '/api/meetings', sender.accessToken)).body;
    const follow = async (token: string) => {
      const socket = io(`${b.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const received: ChatMessageResponse[] = [];
      socket.on('chat:message', (message: ChatMessageResponse) => received.push(message));
      await new Promise<void>((resolve, reject) => {
        socket.once('session:hello', () => resolve());
        socket.once('connect_error', reject);
      });
      await socket.timeout(10_000).emitWithAck('meeting:join', { meetingId: meeting.id });
      return { socket, received };
    };
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!test() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return test();
    };
    const lan = await follow(reader.accessToken);
    const duc = await follow(other.accessToken);
    try {
      const secret = (await call<ChatMessageResponse>(a.url, 'POST', `/api/meetings/${meeting.id}/chat`, sender.accessToken, { body: 'Riêng chị Lan', to: reader.user.id })).body;
      const open = (await call<ChatMessageResponse>(a.url, 'POST', `/api/meetings/${meeting.id}/chat`, sender.accessToken, { body: 'Gửi cả phiên họp' })).body;
      expect(await until(() => lan.received.some((m) => m.id === secret.id) && lan.received.some((m) => m.id === open.id) && duc.received.some((m) => m.id === open.id))).toBe(true);
      expect(duc.received.some((m) => m.id === secret.id)).toBe(false);
    } finally {
      lan.socket.disconnect();
      duc.socket.disconnect();
    }
  });

  it('a room screen paired through A and connected to B follows a change made on A, and a revocation on A closes it on B', async () => {
    const secretary = (await call(a.url, 'POST', '/api/auth/login', undefined, { username: 'secretary', password: 'ecabinet-demo' })).body.accessToken as string;
    const [meeting] = (await call<MeetingSummaryResponse[]>(a.url, 'GET', '/api/meetings', secretary)).body;
    // The screen asks B for a code and claims through B; the secretariat enters it through A.
    const pairing = (await call<RoomScreenPairingResponse>(b.url, 'POST', '/api/room-screens/pairings')).body;
    const paired = await call<{ id: string }>(a.url, 'POST', `/api/meetings/${meeting.id}/room-screens`, secretary, { code: pairing.code, label: 'Màn hình chính' });
    expect(paired.status).toBe(201);
    const claim = (await call<{ status: string; screenToken: string }>(b.url, 'POST', `/api/room-screens/pairings/${pairing.pairingId}/claim`, undefined, { secret: pairing.secret })).body;
    expect(claim.status).toBe('paired');
    const screen = io(`${b.url}/room-screen`, { auth: { screenToken: claim.screenToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    const views: RoomScreenView[] = [];
    const revoked: string[] = [];
    screen.on('screen:view', (view: RoomScreenView) => views.push(view));
    screen.on('screen:revoked', ({ reason }: { reason: string }) => revoked.push(reason));
    const until = async (test: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!test() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return test();
    };
    try {
      expect(await until(() => views.length > 0)).toBe(true);
      const first = views[0];
      const agenda = (await call<AgendaItemResponse[]>(a.url, 'GET', `/api/meetings/${meeting.id}/agenda`, secretary)).body;
      const renamed = await call(a.url, 'PATCH', `/api/meetings/${meeting.id}/agenda/${agenda[0].id}`, secretary, { title: 'Báo cáo đã sửa tên', version: agenda[0].version });
      expect(renamed.status).toBe(200);
      expect(await until(() => views.some((view) => view.seq > first.seq))).toBe(true);

      const disconnected = new Promise<void>((resolve) => screen.once('disconnect', () => resolve()));
      expect((await call(a.url, 'DELETE', `/api/meetings/${meeting.id}/room-screens/${paired.body.id}`, secretary)).status).toBe(200);
      await disconnected;
      expect(revoked).toEqual(['revoked']);
    } finally {
      screen.disconnect();
    }
  });
});
