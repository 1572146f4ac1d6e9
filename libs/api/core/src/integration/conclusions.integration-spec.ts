import type { AgendaItemResponse, ConclusionVersionResponse, MeetingEvent, MeetingSnapshot } from '@ecabinet/shared/contracts';
import { connectLive, createMeeting, joinMeeting, startTestApp, testDatabaseDriver, waitForSeq, type LiveClient, type MeetingFixture, type TestApp } from '../testing';

/** Conclusions as versioned texts: the secretariat drafts, the meeting's chair approves, members see only what he approved. */
describe(`conclusions (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  const base = (f: MeetingFixture) => `/api/meetings/${f.meeting.id}`;
  const draft = (f: MeetingFixture, itemId: string, text: string, basedOnVersion: number, username = 'secretary') =>
    t.request('POST', `${base(f)}/agenda/${itemId}/conclusions`, { token: f.tokens[username], body: { text, basedOnVersion } });
  const approve = (f: MeetingFixture, itemId: string, version: number, username = 'chair') =>
    t.request('POST', `${base(f)}/agenda/${itemId}/conclusions/approve`, { token: f.tokens[username], body: { version } });
  const itemOf = async (f: MeetingFixture, itemId: string, username = 'member1') =>
    ((await t.request('GET', `${base(f)}/agenda`, { token: f.tokens[username] })).body as AgendaItemResponse[]).find((item) => item.id === itemId) as AgendaItemResponse;
  const versions = async (f: MeetingFixture, itemId: string) =>
    ((await t.request('GET', `${base(f)}/conclusions`, { token: f.tokens['secretary'] })).body as ConclusionVersionResponse[]).filter((version) => version.itemId === itemId);

  it('keeps every draft, shows members only what the chair approved, live, and refuses a stale save', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const [item] = f.items;
    const member = await connectLive(t.url, f.tokens['member1']);
    sockets.push(member);
    const joined = (await joinMeeting(member, f.meeting.id)) as { seq: number; snapshot: MeetingSnapshot };

    // A blank text is refused, saying why.
    const blank = await draft(f, item.id, '   ', 0);
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body)).toContain('conclusion must not be blank');
    expect((await draft(f, item.id, 'x'.repeat(20_001), 0)).status).toBe(400);

    const first = await draft(f, item.id, 'Chính phủ cơ bản thống nhất.', 0);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ version: 1, status: 'draft', draftedBy: { fullName: expect.any(String) }, approvedBy: null });
    // The member's screen hears that a conclusion waits, not its words.
    const drafted = (await waitForSeq(member, joined.seq + 1)) as Extract<MeetingEvent, { kind: 'agenda' }>;
    expect(drafted.kind).toBe('agenda');
    expect(drafted.data.items.find((i) => i.id === item.id)).toMatchObject({ conclusion: null, conclusionPending: true });
    expect(JSON.stringify(drafted)).not.toContain('cơ bản thống nhất');
    expect(await itemOf(f, item.id)).toMatchObject({ conclusion: null, conclusionPending: true });

    // A second secretary's save on top of version 0 would overwrite the first: 409 with the versions.
    const stale = await draft(f, item.id, 'Một bản khác.', 0);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { versions: [expect.objectContaining({ version: 1 })] } });
    const second = await draft(f, item.id, 'Chính phủ thống nhất thông qua; giao Bộ Tài chính hoàn thiện.', 1);
    expect(second.body).toMatchObject({ version: 2, status: 'draft' });

    // Who may not: a member reads no drafts and writes none; the secretariat does not approve; only the latest version, once.
    expect((await t.request('GET', `${base(f)}/conclusions`, { token: f.tokens['member1'] })).status).toBe(403);
    expect((await draft(f, item.id, 'Tôi tự kết luận.', 2, 'member1')).status).toBe(403);
    expect((await approve(f, item.id, 2, 'secretary')).body.code).toBe('NOT_THE_CHAIR');
    expect((await approve(f, item.id, 1)).body).toMatchObject({ code: 'CONCLUSION_NOT_APPROVABLE', details: { latestVersion: 2 } });
    expect((await approve(f, item.id, 9)).status).toBe(409);

    const approved = await approve(f, item.id, 2);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ version: 2, status: 'approved', approvedBy: { id: f.ids['chair'] } });
    expect((await approve(f, item.id, 2)).status).toBe(409);
    const shown = (await waitForSeq(member, joined.seq + 3)) as Extract<MeetingEvent, { kind: 'agenda' }>;
    expect(shown.data.items.find((i) => i.id === item.id)).toMatchObject({ conclusion: 'Chính phủ thống nhất thông qua; giao Bộ Tài chính hoàn thiện.', conclusionPending: false });

    // A later draft does not hide the approved text from members until the chair approves it too.
    expect((await draft(f, item.id, 'Bản sửa sau phiên họp.', 2)).body).toMatchObject({ version: 3, status: 'draft' });
    expect(await itemOf(f, item.id)).toMatchObject({ conclusion: 'Chính phủ thống nhất thông qua; giao Bộ Tài chính hoàn thiện.', conclusionPending: true });
    expect((await versions(f, item.id)).map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'approved'],
      [3, 'draft'],
    ]);
    const audit = await t.request('GET', '/api/audit?action=agenda.conclusion.approved', { token: (await t.loginAs('admin')).accessToken });
    expect(audit.body.items[0]).toMatchObject({ actorUsername: 'chair', details: { itemId: item.id, version: 2 } });
  });

  it("takes the chair's own words as approved, in session and after it, and the secretariat's in-session record as a draft", async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const [a, b] = f.items;
    const version = async (id: string) => (await itemOf(f, id, 'secretary')).version;
    await t.request('PUT', `${base(f)}/current-item`, { token: f.tokens['chair'], body: { itemId: a.id } });
    const bySecretary = await t.request('POST', `${base(f)}/agenda/${a.id}/complete`, { token: f.tokens['secretary'], body: { conclusion: 'Thống nhất như Tờ trình.', version: await version(a.id) } });
    expect(bySecretary.body).toMatchObject({ status: 'done', conclusion: null, conclusionPending: true });

    await t.request('PUT', `${base(f)}/current-item`, { token: f.tokens['chair'], body: { itemId: b.id } });
    // Moving on from an item whose conclusion only waits for approval leaves it done, not deferred.
    expect((await itemOf(f, a.id)).status).toBe('done');
    const byChair = await t.request('POST', `${base(f)}/agenda/${b.id}/complete`, { token: f.tokens['chair'], body: { conclusion: 'Giao Bộ Kế hoạch và Đầu tư chủ trì.', version: await version(b.id) } });
    expect(byChair.body).toMatchObject({ status: 'done', conclusion: 'Giao Bộ Kế hoạch và Đầu tư chủ trì.', conclusionPending: false });

    // After the session the secretariat still drafts, the chair still approves.
    expect((await t.request('POST', `${base(f)}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } })).status).toBe(200);
    expect((await draft(f, a.id, 'Thống nhất như Tờ trình, có chỉnh sửa.', 1)).body).toMatchObject({ version: 2, status: 'draft' });
    expect((await approve(f, a.id, 2)).body).toMatchObject({ status: 'approved' });
    expect(await itemOf(f, a.id)).toMatchObject({ conclusion: 'Thống nhất như Tờ trình, có chỉnh sửa.', conclusionPending: false });
  });

  it('refuses to conclude before the session and on a withdrawn item', async () => {
    const f = await createMeeting(t);
    const [item, withdrawn] = f.items;
    expect((await draft(f, item.id, 'Quá sớm.', 0)).body.code).toBe('NOT_IN_SESSION');
    const status = await t.request('POST', `${base(f)}/agenda/${withdrawn.id}/status`, { token: f.tokens['secretary'], body: { status: 'withdrawn', version: withdrawn.version } });
    expect(status.body).toMatchObject({ status: 'withdrawn' });
    expect((await t.request('POST', `${base(f)}/status`, { token: f.tokens['secretary'], body: { status: 'in_session' } })).status).toBe(200);
    expect((await draft(f, withdrawn.id, 'Nội dung đã rút.', 0)).body.code).toBe('ITEM_NOT_OPEN');
    expect((await draft(f, '00000000-0000-4000-8000-000000000000', 'Không có.', 0)).body.code).toBe('AGENDA_ITEM_NOT_FOUND');
  });
});
