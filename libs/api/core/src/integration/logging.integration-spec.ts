import { Writable } from 'node:stream';
import { BallotScheduler } from '@ecabinet/api/ballots';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { createMeeting, startMailCapture, startTestApp, testDatabaseDriver, uploadPaper, userIds, type MailCapture, type TestApp } from '../testing';

/** One parsed JSON log line. */
type LogLine = Record<string, unknown> & { msg?: string; correlationId?: unknown };

/**
 * docs/architecture.md promises a correlation id on every log line. Lines written by a request,
 * by work a request started (an e-mail sent after a meeting is published), by the ballot
 * scheduler's passes and by start-up all carry one; a scheduler pass has its own.
 */
describe(`correlation ids on every log line (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let smtp: MailCapture;
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString('utf8').split('\n')) if (text.trim()) lines.push(JSON.parse(text) as LogLine);
      callback();
    },
  });

  beforeAll(async () => {
    smtp = await startMailCapture();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn', LOG_LEVEL: 'debug' }, logDestination: sink });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const eventually = async (found: () => boolean): Promise<void> => {
    for (let i = 0; i < 250 && !found(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('gives a request its id on every line, and the e-mail it caused the same id', async () => {
    const ids = await userIds(t);
    const admin = (await t.loginAs('admin')).accessToken;
    await t.request('PATCH', `/api/users/${ids['member1']}`, { token: admin, body: { email: 'member1@example.gov.vn' } });
    await t.request('GET', '/api/config', { headers: { 'x-correlation-id': 'trace-config-0001' } });
    expect(lines.filter((line) => line.correlationId === 'trace-config-0001').length).toBeGreaterThan(0);

    const member1 = (await t.loginAs('member1')).accessToken;
    expect((await t.request('PUT', '/api/notifications/preferences', { token: member1, body: { email: { 'paper-added': true } } })).status).toBe(200);
    const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', secretary: 'secretary' } });
    const secretary = (await t.loginAs('secretary')).accessToken;
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 1 }), { token: secretary, fileName: 'to-trinh.pdf', fields: { title: 'Tờ trình' } });
    expect(upload.status).toBe(201);
    await eventually(() => lines.some((line) => line.msg === 'e-mail sent'));
    const mailLine = lines.find((line) => line.msg === 'e-mail sent');
    expect(mailLine?.correlationId).toEqual(expect.any(String));
    // The mail went out on behalf of the request that published the meeting: Fastify's line of that request has the id.
    const requestLines = lines.filter((line) => line.correlationId === mailLine?.correlationId && line['req'] !== undefined);
    expect(requestLines.length).toBeGreaterThan(0);
  });

  it('gives each scheduler pass an id of its own', async () => {
    const scheduler = t.app.get(BallotScheduler);
    await scheduler.tick();
    await scheduler.tick();
    const passes = lines.filter((line) => line.msg === 'ballot scheduler pass').map((line) => line.correlationId);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    for (const id of passes) expect(id).toMatch(/^ballot-scheduler-[0-9a-f-]{36}$/);
    expect(new Set(passes).size).toBe(passes.length);
  });

  it('leaves no line without one, start-up included', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => typeof line.correlationId !== 'string' || line.correlationId === '')).toEqual([]);
    expect(lines.some((line) => String(line.correlationId).startsWith('process-'))).toBe(true);
  });
});
