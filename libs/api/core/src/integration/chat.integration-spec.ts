import type { ChatMessageResponse, ChatStateResponse } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, joinMeeting, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

const PARTICIPANTS = { chair: 'chair', member1: 'member', member2: 'member', member3: 'member' } as const;

describe(`the meeting's chat (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: { disconnect(): void }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  /** A member's live socket following the meeting, keeping the chat messages it receives. */
  async function follow(token: string, meetingId: string): Promise<ChatMessageResponse[]> {
    const socket = await connectLive(t.url, token);
    sockets.push(socket);
    const received: ChatMessageResponse[] = [];
    socket.on('chat:message', (message) => received.push(message));
    await joinMeeting(socket, meetingId);
    return received;
  }
  const until = async (test: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!test() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return test();
  };
  const send = (meetingId: string, token: string, body: unknown) => t.request('POST', `/api/meetings/${meetingId}/chat`, { token, body });
  const state = async (meetingId: string, token: string) => (await t.request('GET', `/api/meetings/${meetingId}/chat`, { token })).body as ChatStateResponse;

  it('the channel reaches everyone following the meeting live, counted unread until read; text is kept as written', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const member2Live = await follow(tokens['member2'], meeting.id);
    const script = 'Đề nghị xem lại <script>alert(1)</script> mục 2 & "phụ lục"';
    const sent = await send(meeting.id, tokens['member1'], { body: `  ${script}  ` });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ body: script, kind: 'message', recipientId: null, senderName: 'Lê Quang Huy' });
    expect(await until(() => member2Live.some((m) => m.id === (sent.body as ChatMessageResponse).id))).toBe(true);

    expect((await state(meeting.id, tokens['member2'])).unread).toEqual({ channel: 1, private: {} });
    // The writer has read what he wrote.
    expect((await state(meeting.id, tokens['member1'])).unread).toEqual({ channel: 0, private: {} });
    expect((await t.request('POST', `/api/meetings/${meeting.id}/chat/read`, { token: tokens['member2'], body: {} })).status).toBe(204);
    expect((await state(meeting.id, tokens['member2'])).unread.channel).toBe(0);
  });

  it('a private message reaches its two people only: not another member, not the secretariat', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const member2Live = await follow(tokens['member2'], meeting.id);
    const member3Live = await follow(tokens['member3'], meeting.id);
    const secretaryLive = await follow(tokens['secretary'], meeting.id);
    const sent = (await send(meeting.id, tokens['member1'], { body: 'Anh xem giúp trang 12.', to: ids['member2'] })).body as ChatMessageResponse;
    expect(sent).toMatchObject({ recipientId: ids['member2'], recipientName: 'Phạm Thị Lan' });
    expect(await until(() => member2Live.some((m) => m.id === sent.id))).toBe(true);
    // A channel message sent after it arrives everywhere: by then the private one would have too.
    const after = (await send(meeting.id, tokens['chair'], { body: 'Mời các đồng chí cho ý kiến.' })).body as ChatMessageResponse;
    expect(await until(() => member3Live.some((m) => m.id === after.id) && secretaryLive.some((m) => m.id === after.id))).toBe(true);
    expect(member3Live.some((m) => m.id === sent.id)).toBe(false);
    expect(secretaryLive.some((m) => m.id === sent.id)).toBe(false);

    expect((await state(meeting.id, tokens['member2'])).unread).toEqual({ channel: 1, private: { [ids['member1']]: 1 } });
    expect((await state(meeting.id, tokens['member3'])).messages.map((m) => m.id)).toEqual([after.id]);
    expect((await state(meeting.id, tokens['secretary'])).messages.map((m) => m.id)).toEqual([after.id]);
    await t.request('POST', `/api/meetings/${meeting.id}/chat/read`, { token: tokens['member2'], body: { with: ids['member1'] } });
    expect((await state(meeting.id, tokens['member2'])).unread.private).toEqual({});

    // Not to oneself, nor to someone outside the meeting.
    expect((await send(meeting.id, tokens['member1'], { body: 'x', to: ids['member1'] })).body).toMatchObject({ code: 'CHAT_RECIPIENT_INVALID' });
    expect((await send(meeting.id, tokens['member1'], { body: 'x', to: ids['member5'] })).status).toBe(422);
  });

  it('the chair mutes a member in the channel (audited); he can still write privately; only the chair\'s side mutes and sends notices', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    expect((await t.request('PUT', `/api/meetings/${meeting.id}/chat/mutes/${ids['member1']}`, { token: tokens['member2'], body: { muted: true } })).status).toBe(403);
    const muted = await t.request('PUT', `/api/meetings/${meeting.id}/chat/mutes/${ids['member1']}`, { token: tokens['chair'], body: { muted: true } });
    expect(muted.body).toEqual({ mutedUserIds: [ids['member1']] });
    const refused = await send(meeting.id, tokens['member1'], { body: 'Tôi xin phát biểu thêm.' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CHAT_MUTED' });
    expect((await send(meeting.id, tokens['member1'], { body: 'Nhắn riêng.', to: ids['chair'] })).status).toBe(201);
    expect((await state(meeting.id, tokens['member1'])).mutedUserIds).toEqual([ids['member1']]);
    await t.request('PUT', `/api/meetings/${meeting.id}/chat/mutes/${ids['member1']}`, { token: tokens['chair'], body: { muted: false } });
    expect((await send(meeting.id, tokens['member1'], { body: 'Cảm ơn Chủ tọa.' })).status).toBe(201);
    const audit = await t.request('GET', '/api/audit?action=meeting.chat.muted', { token: (await t.loginAs('admin')).accessToken });
    expect(JSON.stringify(audit.body)).toContain(ids['member1']);

    expect((await send(meeting.id, tokens['member2'], { body: 'Thông báo', notice: true })).status).toBe(403);
    expect((await send(meeting.id, tokens['secretary'], { body: 'Giải lao 15 phút.', notice: true })).body).toMatchObject({ kind: 'notice', recipientId: null });
    expect((await state(meeting.id, tokens['chair'])).moderator).toBe(true);
    expect((await state(meeting.id, tokens['member2'])).moderator).toBe(false);
  });

  it('refuses bad input plainly and an outsider altogether; a closed meeting keeps its chat, read only, exported for the record', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    for (const body of [{ body: '' }, { body: '   \n ' }, {}, { body: 'x'.repeat(2001) }, { body: 42 }, { body: 'x', to: 'not-a-uuid' }, { body: 'x', extra: 1 }]) {
      const response = await send(meeting.id, tokens['member1'], body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    const huge = await t.request('POST', `/api/meetings/${meeting.id}/chat`, { token: tokens['member1'], rawBody: JSON.stringify({ body: 'x'.repeat(10 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });

    const outsider = (await t.loginAs('member5')).accessToken;
    expect((await t.request('GET', `/api/meetings/${meeting.id}/chat`, { token: outsider })).status).toBe(403);
    expect((await send(meeting.id, outsider, { body: 'x' })).status).toBe(403);

    await send(meeting.id, tokens['member1'], { body: '=HYPERLINK("http://x")' });
    await send(meeting.id, tokens['member1'], { body: 'Riêng tư', to: ids['member2'] });
    await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'closed' } });
    expect((await send(meeting.id, tokens['member1'], { body: 'Muộn' })).status).toBe(409);
    expect((await state(meeting.id, tokens['member1'])).writable).toBe(false);
    const csv = await t.request('GET', `/api/meetings/${meeting.id}/chat/export`, { token: tokens['secretary'] });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = typeof csv.body === 'string' ? csv.body : JSON.stringify(csv.body);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).not.toContain('Riêng tư');
    expect((await t.request('GET', `/api/meetings/${meeting.id}/chat/export`, { token: tokens['member1'] })).status).toBe(403);
  });
});
