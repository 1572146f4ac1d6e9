import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { TokenVerifier } from 'livekit-server-sdk';
import type { ClientConfigResponse, MeetingResponse, VideoTokenResponse } from '@ecabinet/shared/contracts';
import { createMeeting, eventually, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

const SECRET = 'a-video-secret-of-at-least-32-characters!';
const PARTICIPANTS = { chair: 'chair', member1: 'member', member2: 'member' } as const;
const jwt = new JwtService();

describe(`the meeting's call on Jitsi or LiveKit (${testDatabaseDriver()})`, () => {
  let jitsi: TestApp;
  let livekit: TestApp;
  let none: TestApp;

  beforeAll(async () => {
    jitsi = await startTestApp({ env: { VIDEO_PROVIDER: 'jitsi', VIDEO_URL: 'https://hop.chinhphu.example.vn', VIDEO_KEY: 'ecabinet', VIDEO_SECRET: SECRET } });
    livekit = await startTestApp({ env: { VIDEO_PROVIDER: 'livekit', VIDEO_URL: 'wss://livekit.chinhphu.example.vn', VIDEO_KEY: 'APIecabinet', VIDEO_SECRET: SECRET } });
    none = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([jitsi?.close(), livekit?.close(), none?.close()]);
  });

  const token = async (t: TestApp, meetingId: string, accessToken: string) => t.request('POST', `/api/meetings/${meetingId}/video/token`, { token: accessToken });

  it('Jitsi: a participant\'s JWT carries the room, his name and role and expires with the session; the chair and the secretariat moderate', async () => {
    const { meeting, tokens, ids } = await createMeeting(jitsi, { status: 'in_session', participants: PARTICIPANTS });
    expect((await jitsi.request('GET', '/api/config')).body as ClientConfigResponse).toMatchObject({ video: 'jitsi' });

    const member = await token(jitsi, meeting.id, tokens['member1']);
    expect(member.status).toBe(200);
    const body = member.body as VideoTokenResponse;
    expect(body).toMatchObject({ provider: 'jitsi', url: 'https://hop.chinhphu.example.vn', room: `ecabinet-${meeting.id}`, moderator: false, displayName: 'Lê Quang Huy' });
    // Checked as Jitsi's token authentication checks it: HS256 with the app secret, aud, iss = app_id, sub = the domain, the room.
    const claims = jwt.verify<Record<string, unknown>>(body.token, { secret: SECRET, algorithms: ['HS256'], audience: 'jitsi', issuer: 'ecabinet', subject: 'hop.chinhphu.example.vn' });
    expect(claims).toMatchObject({ room: `ecabinet-${meeting.id}`, moderator: false, context: { user: { id: ids['member1'], name: 'Lê Quang Huy', moderator: 'false', role: 'member' } } });
    expect((claims['exp'] as number) * 1000).toBe(Date.parse(body.expiresAt));
    // Another secret does not verify it; after it expires it is refused.
    expect(() => jwt.verify(body.token, { secret: 'x'.repeat(40), algorithms: ['HS256'] })).toThrow();
    expect(() => jwt.verify(body.token, { secret: SECRET, algorithms: ['HS256'], clockTimestamp: (claims['exp'] as number) + 1 })).toThrow(/expired/);

    for (const moderator of ['chair', 'secretary']) {
      const issued = (await token(jitsi, meeting.id, tokens[moderator])).body as VideoTokenResponse;
      expect(issued.moderator).toBe(true);
      expect(jwt.verify<Record<string, unknown>>(issued.token, { secret: SECRET, audience: 'jitsi' })).toMatchObject({ moderator: true, context: { user: { moderator: 'true', affiliation: 'owner' } } });
    }
  });

  it('LiveKit: an access token its own verifier accepts, for this room only, moderators as room admins; it expires with the session', async () => {
    const { meeting, tokens, ids } = await createMeeting(livekit, { status: 'in_session', participants: PARTICIPANTS });
    const verifier = new TokenVerifier('APIecabinet', SECRET);
    const member = (await token(livekit, meeting.id, tokens['member2'])).body as VideoTokenResponse;
    expect(member).toMatchObject({ provider: 'livekit', url: 'wss://livekit.chinhphu.example.vn', room: `ecabinet-${meeting.id}`, moderator: false });
    const claims = await verifier.verify(member.token);
    expect(claims).toMatchObject({ sub: ids['member2'], name: 'Phạm Thị Lan', video: { room: `ecabinet-${meeting.id}`, roomJoin: true, canPublish: true, roomAdmin: false } });
    expect(JSON.parse(claims.metadata ?? '{}')).toEqual({ role: 'member', moderator: false });
    await expect(new TokenVerifier('APIecabinet', 'y'.repeat(40)).verify(member.token)).rejects.toThrow();
    expect(() => jwt.verify(member.token, { secret: SECRET, clockTimestamp: Math.floor(Date.parse(member.expiresAt) / 1000) + 1 })).toThrow(/expired/);

    const chair = (await token(livekit, meeting.id, tokens['chair'])).body as VideoTokenResponse;
    expect((await verifier.verify(chair.token)).video).toMatchObject({ roomAdmin: true });
  });

  it('refuses a non-participant, a meeting not in session, and any call when no engine is configured', async () => {
    const { meeting, tokens } = await createMeeting(jitsi, { status: 'in_session', participants: PARTICIPANTS });
    const outsider = (await jitsi.loginAs('member3')).accessToken;
    expect((await token(jitsi, meeting.id, outsider)).status).toBe(403);
    expect((await jitsi.request('POST', `/api/meetings/${meeting.id}/video/joined`, { token: outsider })).status).toBe(403);
    expect((await jitsi.request('POST', `/api/meetings/${meeting.id}/video/token`)).status).toBe(401);

    const published = await createMeeting(jitsi, { status: 'published', participants: PARTICIPANTS });
    const early = await token(jitsi, published.meeting.id, published.tokens['member1']);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'NOT_IN_SESSION' });

    // The session closes: no more tokens.
    await jitsi.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'closed' } });
    expect((await token(jitsi, meeting.id, tokens['member1'])).status).toBe(409);

    const plain = await createMeeting(none, { status: 'in_session', participants: PARTICIPANTS });
    const off = await token(none, plain.meeting.id, plain.tokens['member1']);
    expect(off.status).toBe(404);
    expect(off.body).toMatchObject({ code: 'VIDEO_NOT_CONFIGURED' });
    expect((await none.request('GET', '/api/config')).body).toMatchObject({ video: null });
  });

  it('joining the call marks a member remote and quorum counts him; one in the room stays in the room', async () => {
    const { meeting, tokens, ids } = await createMeeting(jitsi, { status: 'in_session', participants: PARTICIPANTS, attendance: { member2: 'absent' } });
    const before = meeting.quorum.present;
    const joined = await jitsi.request('POST', `/api/meetings/${meeting.id}/video/joined`, { token: tokens['member2'] });
    expect(joined.body).toEqual({ attendance: 'remote' });
    const after = (await jitsi.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['secretary'] })).body as MeetingResponse;
    expect(after.participants.find((p) => p.userId === ids['member2'])?.attendance).toBe('remote');
    expect(after.quorum.present).toBe(before + 1);
    expect((await jitsi.request('POST', `/api/meetings/${meeting.id}/video/joined`, { token: tokens['member1'] })).body).toEqual({ attendance: 'in_room' });
    // The secretariat without a seat joins without being counted.
    expect((await jitsi.request('POST', `/api/meetings/${meeting.id}/video/joined`, { token: tokens['secretary'] })).body).toEqual({ attendance: null });
  });

  it('lets the web app load the engine and nothing more: Jitsi\'s script and frame, LiveKit\'s signalling', async () => {
    const directives = async (t: TestApp) => ((await t.request('GET', '/api/config')).headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
    expect(await directives(jitsi)).toEqual(expect.arrayContaining(["script-src 'self' https://hop.chinhphu.example.vn", 'frame-src https://hop.chinhphu.example.vn']));
    const live = await directives(livekit);
    expect(live).toEqual(expect.arrayContaining(["script-src 'self'", "frame-src 'none'"]));
    expect(live.find((d) => d.startsWith('connect-src'))).toContain('wss://livekit.chinhphu.example.vn');
    expect(await directives(none)).toEqual(expect.arrayContaining(["script-src 'self'", "frame-src 'none'"]));
  });

  it('LiveKit: the meeting\'s room is made when the session opens and deleted when it closes, by the server API with a token LiveKit accepts', async () => {
    // A stand-in for LiveKit's RoomService (Twirp over HTTP, as livekit-server-sdk calls it): it
    // checks each call's token with LiveKit's own verifier and records what was asked.
    const calls: { method: string; body: Record<string, unknown>; grants: Record<string, unknown> }[] = [];
    const verifier = new TokenVerifier('APIrooms', SECRET);
    const server: Server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', async () => {
        try {
          const claims = await verifier.verify((request.headers.authorization ?? '').replace(/^Bearer /, ''));
          const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(request.url ?? '')?.[1] ?? request.url ?? '';
          const body = JSON.parse(text || '{}') as Record<string, unknown>;
          calls.push({ method, body, grants: { ...(claims.video ?? {}) } });
          response.writeHead(200, { 'content-type': 'application/json' }).end(method === 'CreateRoom' ? JSON.stringify({ sid: 'RM_1', name: body['name'] }) : '{}');
        } catch {
          response.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthenticated","msg":"bad token"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rooms = await startTestApp({ env: { VIDEO_PROVIDER: 'livekit', VIDEO_URL: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, VIDEO_KEY: 'APIrooms', VIDEO_SECRET: SECRET } });
    try {
      const { meeting, tokens } = await createMeeting(rooms, { status: 'in_session', participants: PARTICIPANTS });
      // (The demo government's own session in progress has its room too: only this meeting's calls count.)
      const room = `ecabinet-${meeting.id}`;
      const mine = () => calls.filter((call) => call.body['name'] === room || call.body['room'] === room);
      await eventually(async () => mine().length, (count) => count >= 1);
      expect(mine()[0]).toMatchObject({ method: 'CreateRoom', body: { name: room, emptyTimeout: 1800 }, grants: { roomCreate: true } });
      expect(JSON.parse(String(mine()[0].body['metadata']))).toEqual({ meetingId: meeting.id, title: (meeting as MeetingResponse).title });

      expect((await rooms.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'closed' } })).status).toBe(200);
      await eventually(async () => mine().length, (count) => count >= 2);
      expect(mine()[1]).toMatchObject({ method: 'DeleteRoom', body: { room }, grants: { roomCreate: true } });
      expect(mine()).toHaveLength(2);
    } finally {
      await rooms.close();
      server.close();
    }
  });

  it('a bad configuration stops the start with the variable named', async () => {
    await expect(startTestApp({ env: { VIDEO_PROVIDER: 'jitsi', VIDEO_URL: 'https://hop.example.vn', VIDEO_KEY: 'k' } })).rejects.toThrow(/VIDEO_SECRET is required/);
    await expect(startTestApp({ env: { VIDEO_PROVIDER: 'livekit', VIDEO_URL: 'https://x.example.vn', VIDEO_KEY: 'k', VIDEO_SECRET: SECRET } })).rejects.toThrow(/VIDEO_URL must be the wss:\/\/ URL/);
    await expect(startTestApp({ env: { VIDEO_PROVIDER: 'zoom' } })).rejects.toThrow(/VIDEO_PROVIDER/);
    await expect(startTestApp({ env: { VIDEO_URL: 'https://hop.example.vn' } })).rejects.toThrow(/VIDEO_PROVIDER is required/);
  });
});
