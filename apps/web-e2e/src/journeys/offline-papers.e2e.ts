import type { Browser, Page } from 'playwright-core';
import { VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { startFreshServer, type FreshServer } from '../support/fresh-server';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const REPORT = 'Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026';
const LAW = 'Tờ trình dự án Luật sửa đổi, bổ sung một số điều của Luật Ngân sách nhà nước';
const CONFIDENTIAL = 'Phương án điều chỉnh giá bán lẻ điện bình quân (tài liệu mật)';
/** Copies stay readable 36 s without reaching the server, so that the journey sees one expire. */
const OFFLINE_COPY_HOURS = '0.01';

let browser: Browser;
let server: FreshServer;
beforeAll(async () => {
  browser = await launchBrowser();
  // The demo papers too: they are what the tablet keeps.
  server = await startFreshServer({ env: { OFFLINE_COPY_HOURS, SEED_DEMO_PAPERS: 'true' } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the device holds, read from IndexedDB as the app wrote it: the copies' first bytes, whether their text shows, and whether the key can be read out. */
async function deviceHolds(page: Page): Promise<{ copies: number; texts: number; plainPdf: boolean; plainText: boolean; keyExtractable: boolean[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('ecabinet-offline-papers');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['contents', 'secrets'], 'readonly');
          const contents = tx.objectStore('contents').getAll();
          const keys = tx.objectStore('contents').getAllKeys();
          const secrets = tx.objectStore('secrets').getAll();
          tx.oncomplete = () => {
            open.result.close();
            const sealed = contents.result as { data: ArrayBuffer }[];
            // Beside each copy, its pages' text for search offline (`…#text`) and the member's notes (`…#notes`), sealed the same way.
            const copies = sealed.filter((_, index) => !String(keys.result[index]).includes('#'));
            resolve({
              copies: copies.length,
              texts: keys.result.filter((key) => String(key).endsWith('#text')).length,
              plainPdf: copies.some((content) => new TextDecoder().decode(content.data.slice(0, 5)) === '%PDF-'),
              plainText: sealed.some((content) => new TextDecoder().decode(content.data).includes('giải ngân')),
              keyExtractable: (secrets.result as { key: CryptoKey }[]).map((secret) => secret.key.extractable),
            });
          };
        };
      }),
  );
}

it('a member’s tablet keeps the papers of the coming meeting encrypted, reads and annotates one without the network, deletes them once offline too long, and sends the note when the network returns', async () => {
  const tablet = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris', baseURL: server.baseUrl });
  try {
    // Signed in, the tablet stores the coming meeting's papers by itself: never the confidential one.
    await signIn(tablet.page, 'member1');
    await tablet.page.getByRole('link', { name: 'Tài khoản' }).first().click();
    const panel = tablet.page.getByTestId('offline-papers');
    await panel.locator('[data-testid="offline-entry"]').nth(1).waitFor({ timeout: 60_000 });
    expect(await panel.getByTestId('offline-entry').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(REPORT), expect.stringContaining(LAW)]));
    expect(await panel.getByText(CONFIDENTIAL).count()).toBe(0);
    await panel.getByTestId('offline-used').getByText(/cho 2 tài liệu/).waitFor();
    await panel.getByTestId('offline-auto').locator('input:checked').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(tablet.page, 'x-offline-papers-tablet');
    await tablet.page.setViewportSize(VIEWPORTS.desktop);
    await saveScreenshot(tablet.page, 'x-offline-papers-desktop');
    await tablet.page.setViewportSize(VIEWPORTS.tablet);
    // Encrypted under a key that cannot be read out; each copy's text (read just after it is stored) sealed beside it.
    let held = await deviceHolds(tablet.page);
    for (let waited = 0; held.texts < 2 && waited < 30_000; waited += 500) {
      await tablet.page.waitForTimeout(500);
      held = await deviceHolds(tablet.page);
    }
    expect(held).toEqual({ copies: 2, texts: 2, plainPdf: false, plainText: false, keyExtractable: [false] });

    // In the reader the member pins one by hand; the confidential one offers nothing to keep.
    await tablet.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await tablet.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
    await tablet.page.locator('ec-paper-list li', { hasText: CONFIDENTIAL }).getByRole('link').click();
    await tablet.page.getByTestId('reader-title').getByText(CONFIDENTIAL).waitFor();
    expect(await tablet.page.getByTestId('reader-keep-offline').count()).toBe(0);
    await tablet.page.getByRole('link', { name: 'Về phiên họp' }).click();
    await tablet.page.locator('ec-paper-list li', { hasText: REPORT }).getByRole('link').click();
    await tablet.page.getByTestId('reader-title').getByText(REPORT).waitFor();
    await tablet.page.getByRole('button', { name: 'Lưu để đọc ngoại tuyến' }).click();
    await tablet.page.getByRole('button', { name: 'Đã lưu trên thiết bị' }).waitFor();
    // Two notes written at the office, stored on the server: one he will change on the plane, one he will delete.
    for (const text of ['Đề nghị làm rõ tiến độ', 'Ghi chú nháp cần bỏ']) {
      await tablet.page.getByTestId('note-input').fill(text);
      await tablet.page.getByTestId('save-note').click();
      await tablet.page.getByTestId('note-entry').filter({ hasText: text }).waitFor();
    }

    // The network goes. The pages seen before show what they showed (the meetings, the room), and
    // the kept copy opens from the device.
    await tablet.context.setOffline(true);
    await tablet.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await tablet.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
    await tablet.page.getByTestId('room-agenda').waitFor();
    await tablet.page.locator('ec-paper-list li', { hasText: REPORT }).getByRole('link').click();
    await tablet.page.getByTestId('reader-stored-copy').getByText(/bạn đang đọc bản lưu trên thiết bị \(phiên bản 1, lưu lúc/).waitFor();
    await tablet.page.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor();
    await tablet.page.getByTestId('reader-title').getByText(REPORT).waitFor();
    // A note on the kept copy waits on the device; the connection chip counts it.
    await tablet.page.getByTestId('note-input').fill('Hỏi Bộ Tài chính về số liệu giải ngân');
    await tablet.page.getByTestId('save-note').click();
    await tablet.page.getByText('Đã lưu trên thiết bị; sẽ được gửi khi có kết nối.').waitFor();
    await tablet.page.getByTestId('note-entry').filter({ hasText: 'Hỏi Bộ Tài chính về số liệu giải ngân' }).getByTestId('note-queued').waitFor();
    await tablet.page.locator('ec-live-status ec-status-chip[data-pending="1"]').waitFor();
    // A stored note changed and another deleted, offline: both wait on the device too.
    const toChange = tablet.page.getByTestId('note-entry').filter({ hasText: 'Đề nghị làm rõ tiến độ' });
    await toChange.getByRole('button', { name: 'Chỉnh sửa' }).click();
    // Being edited, the entry holds the text in its field (the one field among the entries).
    const editing = tablet.page.getByTestId('note-entry').filter({ has: tablet.page.getByRole('textbox') });
    await editing.getByRole('textbox').fill('Đề nghị làm rõ tiến độ giải ngân quý IV');
    await editing.getByRole('button', { name: 'Lưu', exact: true }).click();
    await tablet.page.getByTestId('note-entry').filter({ hasText: 'Đề nghị làm rõ tiến độ giải ngân quý IV' }).getByTestId('note-queued').waitFor();
    await tablet.page.getByTestId('note-entry').filter({ hasText: 'Ghi chú nháp cần bỏ' }).getByTestId('delete-note').click();
    const confirm = tablet.page.getByRole('alertdialog', { name: 'Xóa ghi chú này?' });
    await confirm.getByRole('button', { name: 'Xóa', exact: true }).click();
    await tablet.page.getByText('Đã xóa trên thiết bị; việc xóa sẽ được gửi khi có kết nối.').waitFor();
    expect(await tablet.page.getByTestId('note-entry').filter({ hasText: 'Ghi chú nháp cần bỏ' }).count()).toBe(0);
    await tablet.page.locator('ec-live-status ec-status-chip[data-pending="3"]').waitFor();
    await saveScreenshot(tablet.page, 'x-offline-reader-tablet');

    // Still offline past OFFLINE_COPY_HOURS: the copies and the key are deleted, not hidden.
    await tablet.page.getByRole('link', { name: 'Tài khoản' }).first().click();
    await panel.getByTestId('offline-empty').waitFor({ timeout: 90_000 });
    expect(await deviceHolds(tablet.page)).toEqual({ copies: 0, texts: 0, plainPdf: false, plainText: false, keyExtractable: [] });

    // The network returns: the note is sent, and the reader shows it stored on the server.
    await tablet.context.setOffline(false);
    await tablet.page.locator('ec-live-status ec-status-chip[data-pending="0"]').waitFor({ timeout: 30_000 });
    await tablet.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await tablet.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
    await tablet.page.locator('ec-paper-list li', { hasText: REPORT }).getByRole('link').click();
    const note = tablet.page.getByTestId('note-entry').filter({ hasText: 'Hỏi Bộ Tài chính về số liệu giải ngân' });
    await note.waitFor();
    expect(await note.getByTestId('note-queued').count()).toBe(0);
    expect(await tablet.page.getByTestId('reader-stored-copy').count()).toBe(0);
    // The change and the deletion made offline reached the server too.
    const changed = tablet.page.getByTestId('note-entry').filter({ hasText: 'Đề nghị làm rõ tiến độ giải ngân quý IV' });
    await changed.waitFor();
    expect(await changed.getByTestId('note-queued').count()).toBe(0);
    expect(await tablet.page.getByTestId('note-entry').filter({ hasText: 'Ghi chú nháp cần bỏ' }).count()).toBe(0);
    expect(await tablet.page.getByTestId('note-entry').count()).toBe(2);
  } finally {
    await tablet.context.close();
  }
}, 300_000);
