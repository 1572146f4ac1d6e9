import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/** Waits until the service worker keeps the app shell (index.html, the scripts, styles and icons: more than `files`). */
async function shellKept(page: Page, files: number): Promise<void> {
  await page.waitForFunction(
    async (least) => {
      let count = 0;
      for (const name of await caches.keys()) if (name.includes(':assets:shell:')) count += (await (await caches.open(name)).keys()).length;
      return count > least;
    },
    files,
    { timeout: 60_000, polling: 1_000 },
  );
}

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
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', undefined, { timeout: 60_000 });
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.locator('ec-shell-layout').waitFor();
    await shellKept(page, 10);

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
    // Signing in again needs the server: the page says why it cannot yet.
    await page.getByTestId('login-offline').getByText('Không có kết nối mạng. Ứng dụng đang mở từ thiết bị').waitFor();
    await saveScreenshot(page, 'o-offline-shell-tablet');
    await context.setOffline(false);
  } finally {
    await context.close();
  }
}, 180_000);
