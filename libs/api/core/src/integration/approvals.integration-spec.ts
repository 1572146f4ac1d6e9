import type { ApprovalQueueResponse } from '@ecabinet/shared/contracts';
import { createMeeting, startTestApp, testDatabaseDriver, type TestApp, type TestResponse } from '../testing';

/** The chair's approval queue: what waits for him, gone once he acts; nobody else reads it. */
describe(`the chair's approval queue (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ok = async <T>(response: Promise<TestResponse>): Promise<T> => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
    return body as T;
  };

  it('lists a drafted conclusion, then the minutes and the resolution of the closed session, each gone once handled', async () => {
    const f = await createMeeting(t, { status: 'in_session', items: ['Dự thảo Nghị định về giá điện'] });
    const [item] = f.items;
    const base = `/api/meetings/${f.meeting.id}`;
    const queue = () => ok<ApprovalQueueResponse>(t.request('GET', '/api/approvals', { token: f.tokens['chair'] }));
    const mine = async () => {
      const q = await queue();
      return {
        conclusions: q.conclusions.filter((c) => c.meetingId === f.meeting.id).map((c) => [c.itemTitle, c.version, c.text]),
        minutes: q.minutes.filter((m) => m.meetingId === f.meeting.id).map((m) => m.version),
        resolutions: q.resolutions.filter((r) => r.meetingId === f.meeting.id).length,
      };
    };
    expect(await mine()).toEqual({ conclusions: [], minutes: [], resolutions: 0 });

    await ok(t.request('POST', `${base}/agenda/${item?.id}/conclusions`, { token: f.tokens['secretary'], body: { text: 'Giao Bộ Công Thương hoàn thiện.', basedOnVersion: 0 } }));
    expect(await mine()).toEqual({ conclusions: [['Dự thảo Nghị định về giá điện', 1, 'Giao Bộ Công Thương hoàn thiện.']], minutes: [], resolutions: 0 });
    // Nobody but a chair reads the queue.
    expect((await t.request('GET', '/api/approvals', { token: f.tokens['secretary'] })).status).toBe(403);
    expect((await t.request('GET', '/api/approvals', { token: f.tokens['member1'] })).status).toBe(403);

    await ok(t.request('POST', `${base}/agenda/${item?.id}/conclusions/approve`, { token: f.tokens['chair'], body: { version: 1 } }));
    await ok(t.request('POST', `${base}/status`, { token: f.tokens['secretary'], body: { status: 'closed' } }));
    expect(await mine()).toEqual({ conclusions: [], minutes: [0], resolutions: 0 });

    await ok(t.request('POST', '/api/resolutions', { token: f.tokens['secretary'], body: { meetingId: f.meeting.id } }));
    expect((await mine()).resolutions).toBe(1);
    await ok(t.request('POST', `${base}/minutes/approve`, { token: f.tokens['chair'], body: { version: 0 } }));
    expect((await mine()).minutes).toEqual([]);
  });

  it("shows the chair nothing of a meeting another member chairs", async () => {
    const chair = (await t.loginAs('chair')).accessToken;
    const f = await createMeeting(t, { status: 'in_session', participants: { member1: 'chair', member2: 'member', secretary: 'secretary' }, items: ['Nội dung do thành viên khác chủ trì'] });
    const [item] = f.items;
    await ok(t.request('POST', `/api/meetings/${f.meeting.id}/agenda/${item?.id}/conclusions`, { token: f.tokens['secretary'], body: { text: 'Dự thảo kết luận.', basedOnVersion: 0 } }));
    const queue = await ok<ApprovalQueueResponse>(t.request('GET', '/api/approvals', { token: chair }));
    expect(queue.conclusions.filter((c) => c.meetingId === f.meeting.id)).toEqual([]);
  });
});
