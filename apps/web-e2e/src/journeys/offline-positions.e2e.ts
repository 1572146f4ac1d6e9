import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { startFreshServer, type FreshServer } from '../support/fresh-server';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const POWER = 'Phương án điều chỉnh giá bán lẻ điện bình quân';
const DECREE = 'Đề nghị xây dựng Nghị định quy định về phiên họp điện tử của Chính phủ';

let browser: Browser;
let server: FreshServer;
beforeAll(async () => {
  browser = await launchBrowser();
  // A demo government of its own: the positions marked here must not meet other journeys'.
  server = await startFreshServer({});
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
  await page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
  await page.getByTestId('room-agenda').waitFor();
  await page.locator('ec-meeting-live-indicator').getByText('Cập nhật trực tiếp').waitFor();
}

const chosen = (page: Page, item: string, position: string) => page.locator('ec-room-agenda-item', { hasText: item }).locator(`[data-position="${position}"].mat-button-toggle-checked`);

it('positions marked on a tablet without a signal are kept, sent when the network returns, and one changed meanwhile on the phone is shown, not overwritten', async () => {
  const tablet = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris', baseURL: server.baseUrl });
  const phone = await openPage(browser, 'desktop', { baseURL: server.baseUrl });
  try {
    await signIn(tablet.page, 'member1');
    await openRoom(tablet.page);
    await signIn(phone.page, 'member1');
    await openRoom(phone.page);

    // The tablet loses the network; the member marks two positions on it.
    await tablet.context.setOffline(true);
    await tablet.page.locator('ec-room-agenda-item', { hasText: POWER }).locator('[data-position="objection"] button').click();
    await tablet.page.getByText('Đã lưu trên thiết bị: Phản đối. Ý kiến sẽ được gửi khi có kết nối.').waitFor();
    await tablet.page.locator('ec-room-agenda-item', { hasText: DECREE }).locator('[data-position="wish_to_speak"] button').click();
    await tablet.page.locator('ec-live-status ec-status-chip[data-pending="2"]').waitFor();
    await chosen(tablet.page, POWER, 'objection').waitFor();
    await saveScreenshot(tablet.page, 'q-offline-positions-tablet');

    // Meanwhile, on his phone, he says he has no objection to the decree.
    await phone.page.locator('ec-room-agenda-item', { hasText: DECREE }).locator('[data-position="no_objection"] button').click();
    await phone.page.getByText('Đã ghi nhận ý kiến: Không phản đối.').waitFor();

    // The network returns: the first is sent; the second is shown as changed elsewhere, and the phone's choice stands.
    await tablet.context.setOffline(false);
    const outcome = tablet.page.getByTestId('change-outcome');
    await outcome.getByText(`Ý kiến của đồng chí về “${DECREE}” đã được thay đổi trên thiết bị khác (Không phản đối); thay đổi “Đề nghị phát biểu” làm khi mất kết nối không được áp dụng.`).waitFor({ timeout: 30_000 });
    await tablet.page.locator('ec-live-status ec-status-chip[data-pending="0"]').waitFor();
    await chosen(tablet.page, DECREE, 'no_objection').waitFor();
    await outcome.scrollIntoViewIfNeeded();
    await saveScreenshot(tablet.page, 'q-offline-conflict-tablet');

    // On the server: the phone, reloaded, shows the tablet's objection and its own choice.
    await phone.page.reload();
    await phone.page.getByTestId('room-agenda').waitFor();
    await chosen(phone.page, POWER, 'objection').waitFor();
    await chosen(phone.page, DECREE, 'no_objection').waitFor();
    await outcome.getByRole('button', { name: 'Đóng' }).click();
    await tablet.page.getByTestId('change-outcome').waitFor({ state: 'detached' });
  } finally {
    await tablet.context.close();
    await phone.context.close();
  }
}, 240_000);
