import type { Browser } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

describe.each(JOURNEY_VIEWPORTS)('the administrator at %s size', (viewport) => {
  it('reads the sign-ins in the audit log and verifies the chain', async () => {
    const { context, page } = await openPage(browser, viewport);
    try {
      await signIn(page, 'admin');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký hệ thống' }).click();
      await page.getByRole('heading', { name: 'Nhật ký hệ thống', level: 1 }).waitFor();

      const signIns = page.locator('tr[data-seq]', { has: page.locator('[data-action="auth.login.succeeded"]') });
      await signIns.first().waitFor();
      expect(await signIns.first().textContent()).toContain('Đăng nhập thành công');
      expect(await signIns.first().textContent()).toContain('admin');

      await page.getByRole('combobox', { name: 'Hành động' }).click();
      await page.getByRole('option', { name: 'Đăng nhập thành công' }).click();
      await page.getByRole('button', { name: 'Lọc', exact: true }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('tr[data-seq] [data-action]')].every(
          (cell) => cell.getAttribute('data-action') === 'auth.login.succeeded',
        ),
      );
      const firstSeq = await signIns.first().getAttribute('data-seq');
      await signIns.first().getByRole('button', { name: `Xem chi tiết mục ${firstSeq}` }).click();
      await page.locator(`#ec-audit-detail-${firstSeq}`).getByText('Mã băm', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('Chuỗi nhật ký toàn vẹn');
      await saveScreenshot(page, `d-audit-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
