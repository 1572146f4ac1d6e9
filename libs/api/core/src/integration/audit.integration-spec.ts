import { auditVerifyCommand } from '../lib/cli';
import { rawSql, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

describe(`audit trail (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.loginAs('admin')).accessToken;
  });
  afterAll(() => t.close());

  it('records logins, failures and state changes with actor, target and correlation id', async () => {
    await t.request('POST', '/api/auth/login', { body: { username: 'member7', password: 'wrong-password' } });
    await t.loginAs('member7');
    const created = await t.request('POST', '/api/users', {
      token: admin,
      body: { username: 'audited', fullName: 'Kiểm tra', password: 'a-long-password', roles: ['observer'] },
      headers: { 'x-correlation-id': 'audit-test-0001' },
    });

    const failed = await t.request('GET', '/api/audit?action=auth.login.failed&actor=member7', { token: admin });
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ actorUsername: 'member7', details: { reason: 'invalid-credentials' }, ip: '127.0.0.1' });
    const succeeded = await t.request('GET', '/api/audit?action=auth.login.succeeded&actor=member7', { token: admin });
    expect(succeeded.body.total).toBe(1);

    const creation = await t.request('GET', '/api/audit?action=user.created&actor=admin', { token: admin });
    const entry = creation.body.items.find((item: { targetId: string }) => item.targetId === created.body.id);
    expect(entry).toMatchObject({ actorUsername: 'admin', targetType: 'user', correlationId: 'audit-test-0001' });
  });

  it('names the owner of the session as the actor of a cookie-only logout', async () => {
    const member = await t.loginAs('member6');
    await t.request('POST', '/api/auth/logout', { headers: { cookie: member.refreshCookie } });
    const entries = await t.request('GET', '/api/audit?action=auth.logout', { token: admin });
    expect(entries.body.items[0]).toMatchObject({ actorUsername: 'member6', actorId: member.user.id });
  });

  it('lists newest first and pages', async () => {
    const page = await t.request('GET', '/api/audit?limit=3&offset=1', { token: admin });
    expect(page.body.items).toHaveLength(3);
    const seqs = page.body.items.map((item: { seq: number }) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.body.total).toBeGreaterThan(4);
  });

  it('cannot be changed through the database without dropping its guard', async () => {
    await expect(rawSql(t.config.database, "UPDATE audit_log SET action = 'user.updated' WHERE seq = 1")).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
    await expect(rawSql(t.config.database, 'DELETE FROM audit_log WHERE seq = 1')).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
  });

  it('verifies, then catches a tampered row in the API and in `audit-verify`', async () => {
    const lines: string[] = [];
    expect(await auditVerifyCommand(t.config, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^Audit chain OK: \d+ entries verified/);
    const before = await t.request('GET', '/api/audit/verify', { token: admin });
    expect(before.body).toMatchObject({ ok: true, firstBrokenSeq: null });

    // Someone with database access removes the guard and rewrites who did something.
    const victim = (await t.request('GET', '/api/audit?action=auth.login.failed&actor=member7', { token: admin })).body.items[0].seq as number;
    if (t.config.database.driver === 'postgres') {
      await rawSql(t.config.database, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    } else {
      await rawSql(t.config.database, 'DROP TRIGGER audit_log_no_update');
    }
    await rawSql(t.config.database, `UPDATE audit_log SET actor_username = 'member8' WHERE seq = ${victim}`);

    const after = await t.request('GET', '/api/audit/verify', { token: admin });
    expect(after.body).toMatchObject({ ok: false, firstBrokenSeq: victim });
    expect(after.body.reason).toMatch(/altered/);
    lines.length = 0;
    expect(await auditVerifyCommand(t.config, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toContain(`BROKEN at entry ${victim}`);
  });
});
