import type { Browser } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

describe.each(JOURNEY_VIEWPORTS)('the administrator at %s size', (viewport) => {
  it('creates a user, then disables it after confirming', async () => {
    const username = `e2e.${viewport}.${Date.now().toString(36)}`;
    const fullName = `Nguyễn Thị Kiểm Thử ${viewport === 'desktop' ? 'Một' : 'Hai'}`;
    const { context, page } = await openPage(browser, viewport);
    try {
      await signIn(page, 'admin');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
      await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
      await page.locator('tr[data-username="member1"]').waitFor();
      await saveScreenshot(page, `c-users-${viewport}`);

      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
      await dialog.getByLabel('Tên đăng nhập').fill(username);
      await dialog.getByLabel('Họ và tên').fill(fullName);
      await dialog.getByLabel('Chức vụ').fill('Chuyên viên Vụ Tổng hợp');
      await dialog.getByLabel('Mật khẩu ban đầu').fill('mat-khau-kiem-thu-2025');
      await dialog.getByRole('checkbox', { name: 'Thành viên Chính phủ' }).check();
      await saveScreenshot(page, `c-create-user-${viewport}`);
      await dialog.getByRole('button', { name: 'Tạo' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`Đã tạo người dùng ${fullName}.`).waitFor();

      await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập').fill(username);
      const row = page.locator(`tr[data-username="${username}"]`);
      await row.waitFor();
      await page.locator('tr[data-username="member1"]').waitFor({ state: 'detached' });
      expect(await row.getByTestId('user-status').textContent()).toContain('Đang hoạt động');

      await row.getByRole('button', { name: `Khóa tài khoản ${fullName}` }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Khóa tài khoản?' });
      await confirm.getByText(`${fullName} sẽ không thể đăng nhập`).waitFor();
      // Focus starts on the harmless choice.
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Hủy');
      await saveScreenshot(page, `c-confirm-disable-${viewport}`);
      await confirm.getByRole('button', { name: 'Khóa tài khoản' }).click();

      await row.getByTestId('user-status').getByText('Đã khóa').waitFor();
      await row.getByRole('button', { name: `Mở khóa tài khoản ${fullName}` }).waitFor();
      await saveScreenshot(page, `c-user-disabled-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
