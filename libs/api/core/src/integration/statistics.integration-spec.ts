import { Clock } from '@ecabinet/api/platform';
import type { OrganisationResponse, StatisticsResponse, TaskDetailResponse } from '@ecabinet/shared/contracts';
import { createMeeting, startTestApp, testDatabaseDriver, userIds, type TestApp, type TestResponse } from '../testing';

/**
 * The figures against a fixture checked by hand: five tasks of two ministries, and a session.
 * Ministry of Finance (BTC): A done on time, B done late, C overdue. Justice (BTP): D not yet
 * due, E overdue. Due: A, B, C, E (4); overdue 2, so the Office's overdue rate is 2/4 = 50%, and
 * 3/4 were late (B, C, E). BTC: 1/3 overdue; BTP: 1/1.
 */
describe(`statistics (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let org: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['secretary', 'chair', 'member1', 'member2']) tokens[username] = (await t.loginAs(username)).accessToken;
    org = Object.fromEntries(((await t.request('GET', '/api/organisations', { token: tokens['secretary'] })).body as OrganisationResponse[]).map((o) => [o.symbol, o.id]));
  });
  afterAll(() => {
    jest.restoreAllMocks();
    return t.close();
  });

  const day = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: t.config.timeZone }).format(new Date(Date.now() + days * 86_400_000));
  const ok = async <T>(response: Promise<TestResponse>): Promise<T> => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
    return body as T;
  };
  const assign = (title: string, symbol: string, dueDate: string) =>
    ok<TaskDetailResponse>(t.request('POST', '/api/tasks', { token: tokens['secretary'], body: { title, leadOrganisationId: org[symbol], dueDate, sourceType: 'direct' } }));
  const complete = async (task: TaskDetailResponse, reporter: string) => {
    const proposed = await ok<TaskDetailResponse>(t.request('POST', `/api/tasks/${task.id}/reports`, { token: tokens[reporter], body: { kind: 'completion', text: 'Đã hoàn thành.' } }));
    await ok(t.request('POST', `/api/tasks/${task.id}/reports/${proposed.updates[0]?.id}/decision`, { token: tokens['secretary'], body: { accept: true } }));
  };
  const figures = (from: string, to: string, token = tokens['secretary']) => t.request('GET', `/api/statistics?from=${from}&to=${to}`, { token });

  it('gives tasks on time and overdue, overall and per lead organisation, against the hand-checked fixture', async () => {
    const a = await assign('A', 'BTC', day(2));
    const b = await assign('B', 'BTC', day(2));
    await assign('C', 'BTC', day(2));
    await assign('D', 'BTP', day(30));
    await assign('E', 'BTP', day(2));
    await complete(a, 'member1');
    const fiveDaysOn = Date.now() + 5 * 86_400_000;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(fiveDaysOn));
    try {
      await complete(b, 'member1');
      const body = await ok<StatisticsResponse>(figures(day(0), day(40)));
      const { byOrganisation, ...overall } = body.tasks;
      expect(overall).toEqual({ assigned: 5, due: 4, doneOnTime: 1, doneLate: 1, overdue: 2, notYetDue: 1, overdueRate: 0.5, lateRate: 0.75 });
      expect(byOrganisation.map((o) => [o.organisation.symbol, o.due, o.doneOnTime, o.doneLate, o.overdue, o.notYetDue, o.overdueRate])).toEqual([
        ['BTP', 1, 0, 0, 1, 1, 1],
        ['BTC', 3, 1, 1, 1, 0, 0.3333],
      ]);
      // Assigned in the period: none when it starts after the day the five were assigned; the same due.
      expect((await ok<StatisticsResponse>(figures(day(1), day(40)))).tasks).toMatchObject({ assigned: 0, due: 4 });
      // A period before any due date: nothing due, no rate.
      expect((await ok<StatisticsResponse>(figures(day(-30), day(-1)))).tasks).toMatchObject({ due: 0, overdueRate: null, byOrganisation: [] });
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('counts the sessions held and their items, the time on the floor against the plan, and the pages a paper meeting would have printed', async () => {
    // Four items of 10 planned minutes: the first discussed for 12, the second adopted without debate, the third taken up twice (3 + 2),
    // the fourth concluded without being taken up (no time to set against its plan).
    const f = await createMeeting(t, { status: 'in_session', items: ['Báo cáo tình hình kinh tế - xã hội', 'Đề nghị xây dựng Luật Thống kê (sửa đổi)', 'Dự thảo Nghị định về giá', 'Báo cáo công tác cải cách hành chính'] });
    const base = `/api/meetings/${f.meeting.id}`;
    const [first, second, third, fourth] = f.items.map((item) => item.id);
    const t0 = Date.now();
    const at = (minutes: number) => jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(t0 + minutes * 60_000));
    const take = (itemId: string | null | undefined) => ok(t.request('PUT', `${base}/current-item`, { token: f.tokens['chair'], body: { itemId } }));
    const conclude = async (itemId: string | undefined) => {
      const version = (await ok<{ id: string; version: number }[]>(t.request('GET', `${base}/agenda`, { token: f.tokens['chair'] }))).find((i) => i.id === itemId)?.version;
      await ok(t.request('POST', `${base}/agenda/${itemId}/complete`, { token: f.tokens['chair'], body: { conclusion: 'Thông qua.', version } }));
    };
    try {
      at(0);
      await ok(t.request('POST', `${base}/adopt-without-debate`, { token: f.tokens['chair'], body: { itemIds: [second] } }));
      await take(first);
      at(12);
      await conclude(first);
      await take(third);
      at(15);
      await take(null);
      at(20);
      await take(third);
      at(22);
      await conclude(third);
      await conclude(fourth);
    } finally {
      jest.restoreAllMocks();
    }
    await ok(t.request('POST', `${base}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } }));
    const startDay = new Intl.DateTimeFormat('en-CA', { timeZone: t.config.timeZone }).format(new Date(f.meeting.startsAt));
    const body = await ok<StatisticsResponse>(figures(startDay, startDay, tokens['chair']));
    expect(body.sessions).toEqual({ held: 1, itemsHandled: 4, adoptedWithoutDebate: 1, plannedMinutes: 20, spentMinutes: 17, savedMinutes: 10 });
    expect(body.papers).toMatchObject({ costPerPage: 1000, savedVnd: body.papers.pagesDistributed * 1000 });
  });

  it('is for the secretariat and the chair only, and refuses a period that is not one', async () => {
    expect((await figures(day(0), day(1), tokens['member1'])).status).toBe(403);
    expect((await t.request('GET', `/api/statistics?from=${day(0)}&to=${day(1)}`)).status).toBe(401);
    for (const [from, to] of [
      [day(5), day(1)],
      ['2026-02-30', '2026-03-01'],
      ['2026-01-01', ''],
      ['2000-01-01', '2026-01-01'],
    ]) {
      const response = await figures(from as string, to as string);
      expect([from, response.status, response.body.code]).toEqual([from, 400, 'VALIDATION_FAILED']);
    }
    expect(ids['member1']).toBeDefined();
  });
});
