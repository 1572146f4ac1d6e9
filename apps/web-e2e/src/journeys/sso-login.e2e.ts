import type { Browser, Page } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, type ViewportName } from '../support/browser';
import { type FreshServer, freePort, startFreshServer } from '../support/fresh-server';
import { type OidcProvider, startOidcProvider } from '../support/oidc-provider';

/**
 * A member signs in with the organisation account: the login page sends him to the government's
 * identity provider (a real OpenID provider, started here), he signs in there, and comes back
 * signed in to e-Cabinet as the user of that name; a person e-Cabinet does not know is told so.
 */
let browser: Browser;
let provider: OidcProvider;
let server: FreshServer;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider(`${publicUrl}/api/auth/oidc/callback`);
  server = await startFreshServer({
    port,
    env: { PUBLIC_URL: publicUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
  });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/** At the provider's own pages: its login form, then its consent form. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL(`${provider.issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const zones: [ViewportName, string][] = JOURNEY_VIEWPORTS.map((viewport, index) => [viewport, index === 0 ? 'Asia/Ho_Chi_Minh' : 'America/New_York']);

describe.each(zones)('single sign-on at %s size, device clock in %s', (viewport, timezoneId) => {
  it('signs a member in with the organisation account', async () => {
    const { context, page } = await openPage(browser, viewport, { timezoneId, baseURL: server.baseUrl });
    try {
      await page.goto('/ballots');
      await page.waitForURL('**/login?returnUrl=%2Fballots');
      const sso = page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh' });
      await sso.waitFor();
      await saveScreenshot(page, `b-sso-login-${viewport}`);
      await sso.click();

      await signInAtProvider(page, 'member1');
      await page.waitForURL(`${server.baseUrl}/ballots`);
      await page.locator('ec-shell-layout').waitFor();
      await page.getByText('Lê Quang Huy').first().waitFor();

      // Signing out of e-Cabinet ends its session; the provider's own session is the provider's business.
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL('**/login');
      await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('tells a person the provider knows, but e-Cabinet does not, that he has no e-Cabinet account', async () => {
    const { context, page } = await openPage(browser, viewport, { timezoneId, baseURL: server.baseUrl });
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản định danh' }).click();
      await signInAtProvider(page, 'someone.else');
      await page.waitForURL('**/login?sso=unknown-user');
      const refusal = page.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('Tài khoản định danh của bạn chưa được liên kết với người dùng e-Cabinet');
      await saveScreenshot(page, `b-sso-refused-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
