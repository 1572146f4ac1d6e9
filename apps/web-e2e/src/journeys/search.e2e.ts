import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const ITEM = 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026';
const PAPER = 'Báo cáo tiến độ giải ngân vốn ODA năm 2026';
/** Only in the demo's confidential paper, whose readers are the chair and member1 to member4. */
const CONFIDENTIAL = 'Phương án điều chỉnh giá bán lẻ điện bình quân (tài liệu mật)';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/** A paper as an office suite writes it: Vietnamese text in an embedded font with its Unicode map; the words on page 2. */
async function odaReport(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(readFileSync(resolve(__dirname, '../../../../libs/api/pdf/src/assets/fonts/NotoSans-Regular.ttf')), { subset: true });
  const pages = [
    ['BỘ TÀI CHÍNH', 'Báo cáo tình hình sử dụng vốn vay nước ngoài'],
    ['I. TÌNH HÌNH GIẢI NGÂN', 'Lũy kế 11 tháng, giải ngân vốn ODA đạt 61% kế hoạch được giao.', 'Một số dự án chậm do vướng mắc mặt bằng.'],
    ['II. KIẾN NGHỊ', 'Đề nghị các bộ, ngành đẩy nhanh tiến độ thực hiện.'],
  ];
  for (const lines of pages) {
    const page = document.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 24, size: 13, font }));
  }
  return Buffer.from(await document.save());
}

/** Searches from the top bar; the text of a new paper is read in the background, so a hit may need a moment. */
async function searchFor(page: Page, words: string, until: (page: Page) => Promise<boolean> = async () => true): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const box = page.getByTestId('topbar-search');
    await box.fill(words);
    await box.press('Enter');
    await page.getByTestId('search-summary').waitFor();
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === words);
    if ((await until(page)) || attempt >= 30) return;
    await page.waitForTimeout(1000);
    await page.goto('/');
  }
}

it('a member finds "giai ngan" in a paper\'s "giải ngân" and opens it at the page; nobody finds a paper he may not read', async () => {
  const secretary = await openPage(browser, 'desktop');
  const member = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris' });
  const outsider = await openPage(browser, 'desktop');
  try {
    // The secretariat adds a paper to an item of the demo meeting, from the console.
    await signIn(secretary.page, 'secretary');
    await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await secretary.page.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
    await secretary.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await secretary.page.getByRole('tab', { name: 'Tài liệu' }).click();
    const desk = secretary.page.getByTestId('papers-manager').locator('li.ec-papers-desk__item', { hasText: ITEM });
    await desk.getByLabel(/Tải lên tài liệu cho nội dung/).setInputFiles({ name: 'bao-cao-oda.pdf', mimeType: 'application/pdf', buffer: await odaReport() });
    await desk.getByRole('textbox', { name: 'Tên tài liệu' }).fill(PAPER);
    await desk.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await desk.locator('li.ec-papers-desk__paper', { hasText: PAPER }).waitFor();

    // A minister on his tablet (in Paris) types the words without their marks in the top bar.
    await signIn(member.page, 'member1');
    const paperHit = member.page.locator('li.ec-search__hit[data-kind="paper"]', { hasText: PAPER });
    await searchFor(member.page, 'giai ngan', async (page) => (await page.locator('li.ec-search__hit[data-kind="paper"]', { hasText: PAPER }).count()) > 0);
    await member.page.getByTestId('search-summary').getByText(/kết quả cho «giai ngan»/).waitFor();
    // The hit says where it is, and marks the words as they are written.
    await paperHit.getByText(`${MEETING}`).waitFor();
    await paperHit.getByText('· trang 2').waitFor();
    expect(await paperHit.locator('mark').allTextContents()).toEqual(['GIẢI', 'NGÂN', 'giải', 'ngân']);
    // Agenda items with the words are found too.
    await member.page.locator('li.ec-search__hit[data-kind="agenda-item"]').first().waitFor();
    await saveScreenshot(member.page, 's-search-results-tablet');

    // The hit opens the reader at its page, the words marked in the text.
    await paperHit.getByRole('link').click();
    await member.page.getByTestId('reader-title').getByText(PAPER).waitFor();
    await member.page.getByTestId('page-announcer').getByText('Trang 2 / 3').waitFor();
    await member.page.locator('[data-testid="pdf-page"][data-page="2"][aria-busy="false"]').waitFor();
    await member.page.locator('[data-testid="pdf-page"] .ec-match', { hasText: 'giải ngân' }).first().waitFor();
    await saveScreenshot(member.page, 's-search-reader-tablet');

    // A named reader of the confidential paper finds it by its text…
    await searchFor(member.page, 'nhien lieu');
    await member.page.locator('li.ec-search__hit[data-kind="paper"]', { hasText: CONFIDENTIAL }).waitFor();

    // …a member who is not one finds nothing of it, by its text or its title; the page says so plainly.
    await signIn(outsider.page, 'member5');
    await searchFor(outsider.page, 'nhien lieu');
    await outsider.page.getByText('Không tìm thấy kết quả nào cho «nhien lieu»').first().waitFor();
    expect(await outsider.page.locator('li.ec-search__hit').count()).toBe(0);
    await saveScreenshot(outsider.page, 's-search-nothing-desktop');
    await searchFor(outsider.page, 'tai lieu mat');
    expect(await outsider.page.locator('li.ec-search__hit[data-kind="paper"]', { hasText: CONFIDENTIAL }).count()).toBe(0);
    // The paper he may read is found for him too.
    await searchFor(outsider.page, 'giai ngan oda');
    await outsider.page.locator('li.ec-search__hit[data-kind="paper"]', { hasText: PAPER }).waitFor();
  } finally {
    await Promise.all([secretary, member, outsider].map(({ context }) => context.close()));
  }
}, 240_000);
