import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const ITEM = 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026';
const PAPER = 'Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026';
const CONFIDENTIAL = 'Phương án điều chỉnh giá bán lẻ điện bình quân (tài liệu mật)';
const NOTE = 'Cần làm rõ số liệu giải ngân của Bộ Giao thông vận tải.';

let browser: Browser;
/** The trace code printed on the copy member1 opened (from the response header). */
let memberTraceCode: string | null = null;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/** A short second version of the paper: two pages (the first version has four). */
async function twoPagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of ['Revised report, page one', 'Revised report, page two']) {
    document.addPage([595, 842]).drawText(text, { x: 60, y: 760, size: 16, font });
  }
  return Buffer.from(await document.save());
}

/** A long paper of `pages` pages, each with a line of text and an incompressible image of about 100 KB. */
async function largePdf(pages: number): Promise<Buffer> {
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  const side = 185;
  let x = 1;
  for (let number = 1; number <= pages; number++) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(`Phu luc so lieu - trang ${number} / ${pages}`, { x: 60, y: 780, size: 14, font });
    const noise = Buffer.alloc(side * side * 3);
    for (let i = 0; i < noise.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      noise[i] = x & 0xff;
    }
    const image = document.context.register(document.context.stream(noise, { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }));
    page.node.setXObject(PDFName.of('Im0'), image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(400, 0, 0, 400, 97, 300), drawObject('Im0'), popGraphicsState());
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
  await page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
  await page.getByTestId('room-agenda').waitFor();
}

/** The page on screen is drawn (canvas and text layer). */
async function pageDrawn(page: Page, number: number): Promise<void> {
  await page.locator(`[data-testid="pdf-page"][data-page="${number}"][aria-busy="false"]`).waitFor();
}

it('a member reads a paper, keeps private notes and highlights; another member sees none; a new version carries them over', async () => {
  const member = await openPage(browser, 'tablet');
  const other = await openPage(browser, 'desktop');
  const secretary = await openPage(browser, 'desktop');
  try {
    // The member finds the papers under their agenda item, unread.
    await signIn(member.page, 'member1');
    await openRoom(member.page);
    const paperRow = member.page.locator('ec-paper-list li', { hasText: PAPER });
    await paperRow.locator('[data-read-state="unread"]').waitFor();
    // A confidential paper the member is named on: marked, and read in the app only.
    const secret = member.page.locator('ec-paper-list li', { hasText: CONFIDENTIAL });
    await secret.getByText('Mật', { exact: true }).waitFor();
    expect(await secret.getByRole('button', { name: /Tải xuống/ }).count()).toBe(0);
    await paperRow.scrollIntoViewIfNeeded();
    await saveScreenshot(member.page, 'p-room-papers-tablet');

    // The reader: the member's own watermarked copy, page by page.
    // The copy opens with its first part (a new trace code); later parts name that code.
    const copy = member.page.waitForResponse((response) => /\/papers\/[^/]+\/view/.test(response.url()) && !response.url().includes('trace=') && response.status() === 206);
    await paperRow.getByRole('link', { name: `Đọc tài liệu: ${PAPER}` }).click();
    memberTraceCode = (await copy).headers()['x-trace-code'] ?? null;
    await member.page.getByTestId('reader-title').getByText(PAPER).waitFor();
    await pageDrawn(member.page, 1);
    expect(await member.page.locator('.ec-reader__page-total').textContent()).toContain('4');
    await member.page.getByRole('button', { name: 'Trang sau' }).click();
    await pageDrawn(member.page, 2);
    await member.page.getByTestId('page-announcer').getByText('Trang 2 / 4').waitFor();

    // A highlight on page 2: drag across the page. Turning the mode on must not move the page
    // (its hint used to push the page down, so a drag aimed at the page landed elsewhere).
    const pageTop = async () => (await member.page.getByTestId('reader-viewport').boundingBox())?.y;
    const topBefore = await pageTop();
    await member.page.getByTestId('highlight-mode').click();
    await member.page.getByTestId('highlight-hint').waitFor();
    expect(await pageTop()).toBe(topBefore);
    const surface = member.page.getByTestId('highlight-surface');
    const box = await surface.boundingBox();
    if (!box) throw new Error('the highlight surface is not visible');
    await member.page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.15);
    await member.page.mouse.down();
    await member.page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.25, { steps: 8 });
    await member.page.mouse.up();
    await member.page.getByText('Đã đánh dấu vùng trên trang 2.').waitFor();
    await member.page.getByTestId('highlight-mark').first().waitFor();
    await member.page.keyboard.press('Escape');

    // Search without diacritics finds "giải ngân" and goes to the first page that has it.
    await member.page.getByTestId('search-input').fill('giai ngan');
    await member.page.getByTestId('search-input').press('Enter');
    await member.page.getByTestId('search-results').getByText(/kết quả trên 2 trang/).waitFor();
    await pageDrawn(member.page, 3);
    await member.page.locator('.textLayer .ec-match').first().waitFor();

    // A private note on page 3.
    await member.page.getByTestId('note-input').fill(NOTE);
    await member.page.getByTestId('save-note').click();
    await member.page.getByText('Đã lưu ghi chú.').waitFor();
    await member.page.getByTestId('note-text').getByText(NOTE).waitFor();
    await saveScreenshot(member.page, 'p-reader-tablet');

    // Stored on the server: still there after a reload.
    await member.page.reload();
    await pageDrawn(member.page, 1);
    await member.page.getByRole('button', { name: 'Đến trang 3' }).waitFor();
    await member.page.getByTestId('page-input').fill('2');
    await member.page.getByTestId('page-input').press('Enter');
    await pageDrawn(member.page, 2);
    await member.page.getByTestId('highlight-mark').first().waitFor();

    // Another member opens the same paper: none of the first member's notes or highlights.
    await signIn(other.page, 'member2');
    await openRoom(other.page);
    await other.page.locator('ec-paper-list li', { hasText: PAPER }).getByRole('link').click();
    await pageDrawn(other.page, 1);
    await other.page.getByTestId('page-input').fill('3');
    await other.page.getByTestId('page-input').press('Enter');
    await pageDrawn(other.page, 3);
    await other.page.getByText('Chưa có ghi chú hay đánh dấu nào trên trang này.').waitFor();
    expect(await other.page.getByText(NOTE).count()).toBe(0);
    await other.page.getByTestId('page-input').fill('2');
    await other.page.getByTestId('page-input').press('Enter');
    await pageDrawn(other.page, 2);
    expect(await other.page.getByTestId('highlight-mark').count()).toBe(0);
    await saveScreenshot(other.page, 'p-reader-desktop');

    // Back on the meeting page, the paper is read.
    await member.page.getByRole('link', { name: 'Về phiên họp' }).click();
    await member.page.locator('ec-paper-list li', { hasText: PAPER }).locator('[data-read-state="read"]').waitFor();

    // The secretariat: a damaged file is refused in plain words; then a new, shorter version.
    await signIn(secretary.page, 'secretary');
    await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await secretary.page.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
    await secretary.page.getByRole('tab', { name: 'Tài liệu' }).click();
    const desk = secretary.page.getByTestId('papers-manager');
    const item = desk.locator('li.ec-papers-desk__item', { hasText: ITEM });
    await item.locator('li.ec-papers-desk__paper', { hasText: PAPER }).waitFor();
    await item.getByLabel(/Tải lên tài liệu cho nội dung/).setInputFiles({ name: 'hong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog') });
    // The title is proposed from the file name; the file goes when the secretary confirms it.
    expect(await item.getByRole('textbox', { name: 'Tên tài liệu' }).inputValue()).toBe('hong');
    await item.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await item.getByTestId('upload-error').getByText('Tệp PDF bị hỏng, không đọc được.').waitFor();
    await saveScreenshot(secretary.page, 'p-console-papers-desktop');
    await item.getByLabel(`Thay tài liệu "${PAPER}" bằng phiên bản mới`).setInputFiles({ name: 'bao-cao-v2.pdf', mimeType: 'application/pdf', buffer: await twoPagePdf() });
    await secretary.page.getByText(`Đã thay "${PAPER}" bằng phiên bản 2.`).waitFor();

    // The other member still has the paper open in the reader: it says so live, and opens the new version on request.
    await other.page.getByText('Ban Thư ký vừa thay tài liệu này bằng phiên bản mới.').waitFor();
    await other.page.getByRole('button', { name: 'Mở phiên bản mới' }).click();
    await other.page.getByText('Phiên bản 2 · 2 trang').waitFor();
    await pageDrawn(other.page, 1);
    expect(await other.page.getByText('Ban Thư ký vừa thay tài liệu này bằng phiên bản mới.').count()).toBe(0);

    // The member's meeting page learns it live: changed since read.
    await member.page.locator('ec-paper-list li', { hasText: PAPER }).locator('[data-read-state="changed"]').waitFor();
    await member.page.locator('ec-paper-list li', { hasText: PAPER }).getByRole('link').click();
    await member.page.getByText('Tài liệu đã có phiên bản mới kể từ lần bạn đọc trước: bạn đã đọc phiên bản 1, hiện là phiên bản 2.').waitFor();
    await pageDrawn(member.page, 1);
    // The note's page 3 is gone in version 2: listed apart; the highlight on page 2 is carried over.
    const notes = member.page.getByTestId('notes-panel');
    await notes.getByText('Trang 3 không còn').waitFor();
    await member.page.getByRole('button', { name: 'Trang sau' }).click();
    await pageDrawn(member.page, 2);
    await notes.getByText('Từ phiên bản 1').waitFor();
    await member.page.getByTestId('highlight-mark').first().waitFor();
    await saveScreenshot(member.page, 'p-reader-carried-over-tablet');
    await member.page.setViewportSize({ width: 800, height: 1280 });
    await pageDrawn(member.page, 2);
    await saveScreenshot(member.page, 'p-reader-tablet-portrait');

    // The meeting book: every paper the member may read, in agenda order, in one watermarked PDF.
    await member.page.getByRole('link', { name: 'Về phiên họp' }).click();
    await member.page.getByTestId('open-book').click();
    await member.page.getByTestId('reader-title').getByText('Tập tài liệu phiên họp').waitFor();
    await pageDrawn(member.page, 1);
    expect(Number((await member.page.locator('.ec-reader__page-total').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(7);
    await saveScreenshot(member.page, 'p-book-tablet-portrait');
  } finally {
    await member.context.close();
    await other.context.close();
    await secretary.context.close();
  }
}, 180_000);

it('a long paper: the member sees its first page while most of it has not been fetched', async () => {
  const LONG = 'Phụ lục số liệu chi tiết (150 trang)';
  const secretary = await openPage(browser, 'desktop');
  const member = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris' });
  try {
    // The secretariat uploads it from the console.
    await signIn(secretary.page, 'secretary');
    await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await secretary.page.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
    await secretary.page.getByRole('tab', { name: 'Tài liệu' }).click();
    const item = secretary.page.getByTestId('papers-manager').locator('li.ec-papers-desk__item', { hasText: ITEM });
    await item.getByLabel(/Tải lên tài liệu cho nội dung/).setInputFiles({ name: 'phu-luc.pdf', mimeType: 'application/pdf', buffer: await largePdf(150) });
    await item.getByRole('textbox', { name: 'Tên tài liệu' }).fill(LONG);
    await item.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await secretary.page.getByText(`Đã tải lên "${LONG}" (150 trang).`).waitFor({ timeout: 60_000 });

    // The member opens it: the reader asks for the parts the first page needs, not the file.
    await signIn(member.page, 'member1');
    await openRoom(member.page);
    let fetched = 0;
    let length = 0;
    member.page.on('response', (response) => {
      if (!/\/papers\/[^/]+\/view/.test(response.url()) || response.status() !== 206) return;
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers()['content-range'] ?? '');
      if (!range) return;
      fetched += Number(range[2]) - Number(range[1]) + 1;
      length = Number(range[3]);
    });
    await member.page.locator('ec-paper-list li', { hasText: LONG }).getByRole('link', { name: `Đọc tài liệu: ${LONG}` }).click();
    await pageDrawn(member.page, 1);
    const atFirstPage = fetched;
    expect(length).toBeGreaterThan(14_000_000);
    expect(atFirstPage).toBeGreaterThan(0);
    expect(atFirstPage).toBeLessThan(length / 10);
    expect(await member.page.locator('.ec-reader__page-total').textContent()).toContain('150');
    // A later page is fetched when it is turned to.
    await member.page.getByTestId('page-input').fill('120');
    await member.page.getByTestId('page-input').press('Enter');
    await pageDrawn(member.page, 120);
    await member.page.getByTestId('page-announcer').getByText('Trang 120 / 150').waitFor();
    expect(fetched).toBeGreaterThan(atFirstPage);
    expect(fetched).toBeLessThan(length / 5);
  } finally {
    await member.context.close();
    await secretary.context.close();
  }
}, 180_000);

it('an admin finds whose copy a trace code was printed on', async () => {
  const admin = await openPage(browser, 'desktop');
  try {
    await signIn(admin.page, 'admin');
    await admin.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Truy vết tài liệu' }).click();
    await admin.page.getByTestId('trace-code').fill('ZZZZ-ZZZZ');
    await admin.page.getByRole('button', { name: 'Tra cứu' }).click();
    await admin.page.getByText('Không tìm thấy mã truy vết này.').waitFor();
    expect(memberTraceCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await admin.page.getByTestId('trace-code').fill(memberTraceCode ?? '');
    await admin.page.getByRole('button', { name: 'Tra cứu' }).click();
    const result = admin.page.getByTestId('trace-result');
    await result.getByText('Lê Quang Huy (member1)').waitFor();
    await result.getByText(PAPER, { exact: false }).waitFor();
    await saveScreenshot(admin.page, 'p-trace-desktop');
  } finally {
    await admin.context.close();
  }
});
