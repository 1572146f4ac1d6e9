import type { NotificationPage, NotificationResponse } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { checkInQrPng } from '@ecabinet/api/meetings';
import { approveBallot, connectLive, createMeeting, eventually, startTestApp, testDatabaseDriver, uploadPaper, userIds, type TestApp, startMailCapture, type CapturedMail, type MailCapture } from '../testing';

describe(`in-app notifications (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let smtp: MailCapture;
  let mails: CapturedMail[] = [];
  const tokens: Record<string, string> = {};
  let ids: Record<string, string>;

  beforeAll(async () => {
    smtp = await startMailCapture();
    mails = smtp.mails;
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn' } });
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member3']) tokens[username] = (await t.loginAs(username)).accessToken;
    for (const username of ['secretary', 'member1', 'member2', 'member3']) {
      await t.request('PATCH', `/api/users/${ids[username]}`, { token: tokens['admin'], body: { email: `${username}@example.gov.vn` } });
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const inbox = async (username: string, query = ''): Promise<NotificationPage> => (await t.request('GET', `/api/notifications${query}`, { token: tokens[username] })).body as NotificationPage;
  const ofKind = (page: NotificationPage, kind: string, title?: string) => page.items.filter((n) => n.kind === kind && (title === undefined || n.title === title));
  /** Mails of a kind whose text (quoted-printable soft line breaks undone) contains the marker. */
  const mailsOf = (kind: string, marker: string) => mails.filter((m) => m.body.includes(`X-Ecabinet-Notice: ${kind}\r\n`) && m.body.replace(/=\r\n/g, '').includes(marker));

  it('tells the participants of a published meeting, live on their own socket with the unread count, and keeps it for a reload', async () => {
    const socket = await connectLive(t.url, tokens['member1']);
    const other = await connectLive(t.url, tokens['member3']);
    const live: { notification: NotificationResponse; unread: number }[] = [];
    const overheard: unknown[] = [];
    socket.on('notification:new', (payload) => live.push(payload));
    other.on('notification:new', (payload) => overheard.push(payload));
    try {
      const before = (await inbox('member1')).unread;
      const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', secretary: 'secretary' } });
      for (let i = 0; i < 250 && !live.some((p) => p.notification.link === `/meetings/${f.meeting.id}`); i++) await new Promise((r) => setTimeout(r, 20));
      const received = live.find((p) => p.notification.link === `/meetings/${f.meeting.id}`);
      expect(received).toMatchObject({ unread: before + 1, notification: { kind: 'meeting-published', title: f.meeting.title, readAt: null, params: { startsAt: f.meeting.startsAt } } });
      expect(Object.keys(received?.notification ?? {}).sort()).toEqual(['createdAt', 'id', 'kind', 'link', 'params', 'readAt', 'title']);
      await new Promise((r) => setTimeout(r, 200));
      expect(overheard).toEqual([]); // member3 takes no part

      // Stored: the same notification after a reload, newest first, with the count.
      const page = await inbox('member1');
      expect(page.items[0]).toEqual(received?.notification);
      expect(page.unread).toBe(before + 1);
      expect(ofKind(await inbox('member3'), 'meeting-published', f.meeting.title)).toEqual([]);

      // Chosen by e-mail too, the invitation carries his check-in QR code: the same code the app shows.
      await t.request('PUT', '/api/notifications/preferences', { token: tokens['member1'], body: { email: { 'meeting-published': true } } });
      const g = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', secretary: 'secretary' } });
      const [invitation] = await eventually(async () => mailsOf('meeting-published', `/meetings/${g.meeting.id}`), (list) => list.length > 0);
      expect(invitation.to).toEqual(['member1@example.gov.vn']);
      const code = (await t.request('GET', `/api/meetings/${g.meeting.id}/check-in/code`, { token: tokens['member1'] })).body.code as string;
      expect(invitation.body).toContain('filename=ma-diem-danh.png');
      expect(invitation.body.replace(/\r\n/g, '')).toContain((await checkInQrPng(code)).toString('base64'));
    } finally {
      socket.disconnect();
      other.disconnect();
    }
  });

  it("reads and marks only the caller's own: another user gets 404, as for a missing one; read-all clears the count on every device", async () => {
    const mine = await eventually(() => inbox('member1'), (p) => p.items.length > 0);
    const id = mine.items[0].id;
    for (const username of ['member2', 'admin', 'secretary']) {
      const response = await t.request('POST', `/api/notifications/${id}/read`, { token: tokens[username] });
      expect([username, response.status, response.body.code]).toEqual([username, 404, 'NOTIFICATION_NOT_FOUND']);
      expect((await inbox(username)).items.map((n) => n.id)).not.toContain(id);
    }
    expect((await t.request('POST', '/api/notifications/00000000-0000-4000-8000-000000000000/read', { token: tokens['member1'] })).status).toBe(404);
    expect((await inbox('member1')).items.find((n) => n.id === id)?.readAt).toBeNull();

    const socket = await connectLive(t.url, tokens['member1']);
    const counts: number[] = [];
    socket.on('notification:unread', ({ unread }) => counts.push(unread));
    try {
      const read = await t.request('POST', `/api/notifications/${id}/read`, { token: tokens['member1'] });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, readAt: expect.any(String) });
      expect((await t.request('POST', `/api/notifications/${id}/read`, { token: tokens['member1'] })).body.readAt).toBe(read.body.readAt); // once
      const all = await t.request('POST', '/api/notifications/read-all', { token: tokens['member1'] });
      expect(all.body).toEqual({ unread: 0 });
      expect((await inbox('member1')).unread).toBe(0);
      expect((await inbox('member1', '?unread=true')).items).toEqual([]);
      for (let i = 0; i < 100 && counts.at(-1) !== 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(counts.at(-1)).toBe(0);
    } finally {
      socket.disconnect();
    }
  });

  it('refuses bad input with a 4xx and anonymous callers with 401', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/notifications?limit=0', undefined],
      ['GET', '/api/notifications?limit=1000', undefined],
      ['GET', '/api/notifications?offset=-1', undefined],
      ['GET', '/api/notifications?unread=maybe', undefined],
      ['POST', '/api/notifications/not-a-uuid/read', undefined],
      ['PUT', '/api/notifications/preferences', {}],
      ['PUT', '/api/notifications/preferences', { email: { 'paper-added': 'yes' } }],
      ['PUT', '/api/notifications/preferences', { email: { 'no-such-kind': true } }],
      ['PUT', '/api/notifications/preferences', { email: [] }],
    ] as const) {
      const response = await t.request(method, path, { token: tokens['member1'], body });
      expect([path, response.status]).toEqual([path, 400]);
    }
    expect((await t.request('GET', '/api/notifications')).status).toBe(401);
    const page = await t.request('GET', '/api/notifications?limit=1&offset=0', { token: tokens['member1'] });
    expect(page.body).toMatchObject({ limit: 1, offset: 0, items: [expect.any(Object)] });
  });

  it('tells the readers of a new or replaced paper, never an excluded member, and e-mails those who chose so', async () => {
    const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', member3: 'member', secretary: 'secretary' } });
    await t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/exclusions`, { token: tokens['secretary'], body: { userIds: [ids['member2']] } });
    const defaults = await t.request('GET', '/api/notifications/preferences', { token: tokens['member1'] });
    expect(defaults.body).toMatchObject({ emailAvailable: true, hasEmail: true, email: { 'paper-added': false, 'ballot-issued': true } });
    const chosen = await t.request('PUT', '/api/notifications/preferences', { token: tokens['member1'], body: { email: { 'paper-added': true } } });
    expect(chosen.body.email).toMatchObject({ 'paper-added': true, 'paper-replaced': false, 'ballot-issued': true });
    expect((await t.request('GET', '/api/notifications/preferences', { token: tokens['member1'] })).body.email['paper-added']).toBe(true);

    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 1 }), {
      token: tokens['secretary'],
      fileName: 'to-trinh.pdf',
      fields: { title: 'Tờ trình dự án Luật Đất đai' },
    });
    expect(upload.status).toBe(201);
    const paperId = upload.body.id as string;
    const link = `/meetings/${f.meeting.id}/papers/${paperId}`;
    const member1 = await eventually(() => inbox('member1'), (p) => p.items.some((n) => n.link === link));
    expect(member1.items.find((n) => n.link === link)).toMatchObject({ kind: 'paper-added', title: upload.body.title, params: { meetingTitle: f.meeting.title } });
    await eventually(() => inbox('member3'), (p) => p.items.some((n) => n.link === link));
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox('member2')).items.filter((n) => n.link === link)).toEqual([]); // excluded from the item
    expect((await inbox('secretary')).items.filter((n) => n.link === link)).toEqual([]);

    // E-mail: member1 chose it, member3 kept the default (in the app only).
    const sent = await eventually(async () => mailsOf('paper-added', link), (list) => list.length > 0);
    expect(sent.flatMap((m) => m.to)).toEqual(['member1@example.gov.vn']);
    expect(sent[0].body.replace(/=\r\n/g, '')).toContain(`${t.config.publicUrl}${link}`);

    // A new version: paper-replaced, which member1 did not choose by e-mail.
    const version = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${paperId}/versions`, await samplePaper({ pages: 2 }), { token: tokens['secretary'], fileName: 'to-trinh-v2.pdf' });
    expect(version.status).toBe(201);
    const replaced = await eventually(() => inbox('member1'), (p) => p.items.some((n) => n.kind === 'paper-replaced' && n.link === link));
    expect(replaced.items[0]).toMatchObject({ kind: 'paper-replaced', params: { version: 2 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsOf('paper-replaced', link)).toEqual([]);
  });

  it("tells a rescheduled meeting's participants, and the speaker given the floor once", async () => {
    const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', secretary: 'secretary' }, status: 'in_session' });
    const meeting = (await t.request('GET', `/api/meetings/${f.meeting.id}`, { token: tokens['secretary'] })).body;
    const moved = await t.request('PATCH', `/api/meetings/${f.meeting.id}`, { token: tokens['secretary'], body: { startsAt: '2026-12-02T01:00:00.000Z', version: meeting.version } });
    expect(moved.status).toBe(200);
    const rescheduled = await eventually(() => inbox('member2'), (p) => ofKind(p, 'meeting-rescheduled').some((n) => n.link === `/meetings/${f.meeting.id}`));
    expect(ofKind(rescheduled, 'meeting-rescheduled')[0]).toMatchObject({ title: f.meeting.title, params: { startsAt: '2026-12-02T01:00:00.000Z' } });

    const itemId = f.items[0].id;
    await t.request('PUT', `/api/meetings/${f.meeting.id}/current-item`, { token: tokens['chair'], body: { itemId } });
    expect((await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${itemId}/speakers`, { token: f.tokens['member1'] })).status).toBe(201);
    const granted = await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${itemId}/speakers/grant`, { token: tokens['chair'], body: {} });
    expect(granted.status).toBe(200);
    // Another request while member1 speaks re-sends the list: still one notification.
    await t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${itemId}/speakers`, { token: f.tokens['member2'] });
    const floor = await eventually(() => inbox('member1'), (p) => ofKind(p, 'floor-granted').some((n) => n.link === `/meetings/${f.meeting.id}`));
    await new Promise((r) => setTimeout(r, 300));
    expect(ofKind(await inbox('member1'), 'floor-granted').filter((n) => n.link === `/meetings/${f.meeting.id}`)).toHaveLength(1);
    expect(ofKind(floor, 'floor-granted')[0]).toMatchObject({ title: f.items[0].title, params: { meetingTitle: f.meeting.title } });
    expect(ofKind(await inbox('member2'), 'floor-granted').filter((n) => n.link === `/meetings/${f.meeting.id}`)).toEqual([]);
  });

  it("tells ballot recipients when one is issued, and the drafting secretary when the chair returns one; the recipients' choice decides the e-mail", async () => {
    // member2 turns the issue e-mail off; member1 keeps the default (on).
    await t.request('PUT', '/api/notifications/preferences', { token: tokens['member2'], body: { email: { 'ballot-issued': false } } });
    const create = (title: string) =>
      t.request('POST', '/api/ballots', {
        token: tokens['secretary'],
        body: { title, summary: 'Tóm tắt', questions: [{ text: 'Tán thành?' }], recipientIds: [ids['member1'], ids['member2']], deadline: new Date(Date.now() + 48 * 3_600_000).toISOString() },
      });
    const returned = (await create('Phiếu trả lại')).body.id as string;
    await t.request('POST', `/api/ballots/${returned}/submit`, { token: tokens['secretary'] });
    expect((await t.request('POST', `/api/ballots/${returned}/return`, { token: tokens['chair'], body: { reason: 'Bổ sung hồ sơ' } })).status).toBe(200);
    const desk = await eventually(() => inbox('secretary'), (p) => ofKind(p, 'ballot-returned').some((n) => n.link === `/ballot-desk/${returned}`));
    expect(ofKind(desk, 'ballot-returned')[0]).toMatchObject({ title: 'Phiếu trả lại', params: {} });
    expect(ofKind(await inbox('member1'), 'ballot-returned')).toEqual([]);

    const issued = (await create('Phiếu lấy ý kiến về dự thảo Nghị định')).body.id as string;
    for (const [who, step] of [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']] as const) {
      expect((step === 'approve' ? await approveBallot(t, issued, tokens[who]) : await t.request('POST', `/api/ballots/${issued}/${step}`, { token: tokens[who] })).status).toBe(200);
    }
    for (const username of ['member1', 'member2']) {
      const page = await eventually(() => inbox(username), (p) => p.items.some((n) => n.link === `/ballots/${issued}`));
      const notification = page.items.find((n) => n.link === `/ballots/${issued}`);
      expect(notification).toMatchObject({ kind: 'ballot-issued', title: 'Phiếu lấy ý kiến về dự thảo Nghị định', params: { deadline: expect.any(String) } });
      expect(JSON.stringify(notification)).not.toContain('Tán thành?'); // titles and links only
    }
    const sent = await eventually(async () => mailsOf('issued', `X-Ecabinet-Ballot: ${issued}`), (list) => list.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsOf('issued', `X-Ecabinet-Ballot: ${issued}`).flatMap((m) => m.to)).toEqual(['member1@example.gov.vn']);
    expect(sent).toHaveLength(1);
  });
});
