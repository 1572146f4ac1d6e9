import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApprovalQueueResponse, NotificationPage, ResolutionPage, ResolutionResponse, TaskDetailResponse } from '@ecabinet/shared/contracts';
import { answeredClosedBallot, createMeeting, eventually, issueTestBallot, pdfBodyText, startTestApp, testDatabaseDriver, userIds, type MeetingFixture, type TestApp, type TestResponse } from '../testing';

/** The session resolution: composed from approved conclusions, edited by version, issued by the chair, numbered without gaps, public at once. */
describe(`session resolutions (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'resolutions-'));

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ok = async (response: Promise<TestResponse>, what: string) => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const base = (f: MeetingFixture) => `/api/meetings/${f.meeting.id}`;
  const compose = (f: MeetingFixture, username = 'secretary') => t.request('POST', '/api/resolutions', { token: f.tokens[username], body: { meetingId: f.meeting.id } });
  const issue = (f: MeetingFixture, id: string, version: number, username = 'chair') => t.request('POST', `/api/resolutions/${id}/issue`, { token: f.tokens[username], body: { version } });

  /** A session whose first two items were concluded by the chair, the third withdrawn, then closed. */
  async function concludedSession(): Promise<MeetingFixture> {
    const f = await createMeeting(t, { status: 'in_session', items: ['Dự án Luật Ngân sách nhà nước', 'Phương án điều chỉnh giá điện', 'Nội dung rút'] });
    const chair = f.tokens['chair'];
    const [a, b, c] = f.items;
    await ok(t.request('POST', `${base(f)}/agenda/${c.id}/status`, { token: f.tokens['secretary'], body: { status: 'withdrawn', version: c.version } }), 'withdraw');
    for (const [item, conclusion] of [
      [a, 'Thông qua dự án Luật; giao Bộ Tài chính hoàn thiện, trình Quốc hội.'],
      [b, 'Giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.'],
    ] as const) {
      await ok(t.request('PUT', `${base(f)}/current-item`, { token: chair, body: { itemId: item.id } }), 'current');
      const version = ((await ok(t.request('GET', `${base(f)}/agenda`, { token: chair }), 'agenda')) as { id: string; version: number }[]).find((i) => i.id === item.id)?.version;
      await ok(t.request('POST', `${base(f)}/agenda/${item.id}/complete`, { token: chair, body: { conclusion, version } }), 'complete');
    }
    await ok(t.request('POST', `${base(f)}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } }), 'close');
    return f;
  }

  it('is composed from the approved conclusions, edited by version, and issued by the chair: numbered, frozen, sealed, public, told', async () => {
    const open = await createMeeting(t, { status: 'in_session' });
    expect((await compose(open)).body.code).toBe('MEETING_NOT_CLOSED');
    const f = await concludedSession();
    const [a, b] = f.items;
    expect((await compose(f, 'member1')).status).toBe(403);

    const created = await compose(f);
    expect(created.status).toBe(201);
    const draft = created.body as ResolutionResponse;
    expect(draft).toMatchObject({ status: 'draft', version: 1, number: null, title: 'Phiên họp thử nghiệm', meetingId: f.meeting.id });
    expect(draft.sections).toEqual([
      { itemId: a.id, heading: 'Dự án Luật Ngân sách nhà nước', text: 'Thông qua dự án Luật; giao Bộ Tài chính hoàn thiện, trình Quốc hội.' },
      { itemId: b.id, heading: 'Phương án điều chỉnh giá điện', text: 'Giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.' },
    ]);
    expect((await compose(f)).body).toMatchObject({ code: 'RESOLUTION_EXISTS', details: { id: draft.id } });

    // Drafts are the secretariat's and the chair's only.
    expect((await t.request('GET', `/api/resolutions/${draft.id}`, { token: f.tokens['member1'] })).body.code).toBe('RESOLUTION_NOT_FOUND');
    expect(((await t.request('GET', '/api/resolutions', { token: f.tokens['member1'] })).body as ResolutionPage).items.some((r) => r.id === draft.id)).toBe(false);
    expect(((await t.request('GET', '/api/resolutions', { token: f.tokens['chair'] })).body as ResolutionPage).items.some((r) => r.id === draft.id)).toBe(true);
    expect((await t.request('GET', '/api/resolutions?limit=0', { token: f.tokens['chair'] })).status).toBe(400);
    expect((await fetch(`${t.url}/api/resolutions/${draft.id}/pdf`, { headers: { authorization: `Bearer ${f.tokens['member1']}` } })).status).toBe(404);

    // The secretariat edits on the version it read; a stale save, a blank heading, a foreign item are refused.
    const sections = [...draft.sections, { itemId: null, heading: 'Tổ chức thực hiện', text: 'Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị quyết này.' }];
    const put = (version: number, body: object = {}) => t.request('PUT', `/api/resolutions/${draft.id}`, { token: f.tokens['secretary'], body: { version, title: 'Phiên họp Chính phủ thường kỳ', sections, ...body } });
    const saved = await put(1);
    expect(saved.body).toMatchObject({ version: 2, title: 'Phiên họp Chính phủ thường kỳ', sections: expect.arrayContaining([expect.objectContaining({ heading: 'Tổ chức thực hiện' })]) });
    expect((await put(1)).body).toMatchObject({ code: 'STALE_VERSION', details: { resolution: { version: 2 } } });
    expect((await put(2, { sections: [{ itemId: null, heading: '  ', text: 'x' }] })).status).toBe(400);
    expect((await put(2, { sections: [] })).status).toBe(400);
    expect((await put(2, { sections: [{ itemId: '00000000-0000-4000-8000-000000000000', heading: 'x', text: 'x' }] })).body.code).toBe('AGENDA_ITEM_NOT_FOUND');
    expect((await t.request('PUT', `/api/resolutions/${draft.id}`, { token: f.tokens['chair'], body: { version: 2, title: 'x', sections } })).status).toBe(403);

    // Only the chair issues, the version he read.
    expect((await issue(f, draft.id, 2, 'secretary')).status).toBe(403);
    expect((await issue(f, draft.id, 1)).body.code).toBe('STALE_VERSION');
    const issued = await issue(f, draft.id, 2);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'issued', version: 3, number: expect.stringMatching(/^\d{2,}\/NQ-CP$/), issuedBy: { id: f.ids['chair'] }, pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await issue(f, draft.id, 3)).body.code).toBe('RESOLUTION_ISSUED');
    expect((await put(3)).body.code).toBe('RESOLUTION_ISSUED');

    // Public within the app at once: anyone signed in reads it, the observer and a member of no meeting included; every member is told.
    expect((await t.request('GET', `/api/resolutions/${draft.id}`, { token: f.tokens['observer'] })).body).toMatchObject({ number: issued.body.number });
    const outsider = (await t.loginAs('officer')).accessToken;
    const page = (await t.request('GET', '/api/resolutions?limit=1', { token: outsider })).body as ResolutionPage;
    expect(page.items).toEqual([expect.objectContaining({ id: draft.id })]);
    expect(page.total).toBeGreaterThanOrEqual(1);
    const told = await eventually(
      async () => ((await t.request('GET', '/api/notifications', { token: f.tokens['member5'] })).body as NotificationPage).items,
      (items) => items.some((n) => n.kind === 'resolution-issued'),
    );
    expect(told.find((n) => n.kind === 'resolution-issued')).toMatchObject({ link: `/resolutions/${draft.id}`, params: { number: issued.body.number } });

    // The PDF: the same sealed bytes every time, the Decree 30 heading, the sections in order.
    const download = async (token: string) => Buffer.from(await (await fetch(`${t.url}/api/resolutions/${draft.id}/pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    const first = await download(f.tokens['member1']);
    expect(first.equals(await download(outsider))).toBe(true);
    expect(createHash('sha256').update(first).digest('hex')).toBe(issued.body.pdfSha256);
    const file = join(dir, 'resolution.pdf');
    writeFileSync(file, first);
    expect(execFileSync('qpdf', ['--check', file]).toString()).toMatch(/No syntax or stream encoding errors/);
    const text = pdfBodyText(file);
    for (const expected of ['CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Số: ${issued.body.number}`, 'NGHỊ QUYẾT', 'QUYẾT NGHỊ:', '1. Dự án Luật Ngân sách nhà nước', 'Giao Bộ Công Thương hoàn thiện lộ trình', '3. Tổ chức thực hiện', 'THỦ TƯỚNG', 'Nguyễn Văn Minh', 'Nơi nhận:']) {
      expect(text).toContain(expected);
    }
    expect(execFileSync('pdfsig', [file]).toString()).toContain('Signature #1');
  });

  it('gives resolutions issued at the same moment consecutive numbers, no gap, no duplicate', async () => {
    const sessions = [await concludedSession(), await concludedSession(), await concludedSession()];
    const drafts = await Promise.all(sessions.map(async (f) => (await ok(compose(f), 'compose')) as ResolutionResponse));
    const results = await Promise.all(sessions.map((f, i) => issue(f, drafts[i].id, 1)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const numbers = results.map((r) => Number((r.body as ResolutionResponse).number?.split('/')[0])).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(3);
    expect(numbers[2] - numbers[0]).toBe(2);
  });

  it('waits for the chair to approve every conclusion before it is composed', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    const [a] = f.items;
    await ok(t.request('PUT', `${base(f)}/current-item`, { token: f.tokens['chair'], body: { itemId: a.id } }), 'current');
    const version = ((await ok(t.request('GET', `${base(f)}/agenda`, { token: f.tokens['chair'] }), 'agenda')) as { id: string; version: number }[]).find((i) => i.id === a.id)?.version;
    await ok(t.request('POST', `${base(f)}/agenda/${a.id}/complete`, { token: f.tokens['secretary'], body: { conclusion: 'Dự thảo của thư ký.', version } }), 'complete');
    await ok(t.request('POST', `${base(f)}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } }), 'close');
    expect((await compose(f)).body).toMatchObject({ code: 'CONCLUSIONS_PENDING', details: { items: [a.id] } });
  });

  it('issues a written opinion ballot that closed as a resolution the same way, by the chair who approved it and no other', async () => {
    const { ballot, secretary } = await answeredClosedBallot(t);
    const ids = await userIds(t);
    const chair = (await t.loginAs('chair')).accessToken;
    const member = (await t.loginAs('member1')).accessToken;
    const composeFrom = (body: object, token = secretary) => t.request('POST', '/api/resolutions', { token, body });

    // Exactly one source; a ballot that exists and has closed; the secretariat composes.
    expect((await composeFrom({ ballotId: ballot.id }, member)).status).toBe(403);
    expect((await composeFrom({})).status).toBe(400);
    expect((await composeFrom({ ballotId: ballot.id, meetingId: ballot.id })).status).toBe(400);
    expect((await composeFrom({ ballotId: '00000000-0000-4000-8000-000000000000' })).body.code).toBe('BALLOT_NOT_FOUND');
    const open = await issueTestBallot(t, { secretary, chair }, [ids['member2']]);
    expect((await composeFrom({ ballotId: open.id })).body.code).toBe('BALLOT_INVALID_STATE');

    const created = await composeFrom({ ballotId: ballot.id });
    expect(created.status).toBe(201);
    const draft = created.body as ResolutionResponse;
    expect(draft).toMatchObject({ status: 'draft', meetingId: null, meetingTitle: '', ballotId: ballot.id, ballotTitle: ballot.title, title: ballot.title });
    expect(draft.sections).toEqual([
      { itemId: null, heading: 'Tán thành phạm vi điều chỉnh?', text: 'Thông qua: 1/1 thành viên Chính phủ đồng ý.' },
      { itemId: null, heading: 'Tán thành thời điểm có hiệu lực?', text: 'Thông qua: 1/1 thành viên Chính phủ đồng ý.' },
    ]);
    const twice = await Promise.all([composeFrom({ ballotId: ballot.id }), composeFrom({ ballotId: ballot.id })]);
    for (const again of twice) expect(again.body).toMatchObject({ code: 'RESOLUTION_EXISTS', details: { id: draft.id } });

    // Edited by version like a session's; no section names an agenda item; two saves at once: one wins.
    const put = (version: number, sections = draft.sections) => t.request('PUT', `/api/resolutions/${draft.id}`, { token: secretary, body: { version, title: draft.title, sections } });
    expect((await put(1, [{ itemId: '00000000-0000-4000-8000-000000000000', heading: 'x', text: 'x' }])).body.code).toBe('AGENDA_ITEM_NOT_FOUND');
    const saves = await Promise.all([put(1), put(1)]);
    expect(saves.map((r) => r.status).sort()).toEqual([200, 409]);

    // It waits in the approving chair's queue; another chair may not issue it.
    const queue = (await t.request('GET', '/api/approvals', { token: chair })).body as ApprovalQueueResponse;
    expect(queue.resolutions).toEqual(expect.arrayContaining([expect.objectContaining({ id: draft.id, ballotId: ballot.id, meetingId: null })]));
    const admin = (await t.loginAs('admin')).accessToken;
    await ok(t.request('POST', '/api/users', { token: admin, body: { username: 'chair.two', fullName: 'Phó Thủ tướng Trần Hồng Hà', password: 'a-long-password-for-ha', roles: ['chair'] } }), 'second chair');
    const otherChair = (await t.loginAs('chair.two', 'a-long-password-for-ha')).accessToken;
    expect((await t.request('POST', `/api/resolutions/${draft.id}/issue`, { token: otherChair, body: { version: 2 } })).body.code).toBe('NOT_THE_ISSUER');
    expect(((await t.request('GET', '/api/approvals', { token: otherChair })).body as ApprovalQueueResponse).resolutions.some((r) => r.id === draft.id)).toBe(false);

    const issued = await t.request('POST', `/api/resolutions/${draft.id}/issue`, { token: chair, body: { version: 2 } });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'issued', number: expect.stringMatching(/^\d{2,}\/NQ-CP$/), issuedBy: { id: ids['chair'] } });

    // Read by every member, in the Decree 30 layout, grounded on the ballot's result.
    const pdf = Buffer.from(await (await fetch(`${t.url}/api/resolutions/${draft.id}/pdf`, { headers: { authorization: `Bearer ${member}` } })).arrayBuffer());
    const file = join(dir, 'ballot-resolution.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('qpdf', ['--check', file]).toString()).toMatch(/No syntax or stream encoding errors/);
    const text = pdfBodyText(file);
    for (const expected of ['NGHỊ QUYẾT', `Số: ${issued.body.number}`, 'Căn cứ kết quả lấy ý kiến thành viên Chính phủ bằng phiếu lấy ý kiến', '1. Tán thành phạm vi điều chỉnh?', 'Thông qua: 1/1 thành viên Chính phủ đồng ý.', 'Nguyễn Văn Minh']) {
      expect(text).toContain(expected);
    }

    // Tasks are assigned from it as from a session's; the resolution then reaches the staff of the ministry it assigns to,
    // once each (the minister had it at issue).
    const finance = ((await t.request('GET', '/api/organisations', { token: secretary })).body as { id: string; symbol: string }[]).find((o) => o.symbol === 'BTC');
    await ok(
      t.request('POST', '/api/users', { token: admin, body: { username: 'btc.official', fullName: 'Đỗ Thị Lan', password: 'a-long-password-for-lan', roles: ['delegate'], assists: [ids['member1']], organisationId: finance?.id } }),
      'official',
    );
    const official = (await t.loginAs('btc.official', 'a-long-password-for-lan')).accessToken;
    const resolutionNotices = async (token: string) =>
      ((await t.request('GET', '/api/notifications?limit=100', { token })).body as NotificationPage).items.filter((n) => n.kind === 'resolution-issued' && n.link === `/resolutions/${draft.id}`);
    await eventually(() => resolutionNotices(member), (items) => items.length === 1);
    expect(await resolutionNotices(official)).toEqual([]);
    const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: t.config.timeZone }).format(new Date(Date.now() + 20 * 86_400_000));
    const task = await t.request('POST', '/api/tasks', { token: secretary, body: { title: 'Hoàn thiện dự thảo Nghị định', leadOrganisationId: finance?.id, dueDate, sourceType: 'resolution', sourceId: draft.id } });
    expect(task.status).toBe(201);
    expect((task.body as TaskDetailResponse).source).toMatchObject({ type: 'resolution', id: draft.id, meetingId: null, label: `${issued.body.number} ${draft.title}` });
    const received = await eventually(() => resolutionNotices(official), (items) => items.length === 1);
    expect(received[0]).toMatchObject({ params: { number: issued.body.number } });
    expect(await resolutionNotices(member)).toHaveLength(1);
  });
});
