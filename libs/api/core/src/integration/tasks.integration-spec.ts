import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { Clock } from '@ecabinet/api/platform';
import type { AuditEntryResponse, NotificationPage, OrganisationResponse, PageResponse, TaskDetailResponse, TaskListResponse } from '@ecabinet/shared/contracts';
import { createMeeting, eventually, fetchBytes, startTestApp, testDatabaseDriver, uploadPaper, userIds, type TestApp, type TestResponse } from '../testing';

/** Tasks followed to the end: assigned, seen only by those concerned, reported on with files, extended or refused, done on time or late. */
describe(`tasks (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let org: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member3']) tokens[username] = (await t.loginAs(username)).accessToken;
    const organisations = (await t.request('GET', '/api/organisations', { token: tokens['secretary'] })).body as OrganisationResponse[];
    org = Object.fromEntries(organisations.map((o) => [o.symbol, o.id]));
  });
  afterAll(() => {
    jest.restoreAllMocks();
    return t.close();
  });

  /** The Government's calendar date `days` from now (Asia/Ho_Chi_Minh by default). */
  const day = (days: number, from = Date.now()) => new Intl.DateTimeFormat('en-CA', { timeZone: t.config.timeZone }).format(new Date(from + days * 86_400_000));
  const ok = async <T>(response: Promise<TestResponse>, what: string): Promise<T> => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
    return body as T;
  };
  const create = (body: Record<string, unknown>, token = tokens['secretary']) => t.request('POST', '/api/tasks', { token, body });
  const financeTask = (extra: Record<string, unknown> = {}) => ({
    title: 'Hoàn thiện hồ sơ dự án Luật Thuế thu nhập cá nhân (sửa đổi)',
    leadOrganisationId: org['BTC'],
    responsibleUserId: ids['member1'],
    coordinatingOrganisationIds: [org['BTP']],
    dueDate: day(10),
    sourceType: 'direct',
    ...extra,
  });
  const report = (id: string, body: Record<string, unknown>, token = tokens['member1']) => t.request('POST', `/api/tasks/${id}/reports`, { token, body });
  const decide = (id: string, reportId: string, body: Record<string, unknown>, token = tokens['secretary']) => t.request('POST', `/api/tasks/${id}/reports/${reportId}/decision`, { token, body });
  const list = async (query: string, token: string) => (await t.request('GET', `/api/tasks${query}`, { token })).body as TaskListResponse;
  const notified = async (username: string, kind: string, taskId: string) =>
    ((await t.request('GET', '/api/notifications?limit=100', { token: tokens[username] })).body as NotificationPage).items.filter((n) => n.kind === kind && n.link === `/tasks/${taskId}`);
  async function pdf(text: string): Promise<Buffer> {
    const doc = await PDFDocument.create();
    doc.addPage().drawText(text);
    return Buffer.from(await doc.save());
  }

  it('the secretariat assigns one; those of the organisations named see it, others never do; bad assignments change nothing', async () => {
    expect((await create(financeTask(), tokens['member1'])).status).toBe(403);
    const before = (await list('', tokens['secretary'])).total;
    const refusals: [Record<string, unknown>, number, string?][] = [
      [financeTask({ dueDate: day(-1) }), 422, 'TASK_DUE_DATE_INVALID'],
      [financeTask({ dueDate: '2026-02-30' }), 400],
      [financeTask({ dueDate: '31/12/2026' }), 400],
      [financeTask({ responsibleUserId: ids['member2'] }), 422, 'TASK_ASSIGNEE_INVALID'],
      [financeTask({ leadOrganisationId: '00000000-0000-4000-8000-000000000000' }), 422, 'TASK_ASSIGNEE_INVALID'],
      [financeTask({ coordinatingOrganisationIds: ['00000000-0000-4000-8000-000000000000'] }), 422, 'TASK_ASSIGNEE_INVALID'],
      [financeTask({ sourceType: 'resolution', sourceId: '00000000-0000-4000-8000-000000000000' }), 422, 'TASK_SOURCE_INVALID'],
      [financeTask({ sourceType: 'ballot' }), 400],
      [financeTask({ title: '   ' }), 400],
      [financeTask({ title: 'x'.repeat(501) }), 400],
      [financeTask({ budget: 1 }), 400],
    ];
    for (const [body, status, code] of refusals) {
      const response = await create(body);
      expect([response.status, response.body.code ?? null, JSON.stringify(body).slice(0, 60)]).toEqual([status, code ?? (status === 400 ? 'VALIDATION_FAILED' : null), JSON.stringify(body).slice(0, 60)]);
    }
    expect((await list('', tokens['secretary'])).total).toBe(before);

    const created = await create(financeTask());
    expect(created.status).toBe(201);
    const task = created.body as TaskDetailResponse;
    expect(task).toMatchObject({
      status: 'open',
      timeliness: 'on-track',
      pending: null,
      dueDate: day(10),
      originalDueDate: day(10),
      leadOrganisation: { id: org['BTC'], symbol: 'BTC', name: 'Bộ Tài chính' },
      responsible: { id: ids['member1'], fullName: 'Lê Quang Huy' },
      coordinating: [{ id: org['BTP'], symbol: 'BTP' }],
      source: { type: 'direct', id: null, label: '' },
      updates: [],
      canDecide: true,
      canReport: false,
    });

    // The responsible person (the lead's head) and the coordinating organisation's head are told; nobody else.
    const arrived = (list: unknown[]) => list.length > 0;
    expect(await eventually(() => notified('member1', 'task-assigned', task.id), arrived)).toEqual([expect.objectContaining({ title: task.title, params: { dueDate: day(10) } })]);
    expect(await eventually(() => notified('member2', 'task-assigned', task.id), arrived)).toHaveLength(1);
    expect(await notified('member3', 'task-assigned', task.id)).toEqual([]);

    // The lead's head, the coordinating organisation and the chair see it; another ministry does not.
    expect((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['member1'] })).body).toMatchObject({ canReport: true, canDecide: false });
    expect((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['member2'] })).body).toMatchObject({ canReport: false, canDecide: false });
    expect((await list('', tokens['chair'])).items.some((item) => item.id === task.id)).toBe(true);
    expect((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['member3'] })).body.code).toBe('TASK_NOT_FOUND');
    expect((await list('', tokens['member3'])).items.some((item) => item.id === task.id)).toBe(false);
    expect((await list(`?organisationId=${org['BTC']}`, tokens['member3'])).items.some((item) => item.id === task.id)).toBe(false);
    expect((await list('?mine=true', tokens['member2'])).items.some((item) => item.id === task.id)).toBe(true);
    expect((await list('?mine=true', tokens['secretary'])).items.some((item) => item.id === task.id)).toBe(false);
    expect((await t.request('GET', '/api/tasks?filter=late', { token: tokens['secretary'] })).status).toBe(400);
    expect((await t.request('GET', '/api/tasks?limit=1000', { token: tokens['secretary'] })).status).toBe(400);
    expect((await t.request('GET', '/api/tasks')).status).toBe(401);
  });

  it('the lead organisation reports progress with a PDF; a coordinating one cannot; a file is cited once and read only by those who see the task', async () => {
    const task = await ok<TaskDetailResponse>(create(financeTask()), 'create');
    const upload = (bytes: Buffer, token: string, fileName = 'Báo cáo tiến độ.pdf') => uploadPaper(t, `/api/tasks/${task.id}/attachments`, bytes, { token, fileName });
    expect((await upload(await pdf('progress'), tokens['member2'])).body.code).toBe('NOT_A_TASK_REPORTER');
    expect((await upload(Buffer.from('<html>not a pdf</html>'), tokens['member1'])).body.code).toBe('NOT_A_PDF');
    const file = await upload(await pdf('progress report'), tokens['member1']);
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ fileName: 'Báo cáo tiến độ.pdf' });

    expect((await report(task.id, { kind: 'progress', text: 'x', attachmentIds: [file.body.id] }, tokens['member2'])).body.code).toBe('NOT_A_TASK_REPORTER');
    expect((await report(task.id, { kind: 'progress', text: '  ' })).status).toBe(400);
    expect((await report(task.id, { kind: 'done', text: 'x' })).status).toBe(400);
    const reported = await report(task.id, { kind: 'progress', text: 'Đã lấy ý kiến các bộ, ngành; đang tổng hợp.', attachmentIds: [file.body.id] });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ lastReport: 'Đã lấy ý kiến các bộ, ngành; đang tổng hợp.', pending: null });
    expect(reported.body.updates).toEqual([
      expect.objectContaining({ kind: 'progress', state: null, author: { id: ids['member1'], fullName: 'Lê Quang Huy' }, attachments: [expect.objectContaining({ id: file.body.id })] }),
    ]);
    // A file is cited by one report only.
    expect((await report(task.id, { kind: 'progress', text: 'again', attachmentIds: [file.body.id] })).body.code).toBe('TASK_ATTACHMENT_NOT_FOUND');
    expect((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['secretary'] })).body.updates).toHaveLength(1);

    const path = `/api/tasks/${task.id}/attachments/${file.body.id}`;
    const read = await fetchBytes(t, path, tokens['member2']);
    expect(read.status).toBe(200);
    expect(read.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await fetchBytes(t, path, tokens['member3'])).status).toBe(404);
  });

  it('an extension is asked with a reason and refused or accepted; one request waits at a time; completion reported after the due date is done late', async () => {
    const task = await ok<TaskDetailResponse>(create(financeTask({ dueDate: day(3) })), 'create');
    expect((await report(task.id, { kind: 'extension', text: 'Cần thêm thời gian.' })).status).toBe(400);
    expect((await report(task.id, { kind: 'extension', text: 'Cần thêm thời gian.', requestedDueDate: day(3) })).body.code).toBe('TASK_DUE_DATE_INVALID');

    // Two requests at once: exactly one waits.
    const both = await Promise.all([
      report(task.id, { kind: 'extension', text: 'Cần lấy thêm ý kiến Bộ Tư pháp.', requestedDueDate: day(20) }),
      report(task.id, { kind: 'completion', text: 'Đã hoàn thành.' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)?.body.code).toBe('TASK_REQUEST_PENDING');
    const waiting = ((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['secretary'] })).body as TaskDetailResponse).updates.filter((u) => u.state === 'pending');
    expect(waiting).toHaveLength(1);
    // Settle whichever won: refuse it.
    expect((await decide(task.id, waiting[0]?.id ?? '', { accept: false }, tokens['member1'])).status).toBe(403);
    const refused = await ok<TaskDetailResponse>(decide(task.id, waiting[0]?.id ?? '', { accept: false, note: 'Chưa đủ căn cứ.' }), 'refuse');
    expect(refused).toMatchObject({ pending: null, dueDate: day(3) });
    expect(refused.updates.find((u) => u.id === waiting[0]?.id)).toMatchObject({ state: 'refused', decisionNote: 'Chưa đủ căn cứ.', decidedBy: { id: ids['secretary'] } });
    // The one who asked hears of the decision.
    expect((await eventually(() => notified('member1', 'task-decided', task.id), (list) => list.length > 0))[0]?.params).toEqual({ decision: 'refused', requestKind: waiting[0]?.kind });
    expect((await decide(task.id, waiting[0]?.id ?? '', { accept: true })).body.code).toBe('TASK_REQUEST_NOT_PENDING');

    // Asked again, accepted: the due date moves, the first one is kept.
    const asked = await ok<TaskDetailResponse>(report(task.id, { kind: 'extension', text: 'Cần lấy thêm ý kiến Bộ Tư pháp.', requestedDueDate: day(5) }), 'extension');
    const extension = asked.updates.find((u) => u.state === 'pending');
    expect(extension).toMatchObject({ kind: 'extension', requestedDueDate: day(5) });
    expect(await ok<TaskDetailResponse>(decide(task.id, extension?.id ?? '', { accept: true }), 'accept')).toMatchObject({ dueDate: day(5), originalDueDate: day(3), pending: null });

    // Six days on, it is overdue; the completion reported then is done late once accepted.
    const later = Date.now() + 6 * 86_400_000;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(later));
    try {
      expect((await t.request('GET', `/api/tasks/${task.id}`, { token: tokens['secretary'] })).body.timeliness).toBe('overdue');
      expect((await list('?filter=overdue', tokens['secretary'])).items.some((item) => item.id === task.id)).toBe(true);
      const proposed = await ok<TaskDetailResponse>(report(task.id, { kind: 'completion', text: 'Đã trình Chính phủ hồ sơ dự án Luật.' }), 'completion');
      expect((await list('?filter=pending', tokens['secretary'])).items.some((item) => item.id === task.id)).toBe(true);
      const completion = proposed.updates.find((u) => u.state === 'pending');
      const done = await ok<TaskDetailResponse>(decide(task.id, completion?.id ?? '', { accept: true }), 'accept completion');
      expect(done).toMatchObject({ status: 'done', timeliness: 'done-late', completedAt: completion?.createdAt, canReport: false, canDecide: false });
      expect((await report(task.id, { kind: 'progress', text: 'x' })).body.code).toBe('TASK_DONE');
      expect((await list('?filter=done', tokens['member1'])).items.find((item) => item.id === task.id)?.timeliness).toBe('done-late');
    } finally {
      jest.restoreAllMocks();
    }

    // Every step is in the audit log.
    const audit = async (action: string) => ((await t.request('GET', `/api/audit?action=${action}&limit=200`, { token: tokens['admin'] })).body as PageResponse<AuditEntryResponse>).items.filter((e) => e.targetId === task.id);
    expect(await audit('task.created')).toHaveLength(1);
    expect((await audit('task.reported')).length).toBe(3);
    expect((await audit('task.request.refused')).length).toBe(1);
    expect((await audit('task.request.accepted')).length).toBe(2);
  });

  it('a completion before the due date is done on time', async () => {
    const task = await ok<TaskDetailResponse>(create(financeTask()), 'create');
    const proposed = await ok<TaskDetailResponse>(report(task.id, { kind: 'completion', text: 'Đã hoàn thành, gửi kèm văn bản.' }), 'completion');
    const done = await ok<TaskDetailResponse>(decide(task.id, proposed.updates[0]?.id ?? '', { accept: true }), 'accept');
    expect(done).toMatchObject({ status: 'done', timeliness: 'done-on-time' });
  });

  it('exports the list as filtered, in XLSX and CSV, with Vietnamese intact, formulas made inert, and nothing the caller may not see', async () => {
    const task = await ok<TaskDetailResponse>(create(financeTask({ title: '=HYPERLINK("http://x","Báo cáo đánh giá tác động")' })), 'create');
    const exported = async (query: string, token = tokens['secretary']) => fetchBytes(t, `/api/tasks/export?${query}`, token);

    const xlsx = await exported(`format=xlsx&organisationId=${org['BTC']}&filter=open`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Nhiệm vụ');
    expect(sheet?.getRow(1).getCell(2).value).toBe('Nhiệm vụ');
    const titles: string[] = [];
    sheet?.eachRow((row, n) => n > 1 && titles.push(String(row.getCell(2).value)));
    expect(titles).toContain('\'=HYPERLINK("http://x","Báo cáo đánh giá tác động")');
    const listed = (await list(`?organisationId=${org['BTC']}&filter=open&limit=200`, tokens['secretary'])).total;
    expect(titles).toHaveLength(listed);

    const csv = await exported('format=csv&lang=en');
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFF"No.","Task","Lead organisation"')).toBe(true);
    expect(text).toContain('"\'=HYPERLINK(""http://x"",""Báo cáo đánh giá tác động"")"');
    expect(text).toContain(`"Bộ Tài chính (BTC)","Lê Quang Huy"`);

    // Another ministry's export holds none of the Ministry of Finance's tasks.
    const theirs = (await exported('format=csv', tokens['member3'])).bytes.toString('utf8');
    expect(theirs).not.toContain('HYPERLINK');
    expect((await exported('format=pdf')).status).toBe(400);
    expect((await exported('format=csv&filter=late')).status).toBe(400);
    expect(task.id).toBeDefined();
  });

  it("comes from an approved conclusion, linked both ways; an item without one is refused", async () => {
    const f = await createMeeting(t, { status: 'in_session', items: ['Tình hình kinh tế - xã hội', 'Chưa kết luận'] });
    const [item, other] = f.items;
    const chair = f.tokens['chair'];
    const base = `/api/meetings/${f.meeting.id}`;
    await ok(t.request('PUT', `${base}/current-item`, { token: chair, body: { itemId: item?.id } }), 'current');
    const version = ((await ok<{ id: string; version: number }[]>(t.request('GET', `${base}/agenda`, { token: chair }), 'agenda')).find((i) => i.id === item?.id))?.version;
    await ok(t.request('POST', `${base}/agenda/${item?.id}/complete`, { token: chair, body: { conclusion: 'Giao Bộ Tài chính báo cáo tình hình thu ngân sách.', version } }), 'complete');

    expect((await create(financeTask({ sourceType: 'conclusion', sourceId: other?.id }))).body).toMatchObject({ code: 'TASK_SOURCE_INVALID', details: { reason: 'the item has no approved conclusion' } });
    const task = await ok<TaskDetailResponse>(create(financeTask({ sourceType: 'conclusion', sourceId: item?.id })), 'create');
    expect(task.source).toEqual({ type: 'conclusion', id: item?.id, meetingId: f.meeting.id, label: 'Tình hình kinh tế - xã hội' });
    expect((await list(`?sourceType=conclusion&sourceId=${item?.id}`, tokens['secretary'])).items.map((i) => i.id)).toEqual([task.id]);
  });
});
