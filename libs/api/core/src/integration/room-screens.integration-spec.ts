import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { RoomScreenClaimResponse, RoomScreenPairingResponse, RoomScreenResponse, RoomScreenServerEvents, RoomScreenView } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

type ScreenClient = Socket<RoomScreenServerEvents> & { views: RoomScreenView[]; revoked: string[] };

describe(`room screens: pairing, a credential for one view, revocation (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  /** A real Socket.IO client on `/room-screen`; resolves with the socket once connected, or with the refusal. */
  const connectScreen = (auth: Record<string, unknown>): Promise<ScreenClient | { refused: string }> => {
    const socket = io(`${t.url}/room-screen`, { auth, transports: ['websocket'], reconnection: false, forceNew: true }) as ScreenClient;
    sockets.push(socket);
    socket.views = [];
    socket.revoked = [];
    socket.on('screen:view', (view) => socket.views.push(view));
    socket.on('screen:revoked', ({ reason }) => socket.revoked.push(reason));
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => resolve({ refused: error.message }));
    });
  };
  const connected = async (auth: Record<string, unknown>): Promise<ScreenClient> => {
    const result = await connectScreen(auth);
    if ('refused' in result) throw new Error(`refused: ${result.refused}`);
    return result;
  };
  const latestView = async (socket: ScreenClient, test: (view: RoomScreenView) => boolean): Promise<RoomScreenView> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = [...socket.views].reverse().find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such view; the last was ${JSON.stringify(socket.views.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** A screen asks for a code, the given user enters it, the screen claims its credential. */
  async function pairScreen(meetingId: string, token: string, label = 'Màn hình chính'): Promise<{ screen: RoomScreenResponse; screenToken: string }> {
    const pairing = (await t.request('POST', '/api/room-screens/pairings')).body as RoomScreenPairingResponse;
    const paired = await t.request('POST', `/api/meetings/${meetingId}/room-screens`, { token, body: { code: pairing.code.toLowerCase().replace(/^(...)/, '$1-'), label } });
    expect(paired.status).toBe(201);
    const claim = await t.request('POST', `/api/room-screens/pairings/${pairing.pairingId}/claim`, { body: { secret: pairing.secret } });
    expect(claim.status).toBe(200);
    const body = claim.body as RoomScreenClaimResponse;
    if (body.status !== 'paired') throw new Error('not paired');
    return { screen: paired.body as RoomScreenResponse, screenToken: body.screenToken };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('pairs a screen by its code: the screen waits, then takes its credential once; a wrong secret or code is refused', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session' });
    const pairing = await t.request('POST', '/api/room-screens/pairings');
    expect(pairing.status).toBe(201);
    const { pairingId, code, secret } = pairing.body as RoomScreenPairingResponse;
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);

    // Before the code is entered the screen waits; with a wrong secret it learns nothing.
    expect((await t.request('POST', `/api/room-screens/pairings/${pairingId}/claim`, { body: { secret } })).body).toMatchObject({ status: 'waiting' });
    const wrongSecret = await t.request('POST', `/api/room-screens/pairings/${pairingId}/claim`, { body: { secret: 'x'.repeat(43) } });
    expect(wrongSecret.status).toBe(404);
    expect(wrongSecret.body).toMatchObject({ code: 'PAIRING_NOT_FOUND' });

    // A code no screen shows; a malformed one; a blank label.
    const wrongCode = await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'], body: { code: 'AAAAAA', label: 'Phòng họp' } });
    expect(wrongCode.status).toBe(404);
    expect(wrongCode.body).toMatchObject({ code: 'PAIRING_CODE_UNKNOWN' });
    expect((await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'], body: { code: '<script>', label: 'x' } })).status).toBe(400);
    expect((await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'], body: { code, label: '   ' } })).status).toBe(400);

    // A member may not pair a screen, nor list them.
    expect((await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['member1'], body: { code, label: 'x' } })).status).toBe(403);
    expect((await t.request('GET', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['member1'] })).status).toBe(403);

    // The chair enters the code (typed as read: lower case, a dash): paired.
    const paired = await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['chair'], body: { code: ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `, label: 'Màn hình chính' } });
    expect(paired.status).toBe(201);
    expect(paired.body).toMatchObject({ meetingId: meeting.id, label: 'Màn hình chính', claimedAt: null, revokedAt: null, pairedByName: expect.any(String) });
    // The same code does not pair a second screen.
    expect((await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'], body: { code, label: 'Màn hình phụ' } })).body).toMatchObject({ code: 'PAIRING_CODE_UNKNOWN' });

    const claimed = await t.request('POST', `/api/room-screens/pairings/${pairingId}/claim`, { body: { secret } });
    expect(claimed.body).toMatchObject({ status: 'paired', meetingId: meeting.id, label: 'Màn hình chính', screenToken: expect.stringMatching(/^rs\./) });
    // Handed over once: a second claim (a copy of the screen's request) gets nothing.
    expect((await t.request('POST', `/api/room-screens/pairings/${pairingId}/claim`, { body: { secret } })).status).toBe(404);

    const list = (await t.request('GET', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'] })).body as RoomScreenResponse[];
    expect(list).toEqual([expect.objectContaining({ label: 'Màn hình chính', claimedAt: expect.any(String), revokedAt: null })]);
    const audit = await t.request('GET', "/api/audit?action=meeting.room-screen.paired", { token: (await t.loginAs('admin')).accessToken });
    expect(JSON.stringify(audit.body)).toContain((paired.body as RoomScreenResponse).id);
  });

  it('an expired code pairs nothing, and the screen that showed it is told to start again', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session' });
    const { pairingId, code, secret } = (await t.request('POST', '/api/room-screens/pairings')).body as RoomScreenPairingResponse;
    // Ten minutes pass on the wall: the row's expiry is moved into the past.
    await t.app.get(DataSource).getRepository('RoomScreenPairingEntity').update({ id: pairingId }, { expiresAt: new Date(Date.now() - 1000) });
    const late = await t.request('POST', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'], body: { code, label: 'Màn hình chính' } });
    expect(late.status).toBe(404);
    expect(late.body).toMatchObject({ code: 'PAIRING_CODE_UNKNOWN' });
    const claim = await t.request('POST', `/api/room-screens/pairings/${pairingId}/claim`, { body: { secret } });
    expect(claim.status).toBe(404);
    expect(claim.body).toMatchObject({ code: 'PAIRING_NOT_FOUND' });
    expect((await t.request('GET', `/api/meetings/${meeting.id}/room-screens`, { token: tokens['secretary'] })).body).toEqual([]);
  });

  it('shows the room the current item, the speaker with his time, the queue and a secret vote\'s totals only; and follows each change', async () => {
    const { meeting, items, tokens, ids } = await createMeeting(t, { status: 'in_session' });
    await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { version: (await t.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['secretary'] })).body.version, speakingLimitMinutes: 3 } });
    const { screenToken } = await pairScreen(meeting.id, tokens['secretary']);
    const screen = await connected({ screenToken });
    const first = await latestView(screen, () => true);
    expect(first).toMatchObject({ meetingId: meeting.id, title: 'Phiên họp thử nghiệm', status: 'in_session', currentItem: null, speaker: null, queue: [], vote: null });

    await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: items[0].id } });
    const onItem = await latestView(screen, (view) => view.currentItem !== null);
    expect(onItem.currentItem).toMatchObject({ number: '1', title: 'Nội dung 1', plannedMinutes: 10, startedAt: expect.any(String) });

    for (const member of ['member1', 'member2']) expect((await t.request('POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/speakers`, { token: tokens[member] })).status).toBe(201);
    await t.request('POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/speakers/grant`, { token: tokens['chair'], body: {} });
    const speaking = await latestView(screen, (view) => view.speaker !== null);
    expect(speaking.speaker).toMatchObject({ startedAt: expect.any(String), limitSeconds: 180 });
    expect(speaking.queue).toHaveLength(1);
    expect([speaking.speaker?.fullName, ...speaking.queue]).toHaveLength(2);

    // With a seat plan, the wall shows who sits where, present or not, and who holds or waits for the floor.
    const room = (await t.request('POST', '/api/rooms', { token: tokens['secretary'], body: { name: 'Phòng họp A', rows: [{ label: 'Hàng A', seats: [{ label: 'A1' }, { label: 'A2' }, { label: 'A3' }] }] } })).body as { id: string };
    const seats = [
      { seatKey: 'r1s1', userId: ids['member1'] },
      { seatKey: 'r1s2', userId: ids['member2'] },
    ];
    expect((await t.request('PUT', `/api/meetings/${meeting.id}/seats`, { token: tokens['secretary'], body: { roomId: room.id, seats } })).status).toBe(200);
    const seated = await latestView(screen, (view) => view.seats !== null);
    const holder = seated.speaker?.fullName;
    expect(seated.seats?.[0].seats.map((seat) => [seat.label, seat.status, seat.name === holder ? 'speaking' : seat.name ? 'waiting' : null, seat.floor])).toEqual([
      ['A1', 'in_room', expect.any(String), expect.any(String)],
      ['A2', 'in_room', expect.any(String), expect.any(String)],
      ['A3', 'empty', null, null],
    ]);
    for (const seat of seated.seats?.[0].seats.slice(0, 2) ?? []) expect(seat.floor).toBe(seat.name === holder ? 'speaking' : 'waiting');

    const opened = await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: 'Thông qua Nội dung 1?', secret: true } });
    expect(opened.status).toBe(201);
    const voteId = (opened.body as { id: string }).id;
    const open = await latestView(screen, (view) => view.vote?.status === 'open');
    expect(open.vote).toMatchObject({ question: 'Thông qua Nội dung 1?', secret: true, votedCount: 0, result: null, names: null });
    for (const [voter, choice] of [['chair', 'agree'], ['member1', 'agree'], ['member2', 'disagree']] as const) {
      expect((await t.request('PUT', `/api/meetings/${meeting.id}/votes/${voteId}/ballot`, { token: tokens[voter], body: { choice } })).status).toBeLessThan(300);
    }
    await t.request('POST', `/api/meetings/${meeting.id}/votes/${voteId}/close`, { token: tokens['chair'] });
    const closed = await latestView(screen, (view) => view.vote?.status === 'closed');
    expect(closed.vote).toMatchObject({ secret: true, votedCount: 3, result: { agree: 2, disagree: 1, abstain: 0 }, names: null });
    // Nothing of papers, positions or participants' names beyond the floor goes to the wall.
    expect(Object.keys(closed).sort()).toEqual(['currentItem', 'itemCount', 'meetingId', 'place', 'queue', 'quorum', 'seats', 'seq', 'serverTime', 'speaker', 'startsAt', 'status', 'title', 'vote']);

    // A named vote: its result with names, once closed.
    const named = (await t.request('POST', `/api/meetings/${meeting.id}/votes`, { token: tokens['chair'], body: { itemId: items[0].id, question: 'Biểu quyết công khai', secret: false } })).body as { id: string };
    await t.request('PUT', `/api/meetings/${meeting.id}/votes/${named.id}/ballot`, { token: tokens['member1'], body: { choice: 'abstain' } });
    await t.request('POST', `/api/meetings/${meeting.id}/votes/${named.id}/close`, { token: tokens['chair'] });
    const namedView = await latestView(screen, (view) => view.vote?.question === 'Biểu quyết công khai' && view.vote.status === 'closed');
    expect(namedView.vote?.names?.abstain).toHaveLength(1);
  });

  it('a screen\'s credential opens its meeting\'s view and nothing else; a user\'s token is not a screen\'s; a revoked screen is cut off at once', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session' });
    const { screen, screenToken } = await pairScreen(meeting.id, tokens['secretary']);

    // Any HTTP route, even the meeting's own snapshot: 401.
    for (const [method, path] of [
      ['GET', `/api/meetings/${meeting.id}/snapshot`],
      ['GET', `/api/meetings/${meeting.id}`],
      ['GET', `/api/meetings/${meeting.id}/room-screens`],
      ['GET', '/api/auth/me'],
      ['GET', '/api/meetings'],
    ] as const) {
      expect({ path, status: (await t.request(method, path, { token: screenToken })).status }).toEqual({ path, status: 401 });
    }
    // The members' live channel refuses it; the screen channel refuses a user's token, a forged and a missing one.
    await expect(connectLive(t.url, screenToken)).rejects.toThrow();
    expect(await connectScreen({ screenToken: tokens['secretary'] })).toEqual({ refused: 'UNAUTHENTICATED' });
    expect(await connectScreen({ screenToken: `${screenToken.slice(0, -4)}AAAA` })).toEqual({ refused: 'UNAUTHENTICATED' });
    expect(await connectScreen({})).toEqual({ refused: 'UNAUTHENTICATED' });
    expect(await connectScreen({ screenToken: 42 })).toEqual({ refused: 'UNAUTHENTICATED' });

    const socket = await connected({ screenToken });
    await latestView(socket, () => true);
    // It sends nothing the server answers: a member's message gets no reply and no data.
    const timed = socket.timeout(500) as unknown as { emitWithAck(event: string, body: unknown): Promise<unknown> };
    await expect(timed.emitWithAck('meeting:join', { meetingId: meeting.id })).rejects.toThrow();

    // A member may not revoke it; the secretariat does, and the socket closes.
    expect((await t.request('DELETE', `/api/meetings/${meeting.id}/room-screens/${screen.id}`, { token: tokens['member1'] })).status).toBe(403);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const revoked = await t.request('DELETE', `/api/meetings/${meeting.id}/room-screens/${screen.id}`, { token: tokens['secretary'] });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: screen.id, revokedAt: expect.any(String) });
    await disconnected;
    expect(socket.revoked).toEqual(['revoked']);
    expect(await connectScreen({ screenToken })).toEqual({ refused: 'UNAUTHENTICATED' });
    expect((await t.request('DELETE', `/api/meetings/${meeting.id}/room-screens/00000000-0000-4000-8000-000000000000`, { token: tokens['secretary'] })).status).toBe(404);

    // Another meeting's secretariat route does not reach this screen.
    const other = await createMeeting(t, { status: 'published' });
    expect((await t.request('DELETE', `/api/meetings/${other.meeting.id}/room-screens/${screen.id}`, { token: tokens['secretary'] })).status).toBe(404);
  });
});
