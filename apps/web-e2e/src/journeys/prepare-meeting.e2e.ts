import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { addAgendaItem, chooseOption } from '../support/console-steps';

/**
 * Preparing a session from the web app, nothing set up through the API: the secretary creates a
 * meeting (times typed on the Hanoi clock), chooses its participants with a delegate standing in
 * for a member, builds the agenda, excludes a minister from one item (conflict of interest) and
 * publishes it; member1 then finds it in his list.
 */

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

const ITEM_ONE = 'Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2026';
const ITEM_TWO = 'Đề án sắp xếp doanh nghiệp nhà nước giai đoạn 2027–2030';

async function onePagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('State budget 2026: implementation report', { x: 60, y: 760, size: 16, font });
  return Buffer.from(await document.save());
}

describe.each(JOURNEY_VIEWPORTS)('preparing a meeting from the web app (%s)', (viewport) => {
  const title = `Phiên họp chuyên đề về doanh nghiệp nhà nước (${viewport === 'desktop' ? 'máy tính' : 'máy tính bảng'})`;

  it('the secretary creates it with participants and a delegate, builds the agenda, excludes a minister from an item and publishes it; member1 sees it', async () => {
    const secretary = await openPage(browser, viewport, { timezoneId: 'UTC' });
    const member = await openPage(browser, viewport);
    try {
      const page = secretary.page;
      await signIn(page, 'secretary');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
      await page.getByRole('link', { name: 'Tạo phiên họp' }).waitFor();
      await saveScreenshot(page, `prepare-meeting-list-${viewport}`);
      await page.getByRole('link', { name: 'Tạo phiên họp' }).click();
      await page.getByRole('heading', { name: 'Tạo phiên họp', level: 1 }).waitFor();

      // Details: times are Hanoi time, said beside the fields, even on this laptop set to UTC.
      await page.getByTestId('meeting-title').fill(title);
      await chooseOption(page, page.getByTestId('meeting-kind'), 'Phiên họp chuyên đề');
      await page.getByTestId('meeting-place').fill('Phòng họp số 1, Trụ sở Chính phủ');
      await page.getByTestId('meeting-starts').fill('2027-01-14T08:00');
      await page.getByTestId('meeting-ends').fill('2027-01-14T11:30');
      expect(await page.getByText('Giờ Hà Nội (UTC+7)').count()).toBeGreaterThan(0);
      await saveScreenshot(page, `prepare-meeting-form-${viewport}`);

      // Participants: every member of the Government, and a deputy minister standing in for member1.
      await page.getByTestId('participants-add-members').click();
      await page.locator('[data-participant="Lê Quang Huy"]').waitFor();
      await chooseOption(page, page.getByTestId('participant-add'), /Trịnh Văn Khải/);
      const deputy = page.locator('[data-participant="Trịnh Văn Khải"]');
      await chooseOption(page, deputy.getByTestId('participant-role'), 'Người dự thay');
      await deputy.getByText('Chọn thành viên mà người này dự thay.').waitFor();
      await chooseOption(page, deputy.getByTestId('participant-delegate-for'), 'Lê Quang Huy');
      await deputy.getByRole('alert').waitFor({ state: 'detached' });
      await page.getByTestId('participants-count').getByText('10 người tham dự').waitFor();
      await page.getByTestId('participants-editor').scrollIntoViewIfNeeded();
      await saveScreenshot(page, `prepare-meeting-participants-${viewport}`);

      // Created as a draft: the secretary lands in its console, where the agenda is built.
      await page.getByTestId('meeting-save').click();
      await page.waitForURL(/\/meetings\/[^/]+\/console$/);
      const meetingId = /\/meetings\/([^/]+)\/console$/.exec(page.url())?.[1] ?? '';
      await page.getByText(title).first().waitFor();
      await page.getByText('Bản nháp').first().waitFor();
      // The times were read on the Hanoi clock: the console shows 08:00–11:30 (giờ Hà Nội) on this UTC laptop.
      await page.getByText(/08:00–11:30/).first().waitFor();

      await addAgendaItem(page, ITEM_ONE);
      await addAgendaItem(page, ITEM_TWO);

      // A paper for item 1, titled before it is sent: the file name is proposed, the secretary writes the real title.
      await page.getByRole('tab', { name: 'Tài liệu' }).click();
      const desk = page.getByTestId('papers-manager').locator('li.ec-papers-desk__item', { hasText: ITEM_ONE });
      await desk.getByLabel('Tải lên tài liệu cho nội dung 1').setInputFiles({ name: 'bao_cao_du_toan_2026.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() });
      const paperTitle = desk.getByRole('textbox', { name: 'Tên tài liệu' });
      expect(await paperTitle.inputValue()).toBe('bao cao du toan 2026');
      await paperTitle.fill('Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2026 (Bộ Tài chính)');
      await saveScreenshot(page, `prepare-meeting-paper-title-${viewport}`);
      await desk.getByRole('button', { name: 'Tải lên', exact: true }).click();
      await desk.locator('li.ec-papers-desk__paper', { hasText: 'Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2026 (Bộ Tài chính)' }).waitFor();
      await page.getByRole('tab', { name: 'Chương trình họp' }).click();

      // Conflict of interest: member2 takes no part in item 2.
      await page.getByRole('button', { name: 'Thêm thao tác với nội dung 2' }).click();
      await page.getByRole('menuitem', { name: 'Không tham dự nội dung (xung đột lợi ích)' }).click();
      const exclusions = page.getByRole('dialog');
      await exclusions.getByRole('heading', { name: 'Không tham dự nội dung 2 (xung đột lợi ích)' }).waitFor();
      await exclusions.getByRole('checkbox', { name: /Phạm Thị Lan/ }).check();
      await exclusions.getByRole('button', { name: 'Lưu' }).click();
      await exclusions.waitFor({ state: 'detached' });
      const itemTwo = page.locator('[data-agenda-row]', { hasText: ITEM_TWO });
      await itemTwo.getByTestId('item-excluded').getByText('Không tham dự: Phạm Thị Lan').waitFor();
      expect(await page.locator('[data-agenda-row]', { hasText: ITEM_ONE }).getByTestId('item-excluded').count()).toBe(0);
      await saveScreenshot(page, `prepare-meeting-agenda-${viewport}`);

      // The delegate was kept: the edit page shows him standing in for member1.
      await page.getByTestId('edit-meeting').click();
      await page.getByRole('heading', { name: 'Sửa thông tin phiên họp', level: 1 }).waitFor();
      const kept = page.locator('[data-participant="Trịnh Văn Khải"]');
      await kept.getByTestId('participant-delegate-for').getByText('Lê Quang Huy').waitFor();
      expect(await page.getByTestId('meeting-starts').inputValue()).toBe('2027-01-14T08:00');
      await page.getByRole('link', { name: 'Hủy' }).click();
      await page.waitForURL(/\/console$/);

      // Published after confirming.
      await page.locator('[data-status-action="published"]').click();
      const confirm = page.locator('ec-confirm-dialog');
      await confirm.getByText('Phát hành phiên họp?').waitFor();
      await confirm.getByRole('button', { name: 'Phát hành' }).click();
      await page.getByText('Đã phát hành').first().waitFor();
      await saveScreenshot(page, `prepare-meeting-published-${viewport}`);

      // member1 finds it in his list, as a member of the Government.
      await signIn(member.page, 'member1');
      await member.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
      // (Found by its id: a journey run twice against one server creates the same title twice.)
      const row = member.page.locator(`li.ec-meeting[data-meeting-id="${meetingId}"]`, { hasText: title });
      await row.waitFor();
      await row.getByText('Tham dự với tư cách: Thành viên Chính phủ').waitFor();
      await row.getByText('2 nội dung').waitFor();
      expect(await member.page.getByRole('link', { name: 'Tạo phiên họp' }).count()).toBe(0);
      await row.scrollIntoViewIfNeeded();
      await saveScreenshot(member.page, `prepare-meeting-member-list-${viewport}`);
    } finally {
      await secretary.context.close();
      await member.context.close();
    }
  });
});
