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

  it('adds an organisation with its head, puts a new user in it, and makes it inactive after confirming', async () => {
    const suffix = Date.now().toString(36).slice(-4).toUpperCase();
    const name = viewport === 'desktop' ? 'Ủy ban nhân dân thành phố Hà Nội' : 'Ủy ban nhân dân thành phố Hải Phòng';
    const symbol = `UBND-${viewport === 'desktop' ? 'HN' : 'HP'}${suffix}`;
    // Somewhere other than Hanoi: nothing here may depend on the browser's zone.
    const { context, page } = await openPage(browser, viewport, { timezoneId: 'America/New_York' });
    try {
      await signIn(page, 'admin');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
      await page.getByRole('tab', { name: 'Cơ quan, tổ chức' }).click();
      const list = page.getByTestId('organisations');
      await list.locator('tr[data-symbol="BTC"]').getByText('Lê Quang Huy').waitFor();

      await list.getByRole('button', { name: 'Thêm cơ quan' }).click();
      const dialog = page.getByRole('dialog', { name: 'Thêm cơ quan, tổ chức' });
      await dialog.getByLabel('Tên cơ quan').fill(name);
      await dialog.getByLabel('Tên viết gọn').fill(name.replace('Ủy ban nhân dân thành phố', 'UBND'));
      // Typed in lower case, kept in upper case; one already taken is refused in place.
      await dialog.getByLabel('Ký hiệu').fill('btc');
      await dialog.getByRole('combobox', { name: 'Thủ trưởng' }).click();
      await page.getByRole('option', { name: /Đặng Văn Đức/ }).click();
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.getByText('Ký hiệu này đã được dùng cho một cơ quan khác.').first().waitFor();
      await dialog.getByLabel('Ký hiệu').fill(symbol.toLowerCase());
      await saveScreenshot(page, `c-create-organisation-${viewport}`);
      await dialog.getByRole('button', { name: 'Lưu' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`Đã thêm ${name}.`).waitFor();
      const row = list.locator(`tr[data-symbol="${symbol}"]`);
      await row.getByText('Đặng Văn Đức').waitFor();
      expect(await row.textContent()).toContain('Đang hoạt động');

      // A new user joins it.
      await page.getByRole('tab', { name: 'Tài khoản' }).click();
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      const user = page.getByRole('dialog', { name: 'Thêm người dùng' });
      await user.getByLabel('Tên đăng nhập').fill(`ubnd.${viewport}.${suffix.toLowerCase()}`);
      await user.getByLabel('Họ và tên').fill('Trần Văn Thành Phố');
      await user.getByLabel('Mật khẩu ban đầu').fill('mat-khau-kiem-thu-2025');
      await user.getByRole('checkbox', { name: /Khách mời/ }).check();
      await user.getByRole('combobox', { name: 'Cơ quan' }).click();
      await page.getByRole('option', { name: `${name} (${symbol})` }).click();
      await user.getByRole('button', { name: 'Tạo' }).click();
      await user.waitFor({ state: 'detached' });

      await page.getByRole('tab', { name: 'Cơ quan, tổ chức' }).click();
      await list.locator(`tr[data-symbol="${symbol}"] td`).nth(2).getByText('1', { exact: true }).waitFor();
      await list.locator(`tr[data-symbol="${symbol}"]`).getByRole('button', { name: `Ngừng hoạt động ${name}` }).click();
      const confirm = page.getByRole('alertdialog', { name: `Ngừng hoạt động ${name}?` });
      await confirm.getByText('được giữ lại cùng 1 người dùng').waitFor();
      await confirm.getByRole('button', { name: 'Ngừng hoạt động' }).click();
      await list.locator(`tr[data-symbol="${symbol}"]`).getByText('Ngừng hoạt động', { exact: true }).waitFor();
      await saveScreenshot(page, `c-organisations-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
