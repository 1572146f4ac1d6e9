import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

const MEMBER = 'Phạm Thị Lan';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/**
 * What a member's tablet keeps between visits: a signing key in IndexedDB (the database the
 * app's key vault uses) and a report being written (session storage), written where the app
 * writes them; the journey then checks the wipe removed both.
 */
async function keepSomething(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('ecabinet-device-keys', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('keys');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('keys', 'readwrite');
        tx.objectStore('keys').put({ fingerprint: 'ab'.repeat(32), keyId: null }, 'member2');
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    });
    sessionStorage.setItem('ecabinet.task-report.t-1', JSON.stringify({ text: 'Báo cáo tiến độ đang viết dở', files: [] }));
  });
}

async function kept(page: Page): Promise<{ databases: string[]; drafts: number }> {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((database) => database.name ?? ''),
    drafts: sessionStorage.length,
  }));
}

/** The id of the device this page runs on, as its owner's account page shows it. */
async function thisDevice(page: Page): Promise<string> {
  await page.goto('/account');
  const row = page.getByTestId('account-devices').locator('li[data-device]', { hasText: 'Thiết bị này' });
  await row.waitFor();
  return (await row.getAttribute('data-device')) ?? '';
}

async function openDevices(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
  await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập').fill('member2');
  await page.getByRole('button', { name: `Thiết bị của ${MEMBER}` }).click();
}

it('a lost tablet and a phone are wiped, by the administrator and from the account page, when they come back online', async () => {
  const tablet = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris' });
  const phone = await openPage(browser, 'tabletPortrait', { timezoneId: 'Asia/Ho_Chi_Minh' });
  const desk = await openPage(browser, 'desktop');
  const admin = await openPage(browser, 'desktop');
  try {
    // The member uses the app on his tablet and his phone; both keep things.
    await signIn(tablet.page, 'member2');
    await keepSomething(tablet.page);
    const tabletId = await thisDevice(tablet.page);
    await saveScreenshot(tablet.page, 'w-account-devices-tablet');
    await signIn(phone.page, 'member2');
    await keepSomething(phone.page);
    const phoneId = await thisDevice(phone.page);
    expect((await kept(tablet.page)).databases).toContain('ecabinet-device-keys');

    // The tablet is lost: the app is closed, what it keeps stays on it.
    await tablet.page.close();

    // The administrator wipes it from the users page, after confirming.
    await signIn(admin.page, 'admin');
    await openDevices(admin.page);
    const dialog = admin.page.getByRole('dialog', { name: `Thiết bị của ${MEMBER}` });
    const tabletRow = dialog.locator(`li[data-device="${tabletId}"][data-state="active"]`);
    await tabletRow.getByText('Chrome · Linux').waitFor();
    await tabletRow.getByRole('button', { name: /^Xoá dữ liệu trên thiết bị/ }).click();
    const confirm = admin.page.getByRole('alertdialog', { name: 'Xoá dữ liệu trên thiết bị này?' });
    await confirm.getByText('sẽ bị đăng xuất ngay').waitFor();
    await saveScreenshot(admin.page, 'w-wipe-confirm-desktop');
    await confirm.getByRole('button', { name: 'Xoá dữ liệu' }).click();
    await dialog.locator(`li[data-device="${tabletId}"][data-state="wipe-pending"]`).getByText('Chờ xoá dữ liệu').waitFor();
    await dialog.getByTestId('wipe-done').waitFor();
    await saveScreenshot(admin.page, 'w-wipe-pending-desktop');
    await dialog.getByRole('button', { name: 'Đóng' }).click();

    // Someone opens the app on the tablet: before it shows anything, what it kept is gone, and it says so.
    const found = await tablet.context.newPage();
    await found.goto('/');
    await found.getByTestId('login-wiped').getByText('Thiết bị này đã bị thu hồi').waitFor();
    expect((await kept(found)).databases).toEqual([]);
    await saveScreenshot(found, 'w-wiped-login-tablet');

    // The administrator sees it was done.
    await admin.page.getByRole('button', { name: `Thiết bị của ${MEMBER}` }).click();
    await admin.page.getByRole('dialog', { name: `Thiết bị của ${MEMBER}` }).locator(`li[data-device="${tabletId}"][data-state="wiped"]`).getByText('Đã xoá dữ liệu').waitFor();

    // The member, at his desk, wipes his phone from his own account page.
    await signIn(desk.page, 'member2');
    await desk.page.goto('/account');
    const mine = desk.page.getByTestId('account-devices');
    await mine.getByText('Thiết bị này').waitFor();
    await mine.locator(`li[data-device="${tabletId}"]`).getByText('Đã xoá dữ liệu').waitFor();
    await mine.locator(`li[data-device="${phoneId}"]`).getByRole('button', { name: /^Xoá dữ liệu/ }).click();
    await desk.page.getByRole('alertdialog', { name: 'Xoá dữ liệu trên thiết bị này?' }).getByRole('button', { name: 'Xoá dữ liệu' }).click();
    await mine.getByText(/Đã yêu cầu xoá dữ liệu trên thiết bị/).waitFor();
    await saveScreenshot(desk.page, 'w-account-devices-desktop');
    // His own session goes on.
    await mine.getByText('Thiết bị này').waitFor();

    // The phone, still open, is told at once (live), wipes and shows the login page.
    await phone.page.getByTestId('login-wiped').waitFor({ timeout: 20_000 });
    expect((await kept(phone.page)).databases).toEqual([]);
    expect((await kept(phone.page)).drafts).toBe(0);
    await saveScreenshot(phone.page, 'w-wiped-login-phone');
  } finally {
    await Promise.all([tablet, phone, desk, admin].map(({ context }) => context.close()));
  }
}, 240_000);
