import { CommonErrorCode, IdentityErrorCode } from '@ecabinet/shared/contracts';
import { authenticator } from 'otplib';
import { signInAtProvider, startOidcTestProvider, type OidcTestProvider } from '@ecabinet/api/identity/testing';
import { freePort, previousTotpCode, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

/** One browser's cookies, as far as these routes go: name → value. */
type Jar = Map<string, string>;

function keepCookies(jar: Jar, headers: Headers): void {
  for (const cookie of headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const eq = pair.indexOf('=');
    const value = pair.slice(eq + 1);
    if (value && !/Expires=Thu, 01 Jan 1970/i.test(cookie)) jar.set(pair.slice(0, eq), value);
    else jar.delete(pair.slice(0, eq));
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

describe(`single sign-on through an OpenID provider (${testDatabaseDriver()})`, () => {
  let provider: OidcTestProvider;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcTestProvider([`${publicUrl}/api/auth/oidc/callback`]);
    t = await startTestApp({
      port,
      env: { PUBLIC_URL: publicUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
    admin = (await t.loginAs('admin')).accessToken;
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  const get = (path: string, jar: Jar) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });

  /** The e-Cabinet start route: where it sends the browser, with the pending sign-in kept in the jar. */
  async function start(jar: Jar, returnUrl?: string): Promise<string> {
    const response = await get(`/api/auth/oidc/start${returnUrl ? `?returnUrl=${encodeURIComponent(returnUrl)}` : ''}`, jar);
    expect(response.status).toBe(302);
    keepCookies(jar, response.headers);
    return response.headers.get('location') as string;
  }

  /** Back at e-Cabinet's callback with what the provider gave: where e-Cabinet sends the browser next. */
  async function callback(jar: Jar, back: URL): Promise<string> {
    const response = await get(`${back.pathname}${back.search}`, jar);
    expect(response.status).toBe(302);
    keepCookies(jar, response.headers);
    return response.headers.get('location') as string;
  }

  /** The whole round trip as `login` at the provider: e-Cabinet's last redirect and the browser's cookies. */
  async function signIn(login: string, returnUrl?: string): Promise<{ location: string; jar: Jar }> {
    const jar: Jar = new Map();
    const back = await signInAtProvider(await start(jar, returnUrl), login, `${t.url}/api/auth/oidc/callback`);
    return { location: await callback(jar, back), jar };
  }

  /** Rotates the session's refresh cookie, as the web app does at start-up. */
  async function refresh(jar: Jar) {
    const response = await t.request('POST', '/api/auth/refresh', { headers: { cookie: cookieHeader(jar) } });
    keepCookies(jar, response.headers);
    return response;
  }
  const userId = async (username: string): Promise<string> =>
    (await t.request('GET', `/api/users?search=${username}`, { token: admin })).body.items.find((user: { username: string }) => user.username === username).id;

  it('offers single sign-on in the client configuration', async () => {
    expect((await t.request('GET', '/api/config')).body).toMatchObject({ singleSignOn: true });
  });

  it('sends the browser to the provider with the code flow, PKCE (S256), a state and a nonce', async () => {
    const jar: Jar = new Map();
    const location = new URL(await start(jar));
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${t.url}/api/auth/oidc/callback`,
      code_challenge_method: 'S256',
    });
    for (const param of ['state', 'nonce', 'code_challenge']) expect(location.searchParams.get(param)?.length).toBeGreaterThanOrEqual(22);
    expect(jar.has('ec_oidc')).toBe(true);
  });

  it("signs in the e-Cabinet user the provider names (preferred_username), with e-Cabinet's roles, and audits it", async () => {
    const { location, jar } = await signIn('member2', '/meetings?tab=upcoming');
    expect(location).toBe('/meetings?tab=upcoming');
    expect(jar.has('ec_oidc')).toBe(false);
    const session = await refresh(jar);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ username: 'member2', roles: ['member'] });
    expect((await t.request('GET', '/api/meetings', { token: session.body.accessToken })).status).toBe(200);

    const audit = await t.request('GET', '/api/audit?action=auth.login.succeeded&actor=member2', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ actorUsername: 'member2', details: { method: 'sso' } });
  });

  it('never sends the browser to another site after sign-in (returnUrl is a path of this app only)', async () => {
    for (const returnUrl of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      expect((await signIn('member3', returnUrl)).location).toBe('/');
    }
  });

  it('refuses a callback whose state is not the one the sign-in started with', async () => {
    const jar: Jar = new Map();
    const back = await signInAtProvider(await start(jar), 'member2', `${t.url}/api/auth/oidc/callback`);
    back.searchParams.set('state', 'forged-state-value-of-some-length');
    expect(await callback(jar, back)).toBe('/login?sso=failed');
    expect(jar.has('ec_refresh')).toBe(false);
  });

  it('refuses a code presented a second time, even with the same pending sign-in cookie', async () => {
    const jar: Jar = new Map();
    const back = await signInAtProvider(await start(jar), 'member2', `${t.url}/api/auth/oidc/callback`);
    const pending = new Map(jar);
    expect(await callback(jar, back)).toBe('/');
    const replay: Jar = new Map(pending);
    expect(await callback(replay, back)).toBe('/login?sso=failed');
    expect(replay.has('ec_refresh')).toBe(false);
  });

  it('refuses a callback without the pending sign-in (another browser, or after 10 minutes)', async () => {
    const jar: Jar = new Map();
    const back = await signInAtProvider(await start(jar), 'member2', `${t.url}/api/auth/oidc/callback`);
    expect(await callback(new Map(), back)).toBe('/login?sso=expired');
    const tampered: Jar = new Map([['ec_oidc', `${jar.get('ec_oidc')}x`]]);
    expect(await callback(tampered, back)).toBe('/login?sso=expired');
  });

  it('says the sign-in was cancelled when the provider answers access_denied', async () => {
    const jar: Jar = new Map();
    const state = new URL(await start(jar)).searchParams.get('state') as string;
    expect(await callback(jar, new URL(`${t.url}/api/auth/oidc/callback?error=access_denied&state=${state}`))).toBe('/login?sso=cancelled');
  });

  it('refuses a person the provider knows but e-Cabinet does not, and creates no account', async () => {
    const before = (await t.request('GET', '/api/users?limit=200', { token: admin })).body.total;
    const { location, jar } = await signIn('stranger');
    expect(location).toBe('/login?sso=unknown-user');
    expect(jar.has('ec_refresh')).toBe(false);
    expect((await t.request('GET', '/api/users?limit=200', { token: admin })).body.total).toBe(before);
    const audit = await t.request('GET', '/api/audit?action=auth.login.failed&actor=stranger', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ details: { reason: 'sso-unknown-user', method: 'sso' } });
  });

  it('refuses a disabled e-Cabinet user', async () => {
    const id = await userId('observer');
    expect((await t.request('PATCH', `/api/users/${id}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    try {
      const { location, jar } = await signIn('observer');
      expect(location).toBe('/login?sso=disabled');
      expect(jar.has('ec_refresh')).toBe(false);
    } finally {
      await t.request('PATCH', `/api/users/${id}`, { token: admin, body: { disabled: false } });
    }
  });

  describe("the account's own second factor", () => {
    let secret: string;

    beforeAll(async () => {
      const login = await t.loginAs('member4');
      secret = (await t.request('POST', '/api/auth/totp/enroll', { token: login.accessToken })).body.secret;
      const previous = await previousTotpCode(secret);
      expect((await t.request('POST', '/api/auth/totp/confirm', { token: login.accessToken, body: { code: previous } })).status).toBe(204);
    });

    const secondFactor = (jar: Jar, code: string) => t.request('POST', '/api/auth/oidc/second-factor', { headers: { cookie: cookieHeader(jar) }, body: { code } });

    it('is asked for when the provider asserts none (amr pwd), and a wrong code is refused', async () => {
      const { location, jar } = await signIn('member4', '/ballots');
      expect(location).toBe('/login?sso=second-factor&returnUrl=%2Fballots');
      expect(jar.has('ec_refresh')).toBe(false);
      expect((await secondFactor(jar, '000000')).body.code).toBe(IdentityErrorCode.TOTP_INVALID);
      const signedIn = await secondFactor(jar, authenticator.generate(secret));
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.username).toBe('member4');
      expect(signedIn.headers.get('set-cookie')).toContain('ec_refresh=');
    });

    it('is not asked for when the provider asserts a second factor (amr mfa)', async () => {
      const { location, jar } = await signIn('member4+mfa');
      expect(location).toBe('/');
      expect((await refresh(jar)).body.user.username).toBe('member4');
    });

    it('cannot be completed without a provider sign-in waiting for it', async () => {
      const response = await secondFactor(new Map(), authenticator.generate(secret));
      expect([response.status, response.body.code]).toEqual([401, IdentityErrorCode.SSO_EXPIRED]);
    });
  });

  describe('the second-factor policy', () => {
    beforeAll(async () => {
      expect((await t.request('PUT', '/api/security-policy', { token: admin, body: { totpRequiredRoles: ['observer'] } })).status).toBe(200);
    });
    afterAll(() => t.request('PUT', '/api/security-policy', { token: admin, body: { totpRequiredRoles: [] } }));

    it('still applies to a provider sign-in without a second factor', async () => {
      const { jar } = await signIn('observer');
      const session = await refresh(jar);
      expect(session.body.user.totpRequired).toBe(true);
      const refused = await t.request('GET', '/api/meetings', { token: session.body.accessToken });
      expect([refused.status, refused.body.code]).toEqual([403, IdentityErrorCode.TOTP_NOT_ENROLLED]);
    });

    it("is met by the provider's second factor, for that session and its refreshes", async () => {
      const { jar } = await signIn('observer+mfa');
      const first = await refresh(jar);
      expect(first.body.user.totpRequired).toBe(false);
      const again = await refresh(jar);
      expect((await t.request('GET', '/api/meetings', { token: again.body.accessToken })).status).toBe(200);
      expect((await t.request('GET', '/api/auth/me', { token: again.body.accessToken })).body.totpRequired).toBe(false);
      // A password session of the same user is still held to the policy.
      const password = await t.loginAs('observer');
      expect((await t.request('GET', '/api/meetings', { token: password.accessToken })).status).toBe(403);
    });
  });

  it('completes on another instance behind the same address (docker/compose.yaml: the sign-in in progress is in a signed cookie, not in memory)', async () => {
    const other = await startTestApp({
      database: t.config.database,
      dataDir: t.config.dataDir,
      env: { PUBLIC_URL: t.config.publicUrl, JWT_SECRET: t.config.jwtSecret, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
    try {
      const jar: Jar = new Map();
      const back = await signInAtProvider(await start(jar), 'member5', `${t.url}/api/auth/oidc/callback`);
      const response = await fetch(`${other.url}${back.pathname}${back.search}`, { redirect: 'manual', headers: { cookie: cookieHeader(jar) } });
      expect([response.status, response.headers.get('location')]).toEqual([302, '/']);
      keepCookies(jar, response.headers);
      expect((await refresh(jar)).body.user.username).toBe('member5');
    } finally {
      await other.close();
    }
  });

  it('sends the browser back to the login page when the provider cannot be reached', async () => {
    const port = await freePort();
    const down = await startTestApp({
      env: { PUBLIC_URL: `http://127.0.0.1:${port}`, OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`, OIDC_CLIENT_ID: 'ecabinet', OIDC_CLIENT_SECRET: 'x' },
      port,
    });
    try {
      const response = await fetch(`${down.url}/api/auth/oidc/start`, { redirect: 'manual' });
      expect([response.status, response.headers.get('location')]).toEqual([302, '/login?sso=unavailable']);
    } finally {
      await down.close();
    }
  });

  it('is off without OIDC_ISSUER: the config says so and the start route returns to the login page', async () => {
    const off = await startTestApp();
    try {
      expect((await off.request('GET', '/api/config')).body).toMatchObject({ singleSignOn: false });
      const response = await fetch(`${off.url}/api/auth/oidc/start`, { redirect: 'manual' });
      expect([response.status, response.headers.get('location')]).toEqual([302, '/login?sso=unavailable']);
      const secondFactor = await off.request('POST', '/api/auth/oidc/second-factor', { body: { code: '123456' } });
      expect(secondFactor.body.code).toBe(IdentityErrorCode.SSO_EXPIRED);
      const bad = await off.request('POST', '/api/auth/oidc/second-factor', { body: { code: 'abc', extra: 1 } });
      expect([bad.status, bad.body.code]).toEqual([400, CommonErrorCode.VALIDATION_FAILED]);
    } finally {
      await off.close();
    }
  });
});
