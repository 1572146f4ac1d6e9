import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinutesResponse, NotificationPage } from '@ecabinet/shared/contracts';
import { createMeeting, eventually, pdfBodyText, pdfsigTrustingDemoRoot, startTestApp, testDatabaseDriver, type MeetingFixture, type TestApp, type TestResponse } from '../testing';

/** Minutes drafted from a real session's record, edited, approved by the chair, frozen, numbered and sealed. */
describe(`minutes (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'minutes-'));

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const base = (f: MeetingFixture) => `/api/meetings/${f.meeting.id}`;
  const ok = async (response: Promise<TestResponse>, what: string) => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const minutes = (f: MeetingFixture, username: string) => t.request('GET', `${base(f)}/minutes`, { token: f.tokens[username] });
  const save = (f: MeetingFixture, version: number, prose: MinutesResponse['prose'], username = 'secretary') =>
    t.request('PUT', `${base(f)}/minutes`, { token: f.tokens[username], body: { version, prose } });
  const approve = (f: MeetingFixture, version: number, username = 'chair') => t.request('POST', `${base(f)}/minutes/approve`, { token: f.tokens[username], body: { version } });
  const close = (f: MeetingFixture) => ok(t.request('POST', `${base(f)}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } }), 'close');
  const pdf = async (f: MeetingFixture, username: string) => {
    const response = await fetch(`${t.url}${base(f)}/minutes/pdf`, { headers: { authorization: `Bearer ${f.tokens[username]}` } });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  /** A session as it happens: attendance, a speaker, a named and a secret vote, an exclusion, conclusions by the chair and by the secretariat. */
  async function heldSession(): Promise<MeetingFixture> {
    const f = await createMeeting(t, { status: 'in_session', attendance: { member7: 'remote', member8: 'absent' } });
    const [budget, power, decree] = f.items;
    const chair = f.tokens['chair'];
    await ok(t.request('PUT', `${base(f)}/agenda/${decree.id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: [f.ids['member3']] } }), 'exclude');
    await ok(t.request('PUT', `${base(f)}/current-item`, { token: chair, body: { itemId: budget.id } }), 'current');
    await ok(t.request('POST', `${base(f)}/agenda/${budget.id}/speakers`, { token: f.tokens['member2'] }), 'ask');
    await ok(t.request('POST', `${base(f)}/agenda/${budget.id}/speakers/grant`, { token: chair, body: {} }), 'grant');
    const named = await ok(t.request('POST', `${base(f)}/votes`, { token: chair, body: { itemId: budget.id, question: 'Thông qua dự án Luật?', secret: false } }), 'open');
    for (const [username, choice] of [['member1', 'agree'], ['member2', 'disagree'], ['member4', 'agree']]) {
      await ok(t.request('PUT', `${base(f)}/votes/${named.id}/ballot`, { token: f.tokens[username], body: { choice } }), 'cast');
    }
    await ok(t.request('POST', `${base(f)}/votes/${named.id}/close`, { token: chair }), 'close vote');
    const version = async (id: string) => ((await ok(t.request('GET', `${base(f)}/agenda`, { token: chair }), 'agenda')) as { id: string; version: number }[]).find((i) => i.id === id)?.version;
    await ok(t.request('POST', `${base(f)}/agenda/${budget.id}/complete`, { token: chair, body: { conclusion: 'Thống nhất thông qua dự án Luật Ngân sách nhà nước (sửa đổi).', version: await version(budget.id) } }), 'complete');
    await ok(t.request('PUT', `${base(f)}/current-item`, { token: chair, body: { itemId: power.id } }), 'current 2');
    const secret = await ok(t.request('POST', `${base(f)}/votes`, { token: chair, body: { itemId: power.id, question: 'Điều chỉnh giá điện?', secret: true } }), 'open secret');
    await ok(t.request('PUT', `${base(f)}/votes/${secret.id}/ballot`, { token: f.tokens['member5'], body: { choice: 'agree' } }), 'cast secret');
    await ok(t.request('POST', `${base(f)}/votes/${secret.id}/close`, { token: chair }), 'close secret');
    // Recorded by the secretariat: a draft waiting for the chair.
    await ok(t.request('POST', `${base(f)}/agenda/${power.id}/complete`, { token: f.tokens['secretary'], body: { conclusion: 'Giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.', version: await version(power.id) } }), 'complete 2');
    return f;
  }

  it('drafts the minutes from the record, keeps the prose by version, and numbers, freezes and seals them at the chair’s approval', async () => {
    const f = await heldSession();
    const [budget, power, decree] = f.items;
    expect((await minutes(f, 'secretary')).body.code).toBe('MINUTES_NOT_READY');
    await close(f);

    // Members see no draft; the secretariat sees the facts drafted from the record.
    expect((await minutes(f, 'member1')).body).toMatchObject({ code: 'MINUTES_NOT_FOUND' });
    const draft = (await minutes(f, 'secretary')).body as MinutesResponse;
    expect(draft).toMatchObject({ status: 'draft', version: 0, number: null, conclusionsPending: 1 });
    expect(draft.record.chair).toBe('Nguyễn Văn Minh');
    expect(draft.record.attendance.find((p) => p.attendance === 'remote')).toBeDefined();
    expect(draft.record.attendance.filter((p) => p.attendance === 'absent')).toHaveLength(1);
    const [budgetFacts, powerFacts, decreeFacts] = draft.record.items;
    expect(budgetFacts).toMatchObject({ itemId: budget.id, speakers: ['Phạm Thị Lan'], conclusion: 'Thống nhất thông qua dự án Luật Ngân sách nhà nước (sửa đổi).' });
    expect(budgetFacts.votes[0]).toMatchObject({ secret: false, agree: 2, disagree: 1, names: { agree: expect.arrayContaining(['Lê Quang Huy']), disagree: ['Phạm Thị Lan'] } });
    // A secret vote by its totals only; a conclusion the chair has not approved is not a fact yet.
    expect(powerFacts.votes[0]).toMatchObject({ secret: true, agree: 1, names: null });
    expect(JSON.stringify(powerFacts.votes)).not.toContain('Trần');
    expect(powerFacts.conclusion).toBeNull();
    expect(decreeFacts.excluded).toEqual(['Đặng Văn Đức']);
    expect(draft.prose.opening).toContain('Chủ tọa: Nguyễn Văn Minh');

    // The secretariat writes the prose; a save on an old version, an unknown item or a malformed body is refused.
    const prose = { opening: draft.prose.opening, items: { [budget.id]: 'Các thành viên Chính phủ cơ bản thống nhất với Tờ trình.' }, closing: 'Phiên họp kết thúc lúc 11 giờ 30 cùng ngày.' };
    const saved = await save(f, 0, prose);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, prose: { items: { [budget.id]: 'Các thành viên Chính phủ cơ bản thống nhất với Tờ trình.' } }, updatedBy: { fullName: expect.any(String) } });
    const stale = await save(f, 0, { ...prose, closing: 'Bản khác.' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { minutes: { version: 1 } } });
    expect((await save(f, 1, { ...prose, items: { '00000000-0000-4000-8000-000000000000': 'x' } })).body.code).toBe('AGENDA_ITEM_NOT_FOUND');
    expect((await t.request('PUT', `${base(f)}/minutes`, { token: f.tokens['secretary'], body: { version: 1, prose: { opening: 'x', items: ['x'], closing: 'x' } } })).status).toBe(400);
    expect((await t.request('PUT', `${base(f)}/minutes`, { token: f.tokens['secretary'], body: { version: 1, prose: { opening: 'x', items: { 'not-an-id': 'x' }, closing: 'x' } } })).status).toBe(400);
    expect((await save(f, 1, prose, 'member1')).status).toBe(403);
    // An account too long for the record is refused whole, and nothing is saved.
    expect((await save(f, 1, { ...prose, items: { [budget.id]: 'x'.repeat(20_001) } })).status).toBe(400);
    expect((await minutes(f, 'secretary')).body).toMatchObject({ version: 1 });

    // Only the chair approves, and not while a conclusion waits for him.
    expect((await approve(f, 1, 'secretary')).body.code).toBe('NOT_THE_CHAIR');
    expect((await approve(f, 1)).body).toMatchObject({ code: 'CONCLUSIONS_PENDING', details: { items: [power.id] } });
    await ok(t.request('POST', `${base(f)}/agenda/${power.id}/conclusions/approve`, { token: f.tokens['chair'], body: { version: 1 } }), 'approve conclusion');
    expect((await approve(f, 0)).body.code).toBe('STALE_VERSION');
    const approved = await approve(f, 1);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 2, number: expect.stringMatching(/^\d{2,}\/BB-CP$/), approvedBy: { id: f.ids['chair'] }, pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((approved.body as MinutesResponse).record.items[1].conclusion).toBe('Giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.');

    // Frozen: the minutes and the conclusions they record no longer change; every participant reads them.
    expect((await save(f, 2, prose)).body.code).toBe('MINUTES_FROZEN');
    expect((await approve(f, 2)).body.code).toBe('MINUTES_FROZEN');
    expect((await t.request('POST', `${base(f)}/agenda/${decree.id}/conclusions`, { token: f.tokens['secretary'], body: { text: 'Muộn.', basedOnVersion: 0 } })).body.code).toBe('MINUTES_FROZEN');
    expect((await minutes(f, 'member8')).body).toMatchObject({ status: 'approved', number: approved.body.number });
    expect((await minutes(f, 'observer')).status).toBe(200);
    // Someone outside the meeting reads neither the minutes nor their PDF.
    const outsider = (await t.loginAs('officer')).accessToken;
    expect((await t.request('GET', `${base(f)}/minutes`, { token: outsider })).status).toBe(403);
    expect((await fetch(`${t.url}${base(f)}/minutes/pdf`, { headers: { authorization: `Bearer ${outsider}` } })).status).toBe(403);
    // Every participant is told, with the number and a link to the minutes.
    const told = await eventually(
      async () => ((await t.request('GET', '/api/notifications', { token: f.tokens['member8'] })).body as NotificationPage).items,
      (items) => items.some((n) => n.kind === 'minutes-approved'),
    );
    expect(told.find((n) => n.kind === 'minutes-approved')).toMatchObject({ title: 'Phiên họp thử nghiệm', link: `/meetings/${f.meeting.id}/minutes`, params: { number: approved.body.number } });
    const audit = await t.request('GET', '/api/audit?action=minutes.approved', { token: (await t.loginAs('admin')).accessToken });
    expect(audit.body.items[0]).toMatchObject({ actorUsername: 'chair', targetId: f.meeting.id, details: { number: approved.body.number } });

    // The PDF: the same sealed bytes on every download, Decree 30's heading, intact diacritics, a signature pdfsig trusts.
    const first = await pdf(f, 'member1');
    const second = await pdf(f, 'secretary');
    expect(first.status).toBe(200);
    expect(first.bytes.equals(second.bytes)).toBe(true);
    expect(createHash('sha256').update(first.bytes).digest('hex')).toBe(approved.body.pdfSha256);
    const file = join(dir, 'minutes.pdf');
    writeFileSync(file, first.bytes);
    expect(execFileSync('qpdf', ['--check', file]).toString()).toMatch(/No syntax or stream encoding errors/);
    const text = pdfBodyText(file);
    for (const expected of ['CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Số: ${approved.body.number}`, 'BIÊN BẢN', 'Phiên họp thử nghiệm', 'THÀNH PHẦN THAM DỰ', 'Họp trực tuyến', 'Phạm Thị Lan', 'Biểu quyết kín', 'Các thành viên Chính phủ cơ bản thống nhất với Tờ trình.', 'Giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.', 'CHỦ TỌA', 'Nguyễn Văn Minh']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    const checked = pdfsigTrustingDemoRoot(t, dir, file);
    expect(checked).toContain('Signature is Valid.');
    expect(checked).toContain('Total document signed');
  });

  it('gives two minutes approved at the same moment two consecutive numbers, no gap, no duplicate', async () => {
    const meetings: MeetingFixture[] = [];
    for (let i = 0; i < 3; i += 1) {
      const f = await createMeeting(t, { status: 'in_session' });
      await close(f);
      meetings.push(f);
    }
    const results = await Promise.all(meetings.map((f) => approve(f, 0)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const numbers = results.map((r) => Number((r.body as MinutesResponse).number?.split('/')[0])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(3);
    expect(numbers[2] - numbers[0]).toBe(2);
  });

  it('shows the chair and the secretariat a draft preview PDF, and members nothing before approval', async () => {
    const f = await createMeeting(t, { status: 'in_session' });
    await close(f);
    const preview = await pdf(f, 'secretary');
    expect(preview.status).toBe(200);
    writeFileSync(join(dir, 'draft.pdf'), preview.bytes);
    expect(execFileSync('pdftotext', [join(dir, 'draft.pdf'), '-']).toString()).toContain('DỰ THẢO BIÊN BẢN');
    expect((await pdf(f, 'member1')).status).toBe(404);
  });
});
