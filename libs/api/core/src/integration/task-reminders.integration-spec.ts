import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '@ecabinet/api/platform';
import { TaskScheduler, sendingMoment } from '@ecabinet/api/records';
import type { OrganisationResponse, RemindTasksResponse, TaskDetailResponse } from '@ecabinet/shared/contracts';
import { dropDatabase, rawSql, startMailCapture, startTestApp, testDatabaseDriver, userIds, type MailCapture, type TestApp } from '../testing';

/**
 * Reminders before a task's due date and escalations after it reach the local SMTP server once
 * each, though two instances run the scheduler at the same moments and one of them restarts.
 */
describe(`task reminders and escalations (${testDatabaseDriver()})`, () => {
  let smtp: MailCapture;
  const dataDir = mkdtempSync(join(tmpdir(), 'task-reminders-'));
  const env = { TASK_REMINDER_DAYS: '7,1', TASK_ESCALATION_DAYS: '1,7', MAIL_FROM: 'vpcp@example.gov.vn' };
  const apps: TestApp[] = [];

  beforeAll(async () => {
    smtp = await startMailCapture();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    const database = apps[0]?.config.database;
    for (const app of apps.reverse()) await app.close();
    if (database) await dropDatabase(database, dataDir);
    await smtp.close();
  });

  const start = async (database?: TestApp['config']['database']) => {
    const app = await startTestApp({ env: { ...env, SMTP_URL: smtp.url }, dataDir, keepDatabase: true, ...(database ? { database } : {}) });
    apps.push(app);
    return app;
  };
  /** Both instances' clocks at `at`, then one pass of each at once. */
  const passAt = async (instances: TestApp[], at: Date) => {
    for (const app of instances) jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => new Date(at));
    await Promise.all(instances.map((app) => app.app.get(TaskScheduler).tick()));
  };
  /** Who received the mails of a kind about the task, sorted. */
  const received = (kind: string, taskId: string) =>
    smtp.mails
      .filter((m) => m.body.includes(`X-Ecabinet-Notice: ${kind}\r\n`) && m.body.replace(/=\r\n/g, '').includes(`/tasks/${taskId}`))
      .flatMap((m) => m.to)
      .sort();

  it('reach each person once, from two instances at once and across a restart; the secretariat hears of a task long overdue', async () => {
    const a = await start();
    let b = await start(a.config.database);
    const admin = (await a.loginAs('admin')).accessToken;
    const ids = await userIds(a);
    const organisations = (await a.request('GET', '/api/organisations', { token: admin })).body as OrganisationResponse[];
    const justice = organisations.find((o) => o.symbol === 'BTP') as OrganisationResponse;
    // The responsible person is an official of the Ministry of Justice; its head is member2.
    const official = await a.request('POST', '/api/users', {
      token: admin,
      body: { username: 'btp.official', fullName: 'Ngô Thị Mai', password: 'a-long-password-for-mai', roles: ['delegate'], assists: [ids['member2']], organisationId: justice.id, email: 'mai@example.gov.vn' },
    });
    expect(official.status).toBe(201);
    for (const username of ['member2', 'secretary']) await a.request('PATCH', `/api/users/${ids[username]}`, { token: admin, body: { email: `${username}@example.gov.vn` } });

    const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: a.config.timeZone }).format(new Date(Date.now() + 3 * 86_400_000));
    const secretary = (await a.loginAs('secretary')).accessToken;
    const created = await a.request('POST', '/api/tasks', {
      token: secretary,
      body: { title: 'Thẩm định dự thảo Nghị định về chữ ký số', leadOrganisationId: justice.id, responsibleUserId: official.body.id, dueDate, sourceType: 'direct' },
    });
    expect(created.status).toBe(201);
    const task = created.body as TaskDetailResponse;
    const hour = 3_600_000;

    // Three days ahead: the 7-day reminder has come (once, from two instances at once), the 1-day one not yet.
    await passAt([a, b], new Date());
    expect(received('task-reminder', task.id)).toEqual(['mai@example.gov.vn']);
    await passAt([a, b], sendingMoment(dueDate, -1, a.config.timeZone));
    await passAt([a, b], new Date(sendingMoment(dueDate, -1, a.config.timeZone).getTime() + hour));
    expect(received('task-reminder', task.id)).toEqual(['mai@example.gov.vn', 'mai@example.gov.vn']);

    // One instance restarts (it passes at start-up, and again at the same moment): nothing is sent twice.
    await b.close();
    apps.splice(apps.indexOf(b), 1);
    b = await start(a.config.database);
    await passAt([b], new Date(sendingMoment(dueDate, -1, a.config.timeZone).getTime() + 2 * hour));
    expect(received('task-reminder', task.id)).toHaveLength(2);

    // A notice recorded whose notifications a crash cut off is notified by the next pass, still once per person.
    await passAt([a, b], new Date(sendingMoment(dueDate, 1, a.config.timeZone).getTime() + hour));
    expect(received('task-overdue', task.id)).toEqual(['mai@example.gov.vn', 'member2@example.gov.vn']);
    await rawSql(a.config.database, `UPDATE task_notices SET notified_at = NULL WHERE task_id = '${task.id}'`);
    await passAt([a, b], new Date(sendingMoment(dueDate, 1, a.config.timeZone).getTime() + 2 * hour));
    expect(received('task-overdue', task.id)).toEqual(['mai@example.gov.vn', 'member2@example.gov.vn']);

    // A week late, the secretariat is told as well.
    await passAt([a, b], new Date(sendingMoment(dueDate, 7, a.config.timeZone).getTime() + hour));
    expect(received('task-overdue', task.id)).toEqual(['mai@example.gov.vn', 'mai@example.gov.vn', 'member2@example.gov.vn', 'member2@example.gov.vn', 'secretary@example.gov.vn']);

    // In the app too, once each, and every notice audited.
    const inbox = (await a.request('GET', '/api/notifications?limit=100', { token: (await a.loginAs('member2')).accessToken })).body as { items: { kind: string; link: string; params: { daysLate?: number } }[] };
    expect(inbox.items.filter((n) => n.link === `/tasks/${task.id}` && n.kind === 'task-overdue').map((n) => n.params.daysLate).sort()).toEqual([1, 7]);
    const audit = await a.request('GET', '/api/audit?limit=200', { token: admin });
    const notices = (audit.body.items as { action: string; targetId: string; details: { days: number; outcome: string } }[]).filter((e) => e.targetId === task.id && (e.action === 'task.reminded' || e.action === 'task.escalated'));
    expect(notices.map((e) => `${e.action}:${e.details.days}:${e.details.outcome}`).sort()).toEqual(['task.escalated:1:sent', 'task.escalated:7:sent', 'task.reminded:1:sent', 'task.reminded:7:sent']);
  }, 120_000);

  it('the secretariat reminds from the board now: open tasks only, once a day each though asked twice at once, never by a member', async () => {
    const app = await startTestApp({ env: { ...env, SMTP_URL: smtp.url } });
    try {
      const admin = (await app.loginAs('admin')).accessToken;
      const ids = await userIds(app);
      const justice = ((await app.request('GET', '/api/organisations', { token: admin })).body as OrganisationResponse[]).find((o) => o.symbol === 'BTP') as OrganisationResponse;
      await app.request('PATCH', `/api/users/${ids['member2']}`, { token: admin, body: { email: 'head.btp@example.gov.vn' } });
      const secretary = (await app.loginAs('secretary')).accessToken;
      const member2 = (await app.loginAs('member2')).accessToken;
      const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: app.config.timeZone }).format(new Date(Date.now() + 30 * 86_400_000));
      // No responsible person named: the lead organisation's head (member2) is reminded.
      const assign = async (title: string) => {
        const created = await app.request('POST', '/api/tasks', { token: secretary, body: { title, leadOrganisationId: justice.id, dueDate, sourceType: 'direct' } });
        expect(created.status).toBe(201);
        return created.body as TaskDetailResponse;
      };
      const open = await assign('Rà soát văn bản quy phạm về đất đai');
      const other = await assign('Báo cáo tình hình thi hành pháp luật');
      const done = await assign('Tổng kết công tác năm');
      const proposal = await app.request('POST', `/api/tasks/${done.id}/reports`, { token: member2, body: { kind: 'completion', text: 'Đã hoàn thành.' } });
      expect(proposal.status).toBe(201);
      const reportId = (proposal.body as TaskDetailResponse).updates[0]?.id;
      expect((await app.request('POST', `/api/tasks/${done.id}/reports/${reportId}/decision`, { token: secretary, body: { accept: true } })).status).toBe(200);

      const missing = randomUUID();
      const first = await app.request('POST', '/api/tasks/reminders', { token: secretary, body: { taskIds: [open.id, done.id, missing] } });
      expect(first.status).toBe(200);
      expect(first.body as RemindTasksResponse).toEqual({
        reminded: [open.id],
        skipped: [
          { taskId: done.id, reason: 'done' },
          { taskId: missing, reason: 'not-found' },
        ],
      });
      expect(received('task-reminder', open.id)).toEqual(['head.btp@example.gov.vn']);

      // Asked again the same day, and twice at once for another task: one reminder each.
      const again = await app.request('POST', '/api/tasks/reminders', { token: secretary, body: { taskIds: [open.id] } });
      expect((again.body as RemindTasksResponse).skipped).toEqual([{ taskId: open.id, reason: 'already-reminded' }]);
      const both = await Promise.all([0, 1].map(() => app.request('POST', '/api/tasks/reminders', { token: secretary, body: { taskIds: [other.id] } })));
      expect(both.map((r) => (r.body as RemindTasksResponse).reminded.length).sort()).toEqual([0, 1]);
      expect(received('task-reminder', open.id)).toHaveLength(1);
      expect(received('task-reminder', other.id)).toEqual(['head.btp@example.gov.vn']);
      const inbox = (await app.request('GET', '/api/notifications?limit=100', { token: member2 })).body as { items: { kind: string; link: string }[] };
      expect(inbox.items.filter((n) => n.kind === 'task-reminder').map((n) => n.link).sort()).toEqual([`/tasks/${open.id}`, `/tasks/${other.id}`].sort());

      // Who asked is in the audit trail; a member may not remind; bad lists are refused whole.
      const audit = await app.request('GET', '/api/audit?limit=200', { token: admin });
      const entries = (audit.body.items as { action: string; targetId: string; actorUsername: string | null; details: { manual?: boolean } }[]).filter((e) => e.action === 'task.reminded');
      expect(entries.map((e) => [e.targetId, e.actorUsername, e.details.manual]).sort()).toEqual([[open.id, 'secretary', true], [other.id, 'secretary', true]].sort());
      expect((await app.request('POST', '/api/tasks/reminders', { token: member2, body: { taskIds: [open.id] } })).status).toBe(403);
      for (const taskIds of [[], ['not-a-uuid'], [open.id, open.id], Array.from({ length: 201 }, () => randomUUID())]) {
        const refused = await app.request('POST', '/api/tasks/reminders', { token: secretary, body: { taskIds } });
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe('VALIDATION_FAILED');
      }
    } finally {
      await app.close();
    }
  }, 120_000);
});
