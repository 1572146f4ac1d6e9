import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, serviceWorkerKeepsShell, signIn } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/**
 * The member's tablet installs e-Cabinet as an app (issue #14, first part): a manifest and a
 * service worker Chromium accepts as installable, which keeps the shell so that the app opens
 * with the network off and says so. (Signed-in data offline, stored papers and sync come next.)
 */
it('installs on a tablet and opens with the network off, saying it is offline', async () => {
  const { context, page } = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris' });
  try {
    await signIn(page, 'member1');
    // The service worker takes the page and keeps the shell.
    await serviceWorkerKeepsShell(page);

    // Chromium's own installability check: a manifest with proper icons, served over a secure origin, with a service worker.
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; url: string };
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // A test browser profile is off the record, which Chromium names as the only obstacle.
    expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

    // The network goes: the app still opens, from the device, and says it is offline.
    await context.setOffline(true);
    await page.reload();
    await page.getByText('e-Cabinet', { exact: true }).first().waitFor();
    // The page says so, and that the password last used here still opens what the device keeps.
    await page.getByTestId('login-offline').getByText('Không có kết nối mạng. Bạn vẫn đăng nhập được bằng mật khẩu đã dùng lần gần nhất trên thiết bị này').waitFor();
    await saveScreenshot(page, 'o-offline-shell-tablet');
    await context.setOffline(false);
  } finally {
    await context.close();
  }
}, 180_000);
