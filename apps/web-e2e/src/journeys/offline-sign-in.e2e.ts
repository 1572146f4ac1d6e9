import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, VIEWPORTS, launchBrowser, openPage, saveScreenshot, serviceWorkerKeepsShell, signIn } from '../support/browser';
import { startFreshServer, type FreshServer } from '../support/fresh-server';

const REPORT = 'Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026';
const LAW = 'Tờ trình dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước';
const CONFIDENTIAL = 'Phương án điều chỉnh giá bán lẻ điện bình quân (tài liệu mật)';

let browser: Browser;
let server: FreshServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startFreshServer({ env: { SEED_DEMO_PAPERS: 'true' } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

async function typeCredentials(page: Page, password: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill('member1');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/**
 * The cold start on a plane (#14): the installed app opens with no network, the member signs in
 * with the password he last used on this tablet, and searches and reads the papers it keeps; when
 * the network returns the session is the server's again.
 */
it('opens cold without the network: the password last used on the tablet opens the kept papers, search finds "giai ngan" in them, the server takes over when the network returns, and a logout made offline reaches it', async () => {
  const { context, page } = await openPage(browser, 'tablet', { baseURL: server.baseUrl });
  try {
    // Signed in once with the network: the tablet keeps the shell and the coming meeting's papers.
    await signIn(page, 'member1');
    await serviceWorkerKeepsShell(page);
    await nav(page).getByRole('link', { name: 'Tài liệu trên thiết bị' }).click();
    const kept = page.getByTestId('offline-entry');
    await kept.nth(1).waitFor({ timeout: 60_000 });
    expect(await kept.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(REPORT), expect.stringContaining(LAW)]));
    expect(await page.getByTestId('device-only').count()).toBe(0);
    // A note written on the report at the office, online.
    await kept.filter({ hasText: REPORT }).getByRole('link', { name: REPORT }).click();
    await page.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor();
    await page.getByTestId('note-input').fill('Ghi chú trước chuyến bay');
    await page.getByTestId('save-note').click();
    await page.getByTestId('note-entry').filter({ hasText: 'Ghi chú trước chuyến bay' }).waitFor();
    expect(await page.getByTestId('note-queued').count()).toBe(0);

    // The network goes and the app is opened again from the device: the login page says what still works.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('login-offline').getByText(/mật khẩu đã dùng lần gần nhất trên thiết bị này/).waitFor();
    // A wrong password opens nothing, and says what repeated ones cost.
    await typeCredentials(page, 'not-the-password');
    await page.getByTestId('login-error').getByText(/mật khẩu không khớp với lần đăng nhập gần nhất trên thiết bị này\. Sau 5 lần sai liên tiếp/).waitFor();
    expect(page.url()).toMatch(/\/login/);
    await saveScreenshot(page, 'x-offline-sign-in-refused-tablet');
    await typeCredentials(page, DEMO_PASSWORD);

    // Signed in on the device alone: the kept papers, and what it means.
    await page.waitForURL(/\/offline$/);
    await page.getByTestId('device-only').getByText(/Bạn đang làm việc ngoại tuyến/).waitFor();
    await kept.nth(1).waitFor();
    await page.locator('ec-live-status ec-status-chip[data-state="offline"]').waitFor();
    await saveScreenshot(page, 'x-offline-signed-in-tablet');
    await page.setViewportSize(VIEWPORTS.desktop);
    await saveScreenshot(page, 'x-offline-signed-in-desktop');
    await page.setViewportSize(VIEWPORTS.tablet);

    // Search covers the kept papers, with or without marks; the confidential paper was never kept.
    await nav(page).getByRole('link', { name: 'Tìm kiếm' }).click();
    await page.getByTestId('search-input').fill('giai ngan');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByTestId('search-on-device').getByText('Không có kết nối: kết quả chỉ tìm trong 2 tài liệu lưu trên thiết bị này.').waitFor();
    const hits = page.locator('.ec-search__hit');
    await hits.first().waitFor();
    const texts = await hits.allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).toContain(REPORT);
      expect(text).not.toContain(CONFIDENTIAL);
    }
    expect(await hits.first().locator('mark').first().innerText()).toBe('giải ngân');
    await saveScreenshot(page, 'x-offline-search-tablet');

    // A hit opens the kept copy at its page, the words searched for in it.
    const firstPage = Number(/trang (\d+)/.exec(texts[0])?.[1]);
    await hits.first().getByRole('link').click();
    await page.getByTestId('reader-stored-copy').waitFor();
    await page.locator(`[data-testid="pdf-page"][data-page="${firstPage}"][aria-busy="false"]`).waitFor();
    expect(await page.locator('#ec-reader-search').inputValue()).toBe('giai ngan');
    // With the note written before the flight (on page 1), kept beside the copy.
    await page.locator('.ec-notes__jump', { hasText: 'Ghi chú trước chuyến bay' }).click();
    await page.getByTestId('note-entry').filter({ hasText: 'Ghi chú trước chuyến bay' }).waitFor();
    await saveScreenshot(page, 'x-offline-cold-reader-tablet');

    // The network returns: the session the cookie holds is the server's again, and the live connection opens.
    await context.setOffline(false);
    await page.locator('ec-live-status ec-status-chip[data-state="online"]').waitFor({ timeout: 30_000 });
    await nav(page).getByRole('link', { name: 'Tài liệu trên thiết bị' }).click();
    await kept.nth(1).waitFor();
    expect(await page.getByTestId('device-only').count()).toBe(0);
    await nav(page).getByRole('link', { name: 'Phiên họp' }).click();
    await page.getByRole('link', { name: /^Vào phòng họp:/ }).first().waitFor();

    // He signs out on the plane again: the server cannot hear it, so it is told before the cookie is
    // used again, and whoever opens the app next with the network finds the login page.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/login');
    await context.setOffline(false);
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
    expect(await page.locator('ec-shell-layout').count()).toBe(0);
  } finally {
    await context.close();
  }
}, 240_000);
