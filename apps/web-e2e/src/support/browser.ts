import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Where the app under test runs (the API serves the web app on the same origin). */
export function baseUrl(): string {
  const url = process.env['E2E_BASE_URL'];
  if (!url) {
    throw new Error('Set E2E_BASE_URL (npm run e2e does it for you).');
  }
  return url.replace(/\/$/, '');
}

export const DEMO_PASSWORD = 'ecabinet-demo';

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  tablet: { width: 1280, height: 800 },
  tabletPortrait: { width: 800, height: 1280 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/** The sizes every journey runs at. */
export const JOURNEY_VIEWPORTS: readonly ViewportName[] = ['desktop', 'tablet'];

const SCREENSHOT_DIR = resolve(__dirname, '../../../../screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where the device's clock runs: Hanoi by default, another zone to prove times still show Hanoi time. */
export interface OpenPageOptions {
  readonly timezoneId?: string;
  /** A server of the journey's own (see fresh-server.ts) instead of E2E_BASE_URL. */
  readonly baseURL?: string;
}

/** A fresh browser profile (no cookies, no stored language) at the given size and device time zone. */
export async function openPage(browser: Browser, viewport: ViewportName, { timezoneId = 'Asia/Ho_Chi_Minh', baseURL }: OpenPageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseURL ?? baseUrl(),
    viewport: VIEWPORTS[viewport],
    locale: 'vi-VN',
    timezoneId,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the login page and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.locator('ec-shell-layout').waitFor();
}

/**
 * Waits until the service worker controls the page (reloading it once if it took over later) and
 * keeps the app shell: index.html, the scripts, styles and icons, more than `files` of them.
 */
export async function serviceWorkerKeepsShell(page: Page, files = 10): Promise<void> {
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', undefined, { timeout: 60_000 });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.locator('ec-shell-layout').waitFor();
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

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}
