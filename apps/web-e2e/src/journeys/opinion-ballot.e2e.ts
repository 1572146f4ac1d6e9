import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

/**
 * A written opinion ballot from draft to report, with the secretary, the chair and two members
 * each in their own browser profile. The members sign in the browser with a real WebCrypto key
 * kept in IndexedDB. The ballot closes by itself at its deadline (a few minutes ahead), so this
 * journey waits for the server's scheduler.
 */

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

const DEADLINE_AHEAD_MS = 4 * 60_000;
const TITLE = `Lấy ý kiến về dự thảo Nghị định quy định chi tiết Luật Đầu tư công (${Date.now().toString(36)})`;

/** A `datetime-local` value in the page's own time zone, `ms` from now, rounded up to the minute. */
function localInputIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const date = new Date(Math.ceil((Date.now() + ahead) / 60_000) * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, ms);
}

async function confirmIn(page: Page, dialogName: string, button: string): Promise<void> {
  const dialog = page.getByRole('alertdialog', { name: dialogName });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits (the view renders a moment after the click) until the field's value contains `text`. */
async function waitForValue(field: Locator, text: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await field.inputValue()).includes(text)) {
    if (Date.now() > until) throw new Error(`the field never contained "${text}" (it has "${await field.inputValue()}")`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The draft decree attached to the ballot: three pages with searchable text. */
async function draftDecree(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2, 3]) document.addPage([595, 842]).drawText(`Draft decree on public investment, page ${n}`, { x: 60, y: 760, size: 16, font });
  return Buffer.from(await document.save());
}

const question = (page: Page, n: number): Locator => page.locator(`li[data-question="${n}"]`);

async function openMyBallot(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiếu của tôi' }).click();
  await page.getByRole('heading', { name: 'Phiếu của tôi', level: 1 }).waitFor();
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
}

it('walks a ballot from draft to report: return, approve, issue, signed answers, close, report', async () => {
  const secretary = await openPage(browser, 'desktop');
  const chair = await openPage(browser, 'desktop');
  const member1 = await openPage(browser, 'desktop');
  const member2 = await openPage(browser, 'tablet');
  try {
    // 1. The secretariat drafts the ballot.
    const s = secretary.page;
    await signIn(s, 'secretary');
    await s.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Quản lý phiếu' }).click();
    await s.getByRole('heading', { name: 'Quản lý phiếu lấy ý kiến', level: 1 }).waitFor();
    await s.getByRole('link', { name: 'Soạn phiếu mới' }).click();
    await s.getByRole('heading', { name: 'Soạn phiếu lấy ý kiến', level: 1 }).waitFor();
    await s.getByLabel('Tên phiếu').fill(TITLE);
    await s.getByLabel('Tóm tắt vấn đề xin ý kiến').fill(
      'Bộ Kế hoạch và Đầu tư trình dự thảo Nghị định. Còn hai vấn đề các Bộ có ý kiến khác nhau, xin ý kiến thành viên Chính phủ.',
    );
    await s.getByLabel('Nội dung câu hỏi 1').fill('Thời điểm có hiệu lực của Nghị định là ngày 01/01/2027?');
    await s.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await s.getByLabel('Nội dung câu hỏi 2').fill('Phân cấp cho địa phương quyết định dự án nhóm B?');
    // Reorder: question 2 up, then back down, as keyboard users would.
    await s.getByRole('button', { name: 'Đưa câu 2 lên trên' }).click();
    await waitForValue(s.getByLabel('Nội dung câu hỏi 1'), 'Phân cấp');
    await s.getByRole('button', { name: 'Đưa câu 1 xuống dưới' }).click();
    await waitForValue(s.getByLabel('Nội dung câu hỏi 1'), 'Thời điểm');
    await s.getByTestId('ballot-deadline').fill(await localInputIn(s, DEADLINE_AHEAD_MS));
    await s.getByRole('radio', { name: 'Tính là tán thành' }).check();
    await s.getByText('Thành viên không trả lời đúng hạn được tính là tán thành.').waitFor();
    await saveScreenshot(s, 'e-ballot-editor-desktop');
    await s.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await s.waitForURL(/\/ballot-desk\/[0-9a-f-]{36}$/);
    const ballotUrl = new URL(s.url()).pathname;
    await s.getByTestId('ballot-status').getByText('Bản nháp').waitFor();

    // The draft decree goes with the ballot: a damaged file is refused in words, then the real one attached.
    const papers = s.getByTestId('desk-papers');
    await papers.getByTestId('paper-file').setInputFiles({ name: 'hong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog') });
    await papers.getByRole('button', { name: 'Đính kèm' }).click();
    await papers.getByTestId('paper-error').getByText('Tệp PDF bị hỏng, không đọc được.').waitFor();
    await papers.getByTestId('paper-file').setInputFiles({ name: 'du-thao-nghi-dinh.pdf', mimeType: 'application/pdf', buffer: await draftDecree() });
    await papers.getByLabel('Tên tài liệu').fill('Dự thảo Nghị định (bản trình Chính phủ)');
    await papers.getByRole('button', { name: 'Đính kèm' }).click();
    await papers.getByRole('link', { name: 'Dự thảo Nghị định (bản trình Chính phủ)' }).waitFor();
    await papers.getByText('3 trang', { exact: false }).waitFor();
    await saveScreenshot(s, 'e-ballot-papers-desktop');

    // 2. Submitted; the chair returns it with a reason.
    await s.getByRole('button', { name: 'Trình duyệt' }).click();
    await confirmIn(s, 'Trình Chủ tọa duyệt phiếu?', 'Trình duyệt');
    await s.getByTestId('ballot-status').getByText('Chờ duyệt').waitFor();

    const c = chair.page;
    await signIn(c, 'chair');
    await c.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Quản lý phiếu' }).click();
    await c.getByRole('tab', { name: /Chờ duyệt/, selected: true }).waitFor();
    await saveScreenshot(c, 'e-ballot-approval-queue-desktop');
    await c.getByRole('link', { name: TITLE }).click();
    await c.getByRole('button', { name: 'Trả lại' }).click();
    const returnDialog = c.getByRole('dialog', { name: 'Trả lại phiếu để chỉnh sửa' });
    await returnDialog.getByRole('button', { name: 'Trả lại' }).click();
    await returnDialog.getByText('Trường này là bắt buộc.').waitFor();
    await returnDialog.getByLabel('Lý do trả lại').fill('Bổ sung ý kiến của Bộ Tài chính vào phần tóm tắt.');
    await returnDialog.getByRole('button', { name: 'Trả lại' }).click();
    await returnDialog.waitFor({ state: 'detached' });
    await c.getByTestId('ballot-status').getByText('Bản nháp').waitFor();

    // 3. The secretary sees the reason (live), edits, submits again; the chair approves.
    await s.getByTestId('return-reason').getByText('Bổ sung ý kiến của Bộ Tài chính').waitFor();
    await s.getByRole('link', { name: 'Chỉnh sửa' }).click();
    await s.getByRole('heading', { name: 'Sửa phiếu lấy ý kiến', level: 1 }).waitFor();
    const summary = s.getByLabel('Tóm tắt vấn đề xin ý kiến');
    await summary.fill(`${await summary.inputValue()} Bộ Tài chính đề nghị lùi thời điểm có hiệu lực.`);
    await s.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await s.waitForURL(`**${ballotUrl}`);
    await s.getByRole('button', { name: 'Trình duyệt' }).click();
    await confirmIn(s, 'Trình Chủ tọa duyệt phiếu?', 'Trình duyệt');

    // The chair signs the approval on his device: content, rules, recipients, papers, deadline.
    await c.getByRole('button', { name: 'Ký duyệt' }).click();
    await c.getByRole('alertdialog', { name: 'Ký duyệt phiếu lấy ý kiến?' }).getByText(/bao trùm nội dung, các câu hỏi/).waitFor();
    await confirmIn(c, 'Ký duyệt phiếu lấy ý kiến?', 'Ký duyệt');
    await c.getByTestId('ballot-status').getByText('Đã duyệt').waitFor();
    await c.getByTestId('approvals').locator('li[data-sequence="1"]').getByText(/Ký duyệt lúc \d/).waitFor();
    await c.getByTestId('approvals').getByText(/^Khóa [0-9a-f]{4} [0-9a-f]{4}/).waitFor();
    await saveScreenshot(c, 'e-ballot-approved-signed-desktop');

    // 4. Issued. The deadline is minutes away, so the 24- and 2-hour reminders are already due:
    //    the secretary is told before confirming that one goes at once.
    await s.getByTestId('issue-due-now').getByText(/Một lời nhắc sẽ được gửi ngay khi phát hành/).waitFor();
    await saveScreenshot(s, 'e-ballot-issue-warning-desktop');
    await s.getByRole('button', { name: 'Phát hành' }).click();
    await s.getByRole('alertdialog', { name: 'Phát hành phiếu lấy ý kiến?' }).getByText(/được gửi ngay khi phát hành/).waitFor();
    await confirmIn(s, 'Phát hành phiếu lấy ý kiến?', 'Phát hành');
    await s.getByTestId('ballot-status').getByText('Đang lấy ý kiến').waitFor();
    const board = s.getByTestId('tracking');
    await board.locator('tr[data-recipient="Lê Quang Huy"]').getByText('Chưa trả lời').waitFor();
    // The reminder went at once on issue, and the history says so; the 24-hour one is covered by it.
    const reminders = s.getByTestId('reminder-history');
    await reminders.locator('tr[data-reminder="120"][data-state="sent"]').getByText('Đã đến hạn khi phát hành nên gửi ngay lúc phát hành.').waitFor();
    await reminders.locator('tr[data-reminder="1440"][data-state="skipped"]').getByText(/gộp vào lời nhắc gửi ngay lúc phát hành/).waitFor();
    await board.locator('tr[data-recipient="Lê Quang Huy"] td').nth(2).getByText(/\d/).waitFor();
    // Silence counts as agreement here, yet with no answer in the open table does not pre-judge.
    const openTally = s.getByTestId('tally');
    await openTally.locator('tr[data-question="1"]').getByTestId('received').getByText(/^Tán thành 0 · chưa trả lời \d+$/).waitFor();
    await openTally.locator('tr[data-question="1"]').getByTestId('outcome').getByText('Nếu không ai trả lời thêm: Thông qua').waitFor();
    expect(await openTally.getByText('Thông qua', { exact: true }).count()).toBe(0);
    // Early close is not possible yet, and the page says why in words (a tablet has no hover).
    expect(await s.getByRole('button', { name: 'Kết thúc sớm' }).isDisabled()).toBe(true);
    await s.getByText(/^Chưa thể kết thúc sớm: còn \d+ thành viên chưa trả lời\.$/).waitFor();
    await saveScreenshot(s, 'e-ballot-open-desktop');

    // 5. A member answers: validation, draft autosave restored after a reload, sign and send.
    const m1 = member1.page;
    await signIn(m1, 'member1');
    await m1.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiếu của tôi' }).click();
    await m1.locator(`li[data-ballot="${TITLE}"]`).getByTestId('deadline-chip').getByText(/Còn/).waitFor();
    await saveScreenshot(m1, 'e-my-ballots-desktop');
    await openMyBallot(m1);
    await m1.getByTestId('silence-rule').getByText('được tính là tán thành').waitFor();

    await m1.getByRole('button', { name: 'Ký và gửi' }).click();
    await m1.getByText('Còn 2 câu chưa có ý kiến hợp lệ.').waitFor();
    await question(m1, 1).getByRole('radio', { name: 'Tán thành', exact: true }).check();
    await question(m1, 2).getByRole('radio', { name: 'Ý kiến khác' }).check();
    const comment2 = question(m1, 2).getByLabel('Ý kiến cụ thể');
    await comment2.focus();
    await comment2.blur();
    await question(m1, 2).getByText('Vui lòng ghi rõ ý kiến khác của bạn.').waitFor();
    await comment2.fill('Đề nghị chỉ phân cấp dự án nhóm B dưới 1.000 tỷ đồng.');
    await m1.getByTestId('draft-state').getByText(/Đã lưu bản nháp/).waitFor();

    await m1.reload();
    await m1.getByTestId('draft-state').getByText(/Đã khôi phục bản nháp/).waitFor();
    expect(await question(m1, 1).getByRole('radio', { name: 'Tán thành', exact: true }).isChecked()).toBe(true);
    await waitForValue(question(m1, 2).getByLabel('Ý kiến cụ thể'), '1.000 tỷ đồng');
    await saveScreenshot(m1, 'e-ballot-answer-desktop');

    await m1.getByRole('button', { name: 'Ký và gửi' }).click();
    await confirmIn(m1, 'Ký và gửi ý kiến?', 'Ký và gửi');
    const receipt = m1.getByTestId('receipt');
    await receipt.getByTestId('receipt-revision').getByText('1', { exact: true }).waitFor();
    expect(await receipt.getByTestId('receipt-fingerprint').textContent()).toMatch(/^\s*([0-9a-f]{4} ){15}[0-9a-f]{4}\s*$/);
    await receipt.getByText('“Đề nghị chỉ phân cấp dự án nhóm B dưới 1.000 tỷ đồng.”').waitFor();
    await saveScreenshot(m1, 'e-ballot-receipt-desktop');

    // The secretary's board follows live.
    await board.locator('tr[data-recipient="Lê Quang Huy"]').getByText('Đã trả lời · Lần 1').waitFor();

    // A revision before the deadline, signed with the network gone: the same device key, the
    // next revision, kept on the device and sent when the network returns.
    await question(m1, 1).getByRole('radio', { name: 'Không tán thành' }).check();
    await member1.context.setOffline(true);
    await m1.getByRole('button', { name: 'Ký và gửi ý kiến sửa đổi' }).click();
    await confirmIn(m1, 'Ký và gửi ý kiến?', 'Ký và gửi');
    await m1.getByTestId('answer-queued').getByText(/đang chờ gửi từ thiết bị này; chỉ được tính nếu tới máy chủ trước hạn/).waitFor();
    await m1.locator('ec-live-status ec-status-chip[data-pending="1"]').waitFor();
    await saveScreenshot(m1, 'e-ballot-signed-offline-desktop');
    await member1.context.setOffline(false);
    await receipt.getByTestId('receipt-revision').getByText('2', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await m1.getByTestId('answer-queued').count()).toBe(0);
    await receipt.getByText('Các lần gửi trước (1)').waitFor();

    // 6. A second member, on a tablet, reads the attached decree in the reader (a watermarked copy), then answers.
    const m2 = member2.page;
    await signIn(m2, 'member2');
    // The tablet keeps the decree until the deadline, the ballot waiting for his answer; without the network it opens from the device.
    await m2.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Tài liệu trên thiết bị' }).click();
    await m2.getByTestId('offline-entry').filter({ hasText: 'Dự thảo Nghị định (bản trình Chính phủ)' }).getByText('Trước hạn phiếu').waitFor({ timeout: 60_000 });
    await openMyBallot(m2);
    await member2.context.setOffline(true);
    await m2.getByRole('link', { name: 'Dự thảo Nghị định (bản trình Chính phủ)' }).click();
    await m2.getByTestId('reader-stored-copy').waitFor();
    await m2.getByTestId('reader-title').getByText('Dự thảo Nghị định (bản trình Chính phủ)').waitFor();
    await m2.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor();
    await saveScreenshot(m2, 'e-ballot-paper-offline-tablet');
    await member2.context.setOffline(false);
    await m2.getByRole('link', { name: 'Về phiếu lấy ý kiến' }).click();
    await m2.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await m2.getByRole('link', { name: 'Dự thảo Nghị định (bản trình Chính phủ)' }).click();
    await m2.getByTestId('reader-title').getByText('Dự thảo Nghị định (bản trình Chính phủ)').waitFor();
    await m2.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor();
    await m2.getByText('Kèm theo phiếu', { exact: false }).waitFor();
    await m2.getByTestId('next-page').click();
    await m2.getByTestId('page-announcer').getByText('Trang 2 / 3').waitFor();
    await saveScreenshot(m2, 'e-ballot-paper-reader-tablet');
    await m2.getByRole('link', { name: 'Về phiếu lấy ý kiến' }).click();
    await m2.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await question(m2, 1).getByRole('radio', { name: 'Không tán thành' }).check();
    await question(m2, 2).getByRole('radio', { name: 'Tán thành', exact: true }).check();
    await m2.getByRole('button', { name: 'Ký và gửi' }).click();
    await confirmIn(m2, 'Ký và gửi ý kiến?', 'Ký và gửi');
    await m2.getByTestId('receipt').getByTestId('receipt-revision').getByText('1', { exact: true }).waitFor();
    await saveScreenshot(m2, 'e-ballot-receipt-tablet');

    await board.locator('tr[data-recipient="Phạm Thị Lan"]').getByText('Đã trả lời · Lần 1').waitFor();
    await board.locator('tr[data-recipient="Lê Quang Huy"]').getByText('Đã trả lời · Lần 2').waitFor();
    await saveScreenshot(s, 'e-ballot-tracking-desktop');

    // 7. At the deadline the ballot closes by itself; the result applies the silence rule visibly.
    await s.getByTestId('ballot-status').getByText('Đã kết thúc').waitFor({ timeout: DEADLINE_AHEAD_MS + 90_000 });
    const tally = s.getByTestId('tally');
    await tally.locator('tr[data-question="1"]').getByText(/trong đó \d+ tính là tán thành/).waitFor();
    await tally.locator('tr[data-question="2"]').getByTestId('outcome').getByText('Thông qua').waitFor();
    await saveScreenshot(s, 'e-ballot-result-desktop');

    // 8. The report and the verifiable bundle download with the session's token.
    const [report] = await Promise.all([s.waitForEvent('download'), s.getByRole('button', { name: 'Tải báo cáo tổng hợp (PDF)' }).click()]);
    expect(report.suggestedFilename()).toMatch(/report\.pdf$/);
    expect(readFileSync((await report.path()) ?? '').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Signed by the organisation's seal: poppler checks the signature over the whole file.
    expect(execFileSync('pdfsig', [(await report.path()) ?? '']).toString()).toContain('Signature is Valid.');
    const [bundle] = await Promise.all([s.waitForEvent('download'), s.getByRole('button', { name: 'Tải gói kết quả để kiểm chứng (JSON)' }).click()]);
    const parsed = JSON.parse(readFileSync((await bundle.path()) ?? '', 'utf8')) as { format: string; answers: unknown[]; ballot: { approvals: unknown[] } };
    expect(parsed.format).toBe('ecabinet.ballot-bundle/3');
    // Every revision is in the record (member1 signed two), and the chair's signed approval.
    expect(parsed.answers).toHaveLength(3);
    expect(parsed.ballot.approvals).toHaveLength(1);
    // The downloaded file verifies offline against the server's demo root, as the README says.
    const dataDir = process.env['E2E_DATA_DIR'];
    if (dataDir) {
      const verified = execFileSync(process.execPath, ['dist/apps/api/main.js', 'verify-ballot', (await bundle.path()) ?? '', '--trust', join(dataDir, 'pki', 'demo-root.pem')]).toString();
      expect(verified).toMatch(/^Bundle OK: 2 signed answers[^]*DEMO/);

      // The same file on the offline page the server hands out, with the network cut once it loaded.
      const verifier = await secretary.context.newPage();
      await verifier.goto(new URL('/verify', s.url()).href);
      await secretary.context.setOffline(true);
      try {
        await verifier.locator('#file').setInputFiles((await bundle.path()) ?? '');
        await verifier.locator('#roots').setInputFiles(join(dataDir, 'pki', 'demo-root.pem'));
        await verifier.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
        await verifier.locator('.result--ok').getByText(/^Hợp lệ: 2 thành viên đã ký ý kiến/).waitFor();
        await verifier.locator('.result--ok').getByText(/^DEMO: ký dưới chứng thư gốc trình diễn/).waitFor();
        await saveScreenshot(verifier, 'e-verify-offline-desktop');
      } finally {
        await secretary.context.setOffline(false);
        await verifier.close();
      }
    }

    // 9. The ballot is issued as a resolution the way a session is: the secretariat composes it from the result,
    // the chair who approved the ballot finds it waiting in his queue and issues it.
    await s.getByTestId('ballot-resolution').click();
    await s.getByTestId('resolution-status').getByText('Dự thảo').waitFor();
    await s.getByTestId('resolution-ballot').getByText(TITLE, { exact: false }).waitFor();
    expect(await s.locator('[data-section]').nth(1).getByRole('textbox', { name: /^Nội dung mục 2/ }).inputValue()).toMatch(/^Thông qua: \d+\/\d+ thành viên Chính phủ đồng ý/);
    await saveScreenshot(s, 'e-ballot-resolution-draft-desktop');
    await c.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Chờ duyệt/ }).click();
    await c.locator('[data-resolution]', { hasText: TITLE }).getByRole('link', { name: 'Mở nghị quyết' }).click();
    await c.getByTestId('resolution-issue').click();
    await c.getByRole('alertdialog', { name: 'Ban hành nghị quyết?' }).getByRole('button', { name: 'Ban hành nghị quyết' }).click();
    await c.getByTestId('resolution-status').getByText(/^Đã ban hành · Số \d{2,}\/NQ-CP$/).waitFor();
    await saveScreenshot(c, 'e-ballot-resolution-issued-desktop');

    // 10. The member sees the closed ballot with its result, and can no longer answer.
    await m1.reload();
    await m1.getByText(/Phiếu đã kết thúc lúc/).waitFor();
    await m1.getByTestId('tally').waitFor();
    // The member's device finds the answer it signed in the sealed record (it kept its own hash of it).
    await m1.getByTestId('answer-inclusion').getByText(/có trong biên bản kết quả đã niêm phong/).waitFor();
    expect(await m1.getByRole('button', { name: /Ký và gửi/ }).count()).toBe(0);
    await m1.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(m1, 'e-ballot-closed-member-tablet');
    await m2.setViewportSize({ width: 800, height: 1280 });
    await m2.reload();
    await m2.getByTestId('tally').waitFor();
    await saveScreenshot(m2, 'e-ballot-closed-member-tablet-portrait');
  } finally {
    await Promise.all([secretary, chair, member1, member2].map(({ context }) => context.close()));
  }
}, 9 * 60_000);
