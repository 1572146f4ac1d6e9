import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 10 năm 2026';
const ITEM = 'Dự thảo Nghị định về quản lý tài liệu điện tử trong cơ quan nhà nước';
const ACCOUNT = 'Các thành viên Chính phủ thống nhất sự cần thiết ban hành Nghị định; đề nghị làm rõ thời hạn lưu trữ tài liệu điện tử.';
const CONCLUSION = 'Thông qua; giao Bộ Nội vụ tiếp thu ý kiến, hoàn thiện trình Thủ tướng ký ban hành.';
const CLOSING_SECTION = 'Tổ chức thực hiện';
const TASK = 'Tiếp thu ý kiến thành viên Chính phủ, hoàn thiện dự thảo Nghị định về quản lý tài liệu điện tử';

/** The Government's calendar date (YYYY-MM-DD) `days` from now. */
const governmentDate = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + days * 86_400_000));
const dayFirst = (date: string) => date.split('-').reverse().join('/');

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

it('the secretariat drafts the minutes of a finished session and composes its resolution; the chair approves and issues them; a member reads both and downloads the signed copies; the task the resolution assigns is reported done by the member\'s ministry', async () => {
  const secretary = await openPage(browser, 'desktop');
  const chair = await openPage(browser, 'desktop', { timezoneId: 'America/New_York' });
  const member = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris' });
  const dir = mkdtempSync(join(tmpdir(), 'minutes-e2e-'));
  try {
    // The secretariat finds the finished session and opens its minutes from the console.
    const s = secretary.page;
    await signIn(s, 'secretary');
    await s.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await s.getByRole('tab', { name: 'Đã kết thúc' }).click();
    await s.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
    await s.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await s.getByTestId('open-minutes').click();

    // The draft: the facts from the record, read-only; the prose is the secretariat's.
    await s.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await s.getByTestId('minutes-status').getByText('Dự thảo').waitFor();
    const item = s.locator('[data-minutes-item]', { hasText: ITEM });
    await item.getByText(`Kết luận của Chủ tọa: ${CONCLUSION}`).waitFor();
    await s.getByText('Vắng mặt (1)').waitFor();
    expect(await s.getByTestId('minutes-opening').inputValue()).toContain('Chủ tọa: Nguyễn Văn Minh');
    await item.getByRole('textbox', { name: /^Diễn biến thảo luận nội dung/ }).fill(ACCOUNT);
    await s.getByText('Có thay đổi chưa lưu').waitFor();
    await s.getByTestId('minutes-save').click();
    await s.getByText('Đã lưu dự thảo biên bản (phiên bản 1).').waitFor();
    await saveScreenshot(s, 'm-minutes-draft-desktop');
    // The secretariat cannot approve.
    expect(await s.getByTestId('minutes-approve').count()).toBe(0);

    // The chair, in another time zone, reads the draft and approves it after confirming.
    const c = chair.page;
    await signIn(c, 'chair');
    // He finds them in his approval queue.
    await c.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Chờ duyệt' }).click();
    await c.getByRole('heading', { level: 1, name: 'Việc chờ Chủ tọa duyệt' }).waitFor();
    const waitingMinutes = c.locator('[data-minutes]', { hasText: MEETING });
    await waitingMinutes.getByText('Dự thảo phiên bản 1').waitFor();
    await saveScreenshot(c, 'm-approvals-desktop');
    await waitingMinutes.getByRole('link', { name: 'Mở biên bản' }).click();
    const account = c.locator('[data-minutes-item]', { hasText: ITEM }).getByRole('textbox', { name: /^Diễn biến thảo luận nội dung/ });
    await account.waitFor();
    expect(await account.inputValue()).toBe(ACCOUNT);
    await c.getByTestId('minutes-approve').click();
    const confirm = c.getByRole('alertdialog', { name: 'Duyệt biên bản?' });
    await confirm.getByText('không thể thay đổi').waitFor();
    await confirm.getByRole('button', { name: 'Duyệt biên bản' }).click();
    await c.getByTestId('minutes-status').getByText(/^Đã duyệt · Số \d{2,}\/BB-CP$/).waitFor();
    const number = ((await c.getByTestId('minutes-status').textContent()) ?? '').replace(/.*Số\s*/, '').trim();
    expect(await c.locator('textarea').count()).toBe(0);
    await saveScreenshot(c, 'm-minutes-approved-desktop');

    // A member finds the minutes from the meeting room and downloads the signed PDF.
    const m = member.page;
    await signIn(m, 'member1');
    await m.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await m.getByRole('tab', { name: 'Đã kết thúc' }).click();
    await m.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
    await m.getByTestId('open-minutes').click();
    await m.getByTestId('minutes-status').getByText(`Đã duyệt · Số ${number}`).waitFor();
    await m.locator('[data-minutes-item]', { hasText: ITEM }).getByText(ACCOUNT).waitFor();
    await saveScreenshot(m, 'm-minutes-member-tablet');
    const [download] = await Promise.all([m.waitForEvent('download'), m.getByTestId('minutes-pdf').click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(execFileSync('qpdf', ['--check', file]).toString()).toMatch(/No syntax or stream encoding errors/);
    const text = execFileSync('pdftotext', [file, '-']).toString().normalize('NFC').replace(/\s+/g, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain(`Số: ${number}`);
    expect(text).toContain('quản lý tài liệu điện tử');
    expect(execFileSync('pdfsig', [file]).toString()).toContain('Signature #1');

    // The secretariat composes the session resolution from the approved conclusions and adds a closing section.
    await s.reload();
    await s.getByTestId('compose-resolution').click();
    await s.getByTestId('resolution-status').getByText('Dự thảo').waitFor();
    const sections = s.locator('[data-section]');
    expect(await sections.count()).toBe(3);
    expect(await sections.nth(1).getByRole('textbox', { name: /^Nội dung mục 2/ }).inputValue()).toBe(CONCLUSION);
    await s.getByTestId('resolution-add').click();
    await sections.nth(3).getByRole('textbox', { name: 'Tiêu đề mục 4' }).fill(CLOSING_SECTION);
    await sections.nth(3).getByRole('textbox', { name: 'Nội dung mục 4' }).fill('Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị quyết này.');
    await s.getByTestId('resolution-save').click();
    await s.getByText('Đã lưu dự thảo nghị quyết (phiên bản 2).').waitFor();
    await saveScreenshot(s, 'm-resolution-draft-desktop');

    // The chair finds it under Nghị quyết and issues it after confirming.
    await c.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nghị quyết' }).click();
    await c.locator('[data-resolution]', { hasText: MEETING }).getByRole('link').click();
    await c.getByTestId('resolution-issue').click();
    const issueConfirm = c.getByRole('alertdialog', { name: 'Ban hành nghị quyết?' });
    await issueConfirm.getByRole('button', { name: 'Ban hành nghị quyết' }).click();
    await c.getByTestId('resolution-status').getByText(/^Đã ban hành · Số \d{2,}\/NQ-CP$/).waitFor();
    const resolutionNumber = ((await c.getByTestId('resolution-status').textContent()) ?? '').replace(/.*Số\s*/, '').trim();
    await saveScreenshot(c, 'm-resolution-issued-desktop');

    // The member is told, finds it under Nghị quyết, and downloads the signed resolution.
    await m.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nghị quyết' }).click();
    const listed = m.locator('[data-resolution]', { hasText: MEETING });
    await listed.getByText(`Số ${resolutionNumber}`).waitFor();
    await saveScreenshot(m, 'm-resolutions-list-tablet');
    await listed.getByRole('link').click();
    await m.getByText(`4. ${CLOSING_SECTION}`).waitFor();
    await saveScreenshot(m, 'm-resolution-member-tablet');
    const [resolutionDownload] = await Promise.all([m.waitForEvent('download'), m.getByTestId('resolution-pdf').click()]);
    const resolutionFile = join(dir, resolutionDownload.suggestedFilename());
    await resolutionDownload.saveAs(resolutionFile);
    const resolutionText = execFileSync('pdftotext', [resolutionFile, '-']).toString().normalize('NFC').replace(/\s+/g, ' ');
    expect(resolutionText).toContain(`Số: ${resolutionNumber}`);
    expect(resolutionText).toContain('QUYẾT NGHỊ:');
    expect(resolutionText).toContain(CLOSING_SECTION);

    // The secretariat assigns a task from the resolution's second section to the Ministry of Finance.
    await s.goto(m.url());
    await s.getByRole('button', { name: 'Giao nhiệm vụ theo mục 2' }).click();
    const form = s.getByRole('dialog', { name: 'Giao nhiệm vụ' });
    await form.getByText(`Nguồn giao: Nghị quyết ${resolutionNumber}`, { exact: false }).waitFor();
    await form.getByRole('textbox', { name: 'Nội dung nhiệm vụ' }).fill(TASK);
    await form.getByRole('combobox', { name: 'Cơ quan chủ trì' }).click();
    await s.getByRole('option', { name: 'Bộ Tài chính (BTC)' }).click();
    // The organisation's head becomes the responsible person.
    await form.getByRole('combobox', { name: 'Người chịu trách nhiệm' }).getByText('Lê Quang Huy').waitFor();
    const due = governmentDate(30);
    await form.getByLabel('Thời hạn hoàn thành').fill(due);
    await saveScreenshot(s, 'm-task-assign-desktop');
    await form.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await form.waitFor({ state: 'detached' });
    const assigned = s.getByTestId('resolution-tasks').locator('[data-task]', { hasText: TASK });
    await assigned.getByText(`BTC · Hạn ${dayFirst(due)}`).waitFor();
    await assigned.getByText('Trong hạn').waitFor();

    // The secretariat reminds the ministry of it from the board; the bell on the minister's tablet rings, and opens the task.
    await s.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
    await s.getByRole('heading', { level: 1, name: 'Theo dõi nhiệm vụ' }).waitFor();
    await s.getByRole('checkbox', { name: `Chọn nhiệm vụ: ${TASK}` }).check();
    await s.getByTestId('task-remind').click();
    await s.getByTestId('task-remind-outcome').getByText('Đã nhắc 1 nhiệm vụ.').waitFor();
    await m.getByTestId('notification-bell').click();
    await m.getByTestId('notification-item').filter({ hasText: 'Nhắc thời hạn nhiệm vụ' }).filter({ hasText: TASK }).click();
    await m.getByTestId('task-source').getByText(`Nghị quyết ${resolutionNumber}`, { exact: false }).waitFor();

    // The minister finds it among his tasks on the tablet, reports progress with a PDF, then proposes completion.
    await m.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
    await m.getByRole('heading', { level: 1, name: 'Nhiệm vụ của tôi' }).waitFor();
    const mine = m.locator('[data-task]', { hasText: TASK });
    await mine.getByText(`Hạn ${dayFirst(due)}`).waitFor();
    await saveScreenshot(m, 'm-tasks-mine-tablet');
    await mine.getByRole('link', { name: TASK }).click();
    await m.getByTestId('task-source').getByText(`Nghị quyết ${resolutionNumber}`, { exact: false }).waitFor();
    await m.getByTestId('task-report-text').fill('Bộ Tài chính đã tổng hợp ý kiến thành viên Chính phủ; dự thảo đã chỉnh sửa gửi kèm.');
    const report = await PDFDocument.create();
    report.addPage().drawText('Bao cao tien do', { font: await report.embedFont(StandardFonts.Helvetica) });
    const reportFile = join(dir, 'Báo cáo tiến độ.pdf');
    writeFileSync(reportFile, await report.save());
    await m.getByTestId('task-file-input').setInputFiles(reportFile);
    await m.getByRole('button', { name: 'Bỏ tệp Báo cáo tiến độ.pdf' }).waitFor();
    await m.getByTestId('task-send').click();
    await m.getByText('Đã gửi báo cáo.').waitFor();
    const progress = m.locator('li[data-kind="progress"]');
    await progress.getByRole('button', { name: 'Báo cáo tiến độ.pdf' }).waitFor();
    await m.locator('mat-button-toggle[data-kind="completion"]').click();
    await m.getByTestId('task-report-text').fill('Đã hoàn thiện dự thảo Nghị định, trình Thủ tướng Chính phủ ký ban hành.');
    await m.getByTestId('task-send').click();
    await m.getByTestId('task-pending').getByText('Chờ xác nhận hoàn thành').waitFor();
    await saveScreenshot(m, 'm-task-reported-tablet');

    // The secretariat sees it waiting on the board and accepts the completion after confirming.
    await s.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
    await s.getByRole('heading', { level: 1, name: 'Theo dõi nhiệm vụ' }).waitFor();
    await s.locator('mat-button-toggle[data-filter="pending"]').click();
    const waiting = s.locator('[data-task]', { hasText: TASK });
    await waiting.getByText('Chờ xác nhận hoàn thành').waitFor();
    await saveScreenshot(s, 'm-tasks-board-desktop');
    await waiting.getByRole('link', { name: TASK }).click();
    await s.locator('li[data-kind="completion"]').getByTestId('task-accept').click();
    const acceptConfirm = s.getByRole('alertdialog', { name: 'Xác nhận hoàn thành?' });
    await acceptConfirm.getByRole('button', { name: 'Chấp nhận' }).click();
    await s.getByTestId('task-timeliness').getByText('Hoàn thành đúng hạn').waitFor();
    await saveScreenshot(s, 'm-task-done-desktop');

    // The minister sees it done.
    await m.reload();
    await m.getByTestId('task-timeliness').getByText('Hoàn thành đúng hạn').waitFor();
    await m.locator('li[data-kind="completion"]').getByText('Đã chấp nhận').waitFor();

    // The chair, in New York, reads this year's figures: the ministry's task done on time, and opens the list behind the figure.
    await c.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thống kê' }).click();
    await c.getByRole('heading', { level: 1, name: 'Thống kê, báo cáo' }).waitFor();
    // This year, up to the task's due date (which may fall in the next year).
    await c.getByTestId('stats-from').fill(`${governmentDate(0).slice(0, 4)}-01-01`);
    await c.getByTestId('stats-to').fill(due);
    const finance = c.getByTestId('stat-organisations').locator('[data-organisation="BTC"]');
    await finance.waitFor();
    expect(((await finance.locator('td').allTextContents()) as string[]).slice(0, 2)).toEqual(['1', '1']);
    await saveScreenshot(c, 'm-statistics-desktop');
    await c.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(c, 'm-statistics-tablet');
    await finance.getByRole('link', { name: 'Bộ Tài chính' }).click();
    await c.getByRole('heading', { level: 1, name: 'Theo dõi nhiệm vụ' }).waitFor();
    await c.locator('[data-task]', { hasText: TASK }).getByText('Hoàn thành đúng hạn').waitFor();
  } finally {
    await Promise.all([secretary, chair, member].map(({ context }) => context.close()));
  }
}, 420_000);
