import { IdentityErrorCode, CommonErrorCode } from '@ecabinet/shared/contracts';
import { authenticator } from 'otplib';
import { previousTotpCode, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

describe(`authentication (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs in with a demo login and returns the user without secrets', async () => {
    const response = await t.request('POST', '/api/auth/login', { body: { username: 'member1', password: 'ecabinet-demo' } });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: 'member1', roles: ['member'], fullName: 'Lê Quang Huy' });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    expect(response.body.user).not.toHaveProperty('totpSecret');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ec_refresh=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await t.request('GET', '/api/auth/me', { token: response.body.accessToken });
    expect(me.body.username).toBe('member1');
  });

  it('refuses a wrong password with the same answer as an unknown user', async () => {
    const wrong = await t.request('POST', '/api/auth/login', { body: { username: 'member2', password: 'not-the-password' } });
    const unknown = await t.request('POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe(IdentityErrorCode.INVALID_CREDENTIALS);
    expect(unknown.body.code).toBe(IdentityErrorCode.INVALID_CREDENTIALS);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.correlationId).toEqual(expect.any(String));
  });

  it('throttles repeated failures with 429 for existing and unknown users alike, and the right password is refused while locked', async () => {
    for (const username of ['member3', 'ghost-user']) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await t.request('POST', '/api/auth/login', { body: { username, password: 'wrong-password' } })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const locked = await t.request('POST', '/api/auth/login', { body: { username, password: 'ecabinet-demo' } });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe(IdentityErrorCode.TOO_MANY_ATTEMPTS);
      expect(locked.body.details.retryAfterSeconds).toBeGreaterThan(0);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('rotates the refresh token and revokes the family when a used token is replayed', async () => {
    const login = await t.loginAs('member4');
    const first = await t.request('POST', '/api/auth/refresh', { headers: { cookie: login.refreshCookie } });
    expect(first.status).toBe(200);
    const rotated = (first.headers.get('set-cookie') ?? '').split(';')[0];
    expect(rotated).not.toBe(login.refreshCookie);

    // The old token again: theft is assumed, and the whole family ends.
    const replay = await t.request('POST', '/api/auth/refresh', { headers: { cookie: login.refreshCookie } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe(IdentityErrorCode.REFRESH_INVALID);
    const afterReplay = await t.request('POST', '/api/auth/refresh', { headers: { cookie: rotated } });
    expect(afterReplay.status).toBe(401);
  });

  it('logout ends the refresh token; logout-everywhere also invalidates issued access tokens', async () => {
    const a = await t.loginAs('member5');
    const logout = await t.request('POST', '/api/auth/logout', { headers: { cookie: a.refreshCookie } });
    expect(logout.status).toBe(204);
    expect((await t.request('POST', '/api/auth/refresh', { headers: { cookie: a.refreshCookie } })).status).toBe(401);

    const b = await t.loginAs('member5');
    const c = await t.loginAs('member5');
    expect((await t.request('POST', '/api/auth/logout-everywhere', { token: b.accessToken })).status).toBe(204);
    const stale = await t.request('GET', '/api/auth/me', { token: c.accessToken });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe(CommonErrorCode.UNAUTHENTICATED);
    expect((await t.request('POST', '/api/auth/refresh', { headers: { cookie: c.refreshCookie } })).status).toBe(401);
  });

  it('requires the TOTP code once enrolled, and refuses a wrong one', async () => {
    const login = await t.loginAs('member6');
    const enroll = await t.request('POST', '/api/auth/totp/enroll', { token: login.accessToken });
    expect(enroll.status).toBe(200);
    expect(enroll.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/e-Cabinet:member6\?secret=/);
    const secret = enroll.body.secret as string;
    expect((await t.request('POST', '/api/auth/totp/confirm', { token: login.accessToken, body: { code: '000000' } })).status).toBe(401);
    expect(
      // The previous step's code (still in the window): a code is accepted once, and the login below uses the current one.
      (await t.request('POST', '/api/auth/totp/confirm', { token: login.accessToken, body: { code: await previousTotpCode(secret) } })).status,
    ).toBe(204);

    const noCode = await t.request('POST', '/api/auth/login', { body: { username: 'member6', password: 'ecabinet-demo' } });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe(IdentityErrorCode.TOTP_REQUIRED);
    const badCode = await t.request('POST', '/api/auth/login', { body: { username: 'member6', password: 'ecabinet-demo', totpCode: '123456' } });
    expect(badCode.body.code).toBe(IdentityErrorCode.TOTP_INVALID);
    const good = await t.request('POST', '/api/auth/login', {
      body: { username: 'member6', password: 'ecabinet-demo', totpCode: authenticator.generate(secret) },
    });
    expect(good.status).toBe(200);
    expect(good.body.user.totpEnabled).toBe(true);
  });

  it('refuses a security policy that would lock out the admin making it', async () => {
    const admin = await t.loginAs('admin');
    const refused = await t.request('PUT', '/api/security-policy', { token: admin.accessToken, body: { totpRequiredRoles: ['admin'] } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('POLICY_WOULD_LOCK_OUT');
    expect((await t.request('GET', '/api/security-policy', { token: admin.accessToken })).body.totpRequiredRoles).toEqual([]);
  });

  it('refuses an access token once it has expired, although it was let in a moment before (its signature is checked once, its expiry on every use)', async () => {
    const member = await t.loginAs('member8');
    expect((await t.request('GET', '/api/auth/me', { token: member.accessToken })).status).toBe(200);
    const later = Date.now() + (t.config.accessTokenTtlSeconds + 60) * 1000;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      const expired = await t.request('GET', '/api/auth/me', { token: member.accessToken });
      expect({ status: expired.status, code: expired.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    } finally {
      clock.mockRestore();
    }
    // Its session lives on: a new token from the refresh token is let in.
    const refreshed = await t.request('POST', '/api/auth/refresh', { headers: { cookie: member.refreshCookie } });
    expect(refreshed.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: refreshed.body.accessToken })).status).toBe(200);
  });

  it('says when the current password is wrong without looking like an expired session', async () => {
    const member = await t.loginAs('member7');
    const wrong = await t.request('POST', '/api/auth/password', { token: member.accessToken, body: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
  });

  it('blocks a role that requires a second factor until the user enrols one', async () => {
    const admin = await t.loginAs('admin');
    const policy = await t.request('PUT', '/api/security-policy', { token: admin.accessToken, body: { totpRequiredRoles: ['secretary'] } });
    expect(policy.status).toBe(200);
    const secretary = await t.loginAs('secretary');
    expect(secretary.user.totpRequired).toBe(true);
    const blocked = await t.request('POST', '/api/auth/password', {
      token: secretary.accessToken,
      body: { currentPassword: 'ecabinet-demo', newPassword: 'a-new-long-password' },
    });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe(IdentityErrorCode.TOTP_NOT_ENROLLED);
    expect((await t.request('GET', '/api/auth/me', { token: secretary.accessToken })).status).toBe(200);
    expect((await t.request('POST', '/api/auth/totp/enroll', { token: secretary.accessToken })).status).toBe(200);
    await t.request('PUT', '/api/security-policy', { token: admin.accessToken, body: { totpRequiredRoles: [] } });
  });

  it('lets an admin create, edit, disable and reset a user; a disabled user cannot log in and loses live tokens', async () => {
    const admin = await t.loginAs('admin');
    const created = await t.request('POST', '/api/users', {
      token: admin.accessToken,
      body: { username: 'deputy1', fullName: 'Nguyễn Thị Ánh', password: 'a-long-password-1', roles: ['delegate'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'deputy1', fullName: 'Nguyễn Thị Ánh', roles: ['delegate'], disabled: false });
    const duplicate = await t.request('POST', '/api/users', {
      token: admin.accessToken,
      body: { username: 'deputy1', fullName: 'X', password: 'a-long-password-1', roles: ['delegate'] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe(IdentityErrorCode.USERNAME_TAKEN);

    const deputy = await t.loginAs('deputy1', 'a-long-password-1');
    const id = created.body.id as string;
    const edited = await t.request('PATCH', `/api/users/${id}`, { token: admin.accessToken, body: { roles: ['delegate', 'observer'] } });
    expect(edited.body.roles).toEqual(['delegate', 'observer']);
    const disabled = await t.request('PATCH', `/api/users/${id}`, { token: admin.accessToken, body: { disabled: true } });
    expect(disabled.body.disabled).toBe(true);
    expect((await t.request('GET', '/api/auth/me', { token: deputy.accessToken })).status).toBe(401);
    const refused = await t.request('POST', '/api/auth/login', { body: { username: 'deputy1', password: 'a-long-password-1' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(IdentityErrorCode.USER_DISABLED);

    await t.request('PATCH', `/api/users/${id}`, { token: admin.accessToken, body: { disabled: false } });
    expect((await t.request('POST', `/api/users/${id}/password`, { token: admin.accessToken, body: { password: 'another-long-pass' } })).status).toBe(204);
    expect((await t.request('POST', '/api/auth/login', { body: { username: 'deputy1', password: 'another-long-pass' } })).status).toBe(200);

    const self = await t.request('PATCH', `/api/users/${admin.user.id}`, { token: admin.accessToken, body: { disabled: true } });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe(IdentityErrorCode.CANNOT_DISABLE_SELF);

    const search = await t.request('GET', '/api/users?search=DEPUTY', { token: admin.accessToken });
    expect(search.body.items.map((u: { username: string }) => u.username)).toEqual(['deputy1']);
  });
});

