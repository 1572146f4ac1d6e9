import { CommonErrorCode, IdentityErrorCode } from '@ecabinet/shared/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { Clock } from '@ecabinet/api/platform';
import { connectLive, dropDatabase, previousTotpCode, rawSql, startTestApp, testDatabaseDriver, type LiveClient, type TestApp } from '../testing';

function disconnected(socket: LiveClient): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected after 5 s')), 5000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** PostgreSQL connections open under this application name, once those being closed are gone (up to 2 s). */
async function connectionsNamed(applicationName: string): Promise<number> {
  const url = process.env['TEST_DATABASE_URL'] as string;
  let count = -1;
  for (let attempt = 0; attempt < 20 && count !== 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const rows = (await rawSql({ driver: 'postgres', url }, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName])) as { n: number }[];
    count = rows[0].n;
  }
  return count;
}

describe(`identity hardening (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  const me = (token: string) => t.request('GET', '/api/auth/me', { token });
  const refresh = (cookie: string) => t.request('POST', '/api/auth/refresh', { headers: { cookie } });

  it('refuses the access token of a logged-out session at once, and closes its live connection', async () => {
    const session = await t.loginAs('member3');
    const other = await t.loginAs('member3');
    const socket = await connectLive(t.url, session.accessToken);
    sockets.push(socket);
    const closed = disconnected(socket);
    expect((await me(session.accessToken)).status).toBe(200);

    expect((await t.request('POST', '/api/auth/logout', { headers: { cookie: session.refreshCookie } })).status).toBe(204);
    const after = await me(session.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe(CommonErrorCode.UNAUTHENTICATED);
    await closed;
    // Only that session ended.
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('a password change ends every other session (access, refresh, live) and keeps the one that changed it', async () => {
    const changer = await t.loginAs('member4');
    const elsewhere = await t.loginAs('member4');
    const socket = await connectLive(t.url, elsewhere.accessToken);
    sockets.push(socket);
    const changerSocket = await connectLive(t.url, changer.accessToken);
    sockets.push(changerSocket);
    const closed = disconnected(socket);

    const changed = await t.request('POST', '/api/auth/password', { token: changer.accessToken, body: { currentPassword: 'ecabinet-demo', newPassword: 'a-new-long-password-1' } });
    expect(changed.status).toBe(204);

    expect((await me(elsewhere.accessToken)).status).toBe(401);
    expect((await refresh(elsewhere.refreshCookie)).status).toBe(401);
    await closed;
    expect(changerSocket.connected).toBe(true);
    expect((await me(changer.accessToken)).status).toBe(200);
    expect((await refresh(changer.refreshCookie)).status).toBe(200);
  });

  it("an admin's password reset ends every session of that user", async () => {
    const admin = await t.loginAs('admin');
    const victim = await t.loginAs('member5');
    const socket = await connectLive(t.url, victim.accessToken);
    sockets.push(socket);
    const closed = disconnected(socket);

    const reset = await t.request('POST', `/api/users/${victim.user.id}/password`, { token: admin.accessToken, body: { password: 'a-reset-long-password-1' } });
    expect(reset.status).toBe(204);

    expect((await me(victim.accessToken)).status).toBe(401);
    expect((await refresh(victim.refreshCookie)).status).toBe(401);
    await closed;
    expect((await me(admin.accessToken)).status).toBe(200);
  });

  it('failures from one address never lock out another account typing the right password there', async () => {
    for (let i = 0; i < 40; i++) {
      const wrong = await t.request('POST', '/api/auth/login', { body: { username: i < 5 ? 'member7' : `nobody-${i}`, password: 'wrong-password' } });
      expect([401, 429]).toContain(wrong.status);
    }
    const colleague = await t.request('POST', '/api/auth/login', { body: { username: 'member8', password: 'ecabinet-demo' } });
    expect(colleague.status).toBe(200);
    const locked = await t.request('POST', '/api/auth/login', { body: { username: 'member7', password: 'ecabinet-demo' } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe(IdentityErrorCode.TOO_MANY_ATTEMPTS);
    const wait = locked.body.details.retryAfterSeconds as number;
    expect(wait).toBeGreaterThan(0);

    // Once the lock has run out (the injectable clock, not a sleep), the right password works again.
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + (wait + 1) * 1000));
    try {
      expect((await t.request('POST', '/api/auth/login', { body: { username: 'member7', password: 'ecabinet-demo' } })).status).toBe(200);
    } finally {
      clock.mockRestore();
    }
  });

  it('a session ended on one API instance is refused, and its sockets closed, on another (shared database and Redis)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-two-'));
    const env = { REDIS_URL, JWT_SECRET: 'shared-secret-for-both-instances-0123456789' };
    const a = await startTestApp({ env, dataDir, keepDatabase: true });
    const b = await startTestApp({ env, dataDir, database: a.config.database });
    try {
      const changer = await a.loginAs('member2');
      const elsewhere = await b.loginAs('member2');
      const socket = await connectLive(b.url, elsewhere.accessToken);
      sockets.push(socket);
      const closed = disconnected(socket);
      const changed = await a.request('POST', '/api/auth/password', { token: changer.accessToken, body: { currentPassword: 'ecabinet-demo', newPassword: 'a-new-long-password-2' } });
      expect(changed.status).toBe(204);
      expect((await b.request('GET', '/api/auth/me', { token: elsewhere.accessToken })).status).toBe(401);
      await closed;
      expect((await b.request('GET', '/api/auth/me', { token: changer.accessToken })).status).toBe(200);
    } finally {
      await b.close();
      await a.close();
      await dropDatabase(a.config.database, dataDir);
    }
  });

  it('accepts a TOTP code once: the same code again, within its window, is refused', async () => {
    const login = await t.loginAs('member6');
    const enroll = await t.request('POST', '/api/auth/totp/enroll', { token: login.accessToken });
    const secret = enroll.body.secret as string;
    // Confirm with the code of the previous step (still inside the window), so the current one is fresh.
    const previous = await previousTotpCode(secret);
    expect((await t.request('POST', '/api/auth/totp/confirm', { token: login.accessToken, body: { code: previous } })).status).toBe(204);

    const code = authenticator.generate(secret);
    const first = await t.request('POST', '/api/auth/login', { body: { username: 'member6', password: 'ecabinet-demo', totpCode: code } });
    expect(first.status).toBe(200);
    const replay = await t.request('POST', '/api/auth/login', { body: { username: 'member6', password: 'ecabinet-demo', totpCode: code } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe(IdentityErrorCode.TOTP_INVALID);
    // An older code of the window is refused too once a later one was used.
    const older = await t.request('POST', '/api/auth/login', { body: { username: 'member6', password: 'ecabinet-demo', totpCode: previous } });
    expect(older.body.code).toBe(IdentityErrorCode.TOTP_INVALID);

    // Enrolling again while the factor is on never hands out the active secret.
    const again = await t.request('POST', '/api/auth/totp/enroll', { token: first.body.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(IdentityErrorCode.TOTP_ALREADY_ENABLED);
    expect(JSON.stringify(again.body)).not.toContain(secret);
  });

  it('keeps TOTP secrets sealed in the database, seals old plain ones at boot, and refuses to boot with another key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-totp-'));
    const key = randomBytes(32).toString('base64');
    const first = await startTestApp({ env: { TOTP_ENCRYPTION_KEY: key }, dataDir, keepDatabase: true });
    try {
      const login = await first.loginAs('member1');
      const secret = (await first.request('POST', '/api/auth/totp/enroll', { token: login.accessToken })).body.secret as string;
      const stored = (await rawSql(first.config.database, `SELECT totp_secret FROM users WHERE username = 'member1'`)) as { totp_secret: string }[];
      expect(stored[0].totp_secret).not.toContain(secret);
      expect(stored[0].totp_secret).toMatch(/^v1:/);
      // A secret written in plain text before sealing existed.
      await rawSql(first.config.database, `UPDATE users SET totp_secret = '${authenticator.generateSecret()}' WHERE username = 'member2'`);
    } finally {
      await first.close();
    }

    await expect(startTestApp({ env: { TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, dataDir, database: first.config.database, keepDatabase: true })).rejects.toThrow(
      /TOTP_ENCRYPTION_KEY does not open the second-factor secrets/,
    );
    // The refused start shut down what it had opened (its database pool among them): nothing keeps running.
    if (testDatabaseDriver() === 'postgres') await expect(connectionsNamed(`ecabinet/${first.config.database.schema}`)).resolves.toBe(0);

    const again = await startTestApp({ env: { TOTP_ENCRYPTION_KEY: key }, dataDir, database: first.config.database });
    try {
      const rows = (await rawSql(again.config.database, `SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL`)) as { totp_secret: string }[];
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row.totp_secret).toMatch(/^v1:/);
    } finally {
      await again.close();
      await dropDatabase(again.config.database, dataDir);
    }
  });
});
