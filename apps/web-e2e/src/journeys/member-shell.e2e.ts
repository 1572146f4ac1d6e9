import type { Browser } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

describe.each(JOURNEY_VIEWPORTS)('a member at %s size', (viewport) => {
  it('signs in to a Vietnamese shell, switches to English, and signs out', async () => {
    const { context, page } = await openPage(browser, viewport);
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await saveScreenshot(page, `a-login-${viewport}`);

      await signIn(page, 'member1');
      const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
      await nav.getByRole('link', { name: 'Tổng quan' }).waitFor();
      await page.getByRole('heading', { name: 'Xin chào, Lê Quang Huy' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      expect(await nav.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
      await page.locator('ec-live-status').getByText('Trực tuyến', { exact: true }).waitFor();
      expect(await page.title()).toBe('Tổng quan · e-Cabinet');
      await saveScreenshot(page, `a-member-home-vi-${viewport}`);

      // A reload keeps the session: the access token lives in memory only, the refresh cookie restores it.
      await page.reload();
      await page.getByRole('heading', { name: 'Xin chào, Lê Quang Huy' }).waitFor();

      await page.getByRole('radio', { name: 'English (EN)' }).click();
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).waitFor();
      await page.getByRole('heading', { name: 'Hello, Lê Quang Huy' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.locator('ec-live-status').getByText('Online', { exact: true }).waitFor();
      await saveScreenshot(page, `a-member-home-en-${viewport}`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    } finally {
      await context.close();
    }
  });
});

it('fits a 10-inch tablet in portrait, with the navigation behind the menu button', async () => {
  const { context, page } = await openPage(browser, 'tabletPortrait');
  try {
    await signIn(page, 'chair');
    await page.getByRole('heading', { name: 'Xin chào, Nguyễn Văn Minh' }).waitFor();
    await saveScreenshot(page, 'a-chair-home-vi-tablet-portrait');
    await page.getByRole('button', { name: 'Mở menu điều hướng' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await page.getByRole('heading', { name: 'Phiên họp', level: 1 }).waitFor();
    await page.locator('li.ec-meeting').first().waitFor();
    await saveScreenshot(page, 'a-chair-meetings-vi-tablet-portrait');
  } finally {
    await context.close();
  }
});

it("shows meeting times in Hanoi time on a device set to UTC, and says so", async () => {
  const { context, page } = await openPage(browser, 'desktop', { timezoneId: 'UTC' });
  try {
    await signIn(page, 'member1');
    // The demo's upcoming meeting runs 08:00–17:00 in Hanoi (01:00–10:00 UTC).
    const meetings = page.getByTestId('home-meetings');
    await meetings.getByText('Phiên họp Chính phủ thường kỳ tháng 11 năm 2026').waitFor();
    await meetings.getByText(/08:00–17:00 \(giờ Hà Nội\)/).waitFor();
    expect(await meetings.getByText(/01:00–10:00/).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await page.locator('li.ec-meeting').first().getByText(/08:00–17:00 \(giờ Hà Nội\)/).waitFor();
    await saveScreenshot(page, 'a-member-meetings-utc-device-desktop');
  } finally {
    await context.close();
  }
});

it('lets a member start two-step verification from My account', async () => {
  const { context, page } = await openPage(browser, 'desktop');
  try {
    await signIn(page, 'member3');
    await page.getByRole('link', { name: 'Tài khoản của tôi: Đặng Văn Đức' }).click();
    await page.getByRole('heading', { name: 'Tài khoản của tôi', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    const url = page.getByTestId('otpauth-url');
    await url.waitFor();
    expect(await url.textContent()).toMatch(/^otpauth:\/\/totp\//);
    expect((await page.getByTestId('totp-secret').textContent())?.trim()).toMatch(/^[A-Z2-7]{16,}$/);
    await saveScreenshot(page, 'a-member-account-totp-desktop');
  } finally {
    await context.close();
  }
});
