import type { AgendaItemResponse } from '@ecabinet/shared/contracts';
import { createMeeting, startTestApp, testDatabaseDriver, userIds, type TestApp } from '../testing';

describe(`meetings and the agenda (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    // A second secretary, to edit the agenda at the same time as the first.
    const admin = await t.loginAs('admin');
    await t.request('POST', '/api/users', {
      token: admin.accessToken,
      body: { username: 'secretary2', fullName: 'Lê Thị Hoa', password: 'ecabinet-demo', roles: ['secretary'] },
    });
  });
  afterAll(() => t.close());

  it('the demo seed has a published upcoming meeting with at least six items and a past closed one', async () => {
    const member = await t.loginAs('member1');
    const upcoming = await t.request('GET', '/api/meetings?scope=upcoming', { token: member.accessToken });
    expect(upcoming.body).toEqual([expect.objectContaining({ status: 'published', myRole: 'member' })]);
    expect(upcoming.body[0].itemCount).toBeGreaterThanOrEqual(6);
    const past = await t.request('GET', '/api/meetings?scope=past', { token: member.accessToken });
    expect(past.body).toEqual([expect.objectContaining({ status: 'closed' })]);
    const agenda = await t.request('GET', `/api/meetings/${upcoming.body[0].id}/agenda`, { token: member.accessToken });
    expect(agenda.body.map((item: AgendaItemResponse) => item.number)).toEqual(['1', '1.1', '1.2', '2', '3', '4', '5', '6']);
  });

  it('hides drafts from everyone but the secretariat, and meetings from those not in them', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'draft', participants: { chair: 'chair', member1: 'member' } });
    expect((await t.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['member1'] })).status).toBe(404);
    expect((await t.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['chair'] })).status).toBe(404);
    expect((await t.request('GET', '/api/meetings?scope=all', { token: tokens['member1'] })).body.map((m: { id: string }) => m.id)).not.toContain(meeting.id);

    await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'published' } });
    expect((await t.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['member1'] })).status).toBe(200);
    const outsider = await t.loginAs('member2');
    const refused = await t.request('GET', `/api/meetings/${meeting.id}/agenda`, { token: outsider.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('MEETING_NOT_A_PARTICIPANT');
    expect((await t.request('GET', `/api/meetings/${meeting.id}/snapshot`, { token: outsider.accessToken })).status).toBe(403);
  });

  it('lets only the secretariat publish, and the chair run the session', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'draft' });
    const byChair = await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['chair'], body: { status: 'published' } });
    expect(byChair.status).toBe(404); // the chair cannot even see the draft
    await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'published' } });
    const byMember = await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['member1'], body: { status: 'in_session' } });
    expect(byMember.status).toBe(403);
    const started = await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['chair'], body: { status: 'in_session' } });
    expect(started.body.status).toBe('in_session');
    const invalid = await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: tokens['secretary'], body: { status: 'draft' } });
    expect(invalid.status).toBe(409);
    expect(invalid.body.code).toBe('INVALID_TRANSITION');
  });

  it('edits a meeting with the version it saw; a stale or malformed edit is refused', async () => {
    const { meeting, tokens } = await createMeeting(t);
    const edited = await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { title: 'Phiên họp chuyên đề về pháp luật', kind: 'thematic', version: meeting.version } });
    expect(edited.body).toMatchObject({ title: 'Phiên họp chuyên đề về pháp luật', kind: 'thematic', version: meeting.version + 1 });
    const stale = await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { place: 'Hội trường', version: meeting.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect((await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { kind: 'party', version: edited.body.version } })).status).toBe(400);
    expect((await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { title: 'x' } })).status).toBe(400);
    const endsBefore = await t.request('PATCH', `/api/meetings/${meeting.id}`, { token: tokens['secretary'], body: { endsAt: '2020-01-01T00:00:00.000Z', version: edited.body.version } });
    expect(endsBefore.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('shows quorum (two thirds of members by default) from attendance', async () => {
    const { meeting, tokens, ids } = await createMeeting(t);
    expect(meeting.quorum).toEqual({ members: 9, present: 0, required: 6, reached: false });
    for (const username of ['chair', 'member1', 'member2', 'member3', 'member4']) {
      await t.request('PUT', `/api/meetings/${meeting.id}/attendance/${ids[username]}`, { token: tokens['secretary'], body: { attendance: 'in_room' } });
    }
    let current = await t.request('PUT', `/api/meetings/${meeting.id}/attendance/${ids['member5']}`, { token: tokens['secretary'], body: { attendance: 'absent' } });
    expect(current.body.quorum).toMatchObject({ present: 5, reached: false });
    current = await t.request('PUT', `/api/meetings/${meeting.id}/attendance/${ids['member6']}`, { token: tokens['secretary'], body: { attendance: 'remote' } });
    expect(current.body.quorum).toMatchObject({ present: 6, required: 6, reached: true });
    const byMember = await t.request('PUT', `/api/meetings/${meeting.id}/attendance/${ids['member6']}`, { token: tokens['member1'], body: { attendance: 'absent' } });
    expect(byMember.status).toBe(403);
  });

  describe('two secretaries editing at once', () => {
    it('a stale structural edit gets 409 with the current agenda, and nothing is lost', async () => {
      const { meeting, tokens } = await createMeeting(t);
      const second = (await t.loginAs('secretary2')).accessToken;
      const seen = meeting.agendaVersion;
      const first = await t.request('POST', `/api/meetings/${meeting.id}/agenda`, { token: tokens['secretary'], body: { title: 'Thêm bởi thư ký 1', agendaVersion: seen } });
      expect(first.status).toBe(201);
      const stale = await t.request('POST', `/api/meetings/${meeting.id}/agenda`, { token: second, body: { title: 'Thêm bởi thư ký 2', agendaVersion: seen } });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      expect(stale.body.details.agendaVersion).toBe(seen + 1);
      expect(stale.body.details.items.map((i: AgendaItemResponse) => i.title)).toContain('Thêm bởi thư ký 1');
      const retried = await t.request('POST', `/api/meetings/${meeting.id}/agenda`, { token: second, body: { title: 'Thêm bởi thư ký 2', agendaVersion: stale.body.details.agendaVersion } });
      expect(retried.status).toBe(201);
      const agenda = await t.request('GET', `/api/meetings/${meeting.id}/agenda`, { token: second });
      expect(agenda.body.map((i: AgendaItemResponse) => i.title)).toEqual(['Nội dung 1', 'Nội dung 2', 'Nội dung 3', 'Thêm bởi thư ký 1', 'Thêm bởi thư ký 2']);
    });

    it('edits of one item carry its version; different items and moves do not collide', async () => {
      const { meeting, items, tokens } = await createMeeting(t);
      const second = (await t.loginAs('secretary2')).accessToken;
      const [a, b] = items;
      const edit1 = await t.request('PATCH', `/api/meetings/${meeting.id}/agenda/${a.id}`, { token: tokens['secretary'], body: { title: 'Tiêu đề mới', version: a.version } });
      expect(edit1.status).toBe(200);
      const edit2 = await t.request('PATCH', `/api/meetings/${meeting.id}/agenda/${a.id}`, { token: second, body: { summary: 'Tóm tắt', version: a.version } });
      expect(edit2.status).toBe(409);
      expect(edit2.body.details.items.find((i: AgendaItemResponse) => i.id === a.id).title).toBe('Tiêu đề mới');
      // A field edit does not move the agenda version, so a reorder based on it still applies.
      const moved = await t.request('POST', `/api/meetings/${meeting.id}/agenda/${b.id}/move`, { token: second, body: { parentId: null, index: 0, agendaVersion: meeting.agendaVersion } });
      expect(moved.status).toBe(200);
      expect(moved.body.map((i: AgendaItemResponse) => [i.number, i.title])).toEqual([
        ['1', 'Nội dung 2'],
        ['2', 'Tiêu đề mới'],
        ['3', 'Nội dung 3'],
      ]);
    });

    it('nests items one level and numbers them', async () => {
      const { meeting, items, tokens } = await createMeeting(t);
      const [a, b, c] = items;
      let version = meeting.agendaVersion;
      const nest = async (item: AgendaItemResponse, parentId: string | null, index: number) => {
        const response = await t.request('POST', `/api/meetings/${meeting.id}/agenda/${item.id}/move`, { token: tokens['secretary'], body: { parentId, index, agendaVersion: version } });
        version += 1;
        return response;
      };
      expect((await nest(c, a.id, 0)).status).toBe(200);
      const nested = await nest(b, a.id, 0);
      expect(nested.body.map((i: AgendaItemResponse) => [i.number, i.title])).toEqual([
        ['1', 'Nội dung 1'],
        ['1.1', 'Nội dung 2'],
        ['1.2', 'Nội dung 3'],
      ]);
      const tooDeep = await t.request('POST', `/api/meetings/${meeting.id}/agenda/${a.id}/move`, { token: tokens['secretary'], body: { parentId: b.id, index: 0, agendaVersion: version } });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.code).toBe('INVALID_PARENT');
    });
  });

  it('defers and withdraws items; the chair sets the current item and records conclusions', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session' });
    const [a, b, c] = items;
    const deferred = await t.request('POST', `/api/meetings/${meeting.id}/agenda/${c.id}/status`, { token: tokens['secretary'], body: { status: 'deferred', version: c.version } });
    expect(deferred.body.status).toBe('deferred');
    const current = await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: a.id } });
    expect(current.body.find((i: AgendaItemResponse) => i.id === a.id).status).toBe('current');
    expect((await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['member1'], body: { itemId: b.id } })).status).toBe(403);
    const aNow = current.body.find((i: AgendaItemResponse) => i.id === a.id);
    const done = await t.request('POST', `/api/meetings/${meeting.id}/agenda/${a.id}/complete`, { token: tokens['chair'], body: { conclusion: 'Thống nhất thông qua.', version: aNow.version } });
    expect(done.body).toMatchObject({ status: 'done', conclusion: 'Thống nhất thông qua.' });
    const onDeferred = await t.request('PUT', `/api/meetings/${meeting.id}/current-item`, { token: tokens['chair'], body: { itemId: c.id } });
    expect(onDeferred.status).toBe(409);
  });

  it('adopts items without objection together at the opening, refusing any with an objection', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session' });
    const [a, b, c] = items;
    await t.request('PUT', `/api/meetings/${meeting.id}/agenda/${b.id}/position`, { token: tokens['member2'], body: { position: 'objection', note: 'Cần thảo luận thêm' } });
    await t.request('PUT', `/api/meetings/${meeting.id}/agenda/${a.id}/position`, { token: tokens['member2'], body: { position: 'no_objection' } });
    const refused = await t.request('POST', `/api/meetings/${meeting.id}/adopt-without-debate`, { token: tokens['chair'], body: { itemIds: [a.id, b.id] } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ITEMS_HAVE_OBJECTIONS', details: { itemIds: [b.id] } });
    const adopted = await t.request('POST', `/api/meetings/${meeting.id}/adopt-without-debate`, { token: tokens['chair'], body: { itemIds: [a.id, c.id] } });
    expect(adopted.status).toBe(200);
    expect(adopted.body.filter((i: AgendaItemResponse) => i.adoptedWithoutDebate).map((i: AgendaItemResponse) => i.id).sort()).toEqual([a.id, c.id].sort());
    const audit = await t.request('GET', '/api/audit?action=agenda.adopted-without-debate', { token: (await t.loginAs('admin')).accessToken });
    expect(audit.body.items[0].details.itemIds.sort()).toEqual([a.id, c.id].sort());
  });

  it('keeps a member’s position note from other members', async () => {
    const { meeting, items, tokens } = await createMeeting(t);
    await t.request('PUT', `/api/meetings/${meeting.id}/agenda/${items[0].id}/position`, { token: tokens['member3'], body: { position: 'wish_to_speak', note: 'Ghi chú riêng cho Chủ tọa' } });
    const mine = await t.request('GET', `/api/meetings/${meeting.id}/positions/mine`, { token: tokens['member3'] });
    expect(mine.body).toEqual([expect.objectContaining({ position: 'wish_to_speak', note: 'Ghi chú riêng cho Chủ tọa' })]);
    const other = await t.request('GET', `/api/meetings/${meeting.id}/snapshot`, { token: tokens['member4'] });
    expect(other.body.positions).toBeNull();
    expect(other.body.myPositions).toEqual([]);
    expect(other.body.positionTallies[0]).toMatchObject({ itemId: items[0].id, wishToSpeak: 1 });
    expect(JSON.stringify(other.body)).not.toContain('Ghi chú riêng');
    const chair = await t.request('GET', `/api/meetings/${meeting.id}/snapshot`, { token: tokens['chair'] });
    expect(chair.body.positions).toEqual([expect.objectContaining({ note: 'Ghi chú riêng cho Chủ tọa', fullName: 'Đặng Văn Đức' })]);
    const observer = await t.request('PUT', `/api/meetings/${meeting.id}/agenda/${items[0].id}/position`, { token: tokens['observer'], body: { position: 'objection' } });
    expect(observer.status).toBe(403);
  });

  it('runs the list of speakers: request, withdraw, grant in order, end', async () => {
    const { meeting, items, tokens } = await createMeeting(t, { status: 'in_session' });
    const item = items[0];
    const base = `/api/meetings/${meeting.id}/agenda/${item.id}/speakers`;
    await t.request('POST', base, { token: tokens['member1'] });
    await t.request('POST', base, { token: tokens['member2'] });
    expect((await t.request('POST', base, { token: tokens['member2'] })).body.code).toBe('ALREADY_REQUESTED');
    await t.request('POST', base, { token: tokens['member3'] });
    await t.request('DELETE', `${base}/me`, { token: tokens['member2'] });
    expect((await t.request('POST', `${base}/grant`, { token: tokens['member1'], body: {} })).status).toBe(403);
    let list = await t.request('POST', `${base}/grant`, { token: tokens['chair'], body: {} });
    expect(list.body.map((s: { fullName: string; state: string }) => [s.fullName, s.state])).toEqual([
      ['Lê Quang Huy', 'speaking'],
      ['Phạm Thị Lan', 'withdrawn'],
      ['Đặng Văn Đức', 'waiting'],
    ]);
    list = await t.request('POST', `${base}/grant`, { token: tokens['chair'], body: {} });
    expect(list.body.map((s: { state: string }) => s.state)).toEqual(['done', 'withdrawn', 'speaking']);
    const speaking = list.body[2].id;
    list = await t.request('POST', `${base}/${speaking}/end`, { token: tokens['chair'] });
    expect(list.body[2]).toMatchObject({ state: 'done', startedAt: expect.any(String), endedAt: expect.any(String) });
  });

  it('refuses bad participants lists', async () => {
    const { meeting, tokens } = await createMeeting(t);
    const ids = await userIds(t);
    const put = (participants: unknown) => t.request('PUT', `/api/meetings/${meeting.id}/participants`, { token: tokens['secretary'], body: { participants } });
    expect((await put([{ userId: ids['member1'], role: 'member' }, { userId: ids['member1'], role: 'observer' }])).body.code).toBe('INVALID_PARTICIPANTS');
    expect((await put([{ userId: ids['member1'], role: 'delegate' }])).body.code).toBe('INVALID_PARTICIPANTS');
    expect((await put([{ userId: '00000000-0000-4000-8000-000000000000', role: 'member' }])).body.code).toBe('INVALID_PARTICIPANTS');
    expect((await put([{ userId: ids['member1'], role: 'king' }])).status).toBe(400);
  });
});
