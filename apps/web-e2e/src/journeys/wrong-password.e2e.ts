import type { Browser } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

describe.each(JOURNEY_VIEWPORTS)('a wrong password at %s size', (viewport) => {
  it('gets the clear Vietnamese message and stays on the login page', async () => {
    const { context, page } = await openPage(browser, viewport);
    try {
      await page.goto('/login');
      await page.getByLabel('Tên đăng nhập').fill('member2');
      await page.getByLabel('Mật khẩu', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect((await alert.textContent())?.trim()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(page.url()).toMatch(/\/login$/);
      expect(await page.getByLabel('Mật khẩu', { exact: true }).inputValue()).toBe('');
      await saveScreenshot(page, `b-wrong-password-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
