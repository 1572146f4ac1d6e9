import { readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, launchBrowser, saveScreenshot } from '../support/browser';
import { addAgendaItem, chooseOption } from '../support/console-steps';
import { type FreshServer, startFreshServer } from '../support/fresh-server';

/**
 * The whole job from zero, through the web app only: a fresh database without the demo
 * government (`SEED_DEMO=false`) and one administrator made with `create-admin`. The admin
 * creates the users; the secretary prepares and publishes a meeting; a member reads on a tablet
 * and marks positions; the chair runs the session; a ballot goes from draft to report. No API
 * call sets anything up. Each step is photographed at desktop and tablet size
 * (screenshots/z-*.png). The member's tablet runs in another time zone than Hanoi's.
 */

const PASSWORD = 'mat-khau-hanh-trinh-2026';
const ADMIN = { username: 'quantri', fullName: 'Quản trị Hệ thống', password: PASSWORD };

interface Person {
  readonly username: string;
  readonly fullName: string;
  readonly title: string;
  readonly roles: readonly string[];
  readonly assists?: string;
}

const SECRETARY: Person = { username: 'vpcp.thuky', fullName: 'Trần Thu Hà', title: 'Vụ trưởng Vụ Tổng hợp', roles: ['Thư ký (Văn phòng Chính phủ)'] };
const CHAIR: Person = { username: 'thutuong', fullName: 'Lê Minh Đức', title: 'Thủ tướng Chính phủ', roles: ['Chủ tọa', 'Thành viên Chính phủ'] };
const FINANCE: Person = { username: 'bt.taichinh', fullName: 'Phạm Quốc Việt', title: 'Bộ trưởng Bộ Tài chính', roles: ['Thành viên Chính phủ'] };
const INDUSTRY: Person = { username: 'bt.congthuong', fullName: 'Hoàng Thị Ngọc Ánh', title: 'Bộ trưởng Bộ Công Thương', roles: ['Thành viên Chính phủ'] };
const DEPUTY: Person = {
  username: 'tt.congthuong',
  fullName: 'Đỗ Văn Khải',
  title: 'Thứ trưởng Bộ Công Thương',
  roles: ['Người được ủy quyền'],
  assists: INDUSTRY.fullName,
};
const PEOPLE = [SECRETARY, CHAIR, FINANCE, INDUSTRY, DEPUTY];
const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 1 năm 2027';
const ITEM_ONE = 'Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2026';
const ITEM_TWO = 'Đề án cổ phần hóa Tổng công ty Thép Việt Nam';
const PAPER = 'Tờ trình về dự toán ngân sách nhà nước năm 2026 (Bộ Tài chính)';
const CONCLUSION = 'Chính phủ thống nhất thông qua báo cáo; giao Bộ Tài chính hoàn thiện trong tháng 1.';
const BALLOT = 'Lấy ý kiến về dự thảo Nghị định sửa đổi lệ phí trước bạ';

let browser: Browser;
let server: FreshServer;
/** `/meetings/<id>` of the meeting the secretary creates, for the later steps. */
let meetingPath = '';

beforeAll(async () => {
  server = await startFreshServer({ admin: ADMIN });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh profile on the fresh server; `timezoneId` other than Hanoi's where a journey says so. */
async function open(viewport: keyof typeof VIEWPORTS, timezoneId = 'Asia/Ho_Chi_Minh'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: VIEWPORTS[viewport], locale: 'vi-VN', timezoneId, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.locator('ec-shell-layout').waitFor();
}

/** The same screen at both sizes: the page is resized for the tablet shot, then restored. */
async function shoot(page: Page, name: string): Promise<void> {
  const own = page.viewportSize();
  for (const size of ['desktop', 'tablet'] as const) {
    await page.setViewportSize(VIEWPORTS[size]);
    await page.waitForTimeout(150);
    await saveScreenshot(page, `z-${name}-${size}`);
  }
  if (own) await page.setViewportSize(own);
}

async function confirmIn(page: Page, dialogName: string, button: string): Promise<void> {
  const dialog = page.getByRole('alertdialog', { name: dialogName });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** A `datetime-local` value `ms` from now in the page's zone (the secretary's device runs on Hanoi time). */
function localInputIn(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const date = new Date(Math.ceil((Date.now() + ahead) / 60_000) * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, ms);
}

async function onePagePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('State budget 2026: the Ministry of Finance submission', { x: 60, y: 760, size: 16, font });
  return Buffer.from(await document.save());
}

async function nav(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: link }).click();
}

describe('the whole job from zero, in the web app only', () => {
  it('the administrator creates the government: a secretary, the chair, two ministers and a deputy who assists one of them', async () => {
    const { context, page } = await open('desktop');
    try {
      await signIn(page, ADMIN.username);
      await nav(page, 'Người dùng');
      await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
      for (const person of PEOPLE) {
        await page.getByRole('button', { name: 'Thêm người dùng' }).click();
        const dialog = page.getByRole('dialog', { name: 'Thêm người dùng' });
        await dialog.getByLabel('Tên đăng nhập').fill(person.username);
        await dialog.getByLabel('Họ và tên').fill(person.fullName);
        await dialog.getByLabel('Chức vụ').fill(person.title);
        await dialog.getByLabel('Mật khẩu ban đầu').fill(PASSWORD);
        for (const role of person.roles) await dialog.getByRole('checkbox', { name: role }).check();
        if (person.assists) {
          await dialog.getByTestId('user-assists').click();
          await page.getByRole('option', { name: person.assists }).click();
          await page.keyboard.press('Escape');
        }
        if (person === DEPUTY) await shoot(page, '01-admin-creates-deputy');
        await dialog.getByRole('button', { name: 'Tạo' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.getByText(`Đã tạo người dùng ${person.fullName}.`).waitFor();
      }
      for (const person of PEOPLE) await page.locator(`tr[data-username="${person.username}"]`).waitFor();
      await shoot(page, '02-admin-users');
    } finally {
      await context.close();
    }
  });
  it('the secretary prepares and publishes a meeting; a minister abroad is notified live and opens it from the bell', async () => {
    const secretary = await open('desktop');
    const finance = await open('tablet', 'Europe/Paris');
    try {
      // The minister is signed in already, abroad: the bell must ring without a reload.
      await signIn(finance.page, FINANCE.username);
      await finance.page.getByTestId('notification-bell').waitFor();

      const s = secretary.page;
      await signIn(s, SECRETARY.username);
      await nav(s, 'Phiên họp');
      await s.getByRole('link', { name: 'Tạo phiên họp' }).click();
      await s.getByRole('heading', { name: 'Tạo phiên họp', level: 1 }).waitFor();
      await s.getByTestId('meeting-title').fill(MEETING);
      await s.getByTestId('meeting-place').fill('Phòng họp số 1, Trụ sở Chính phủ');
      await s.getByTestId('meeting-starts').fill('2027-01-14T08:00');
      await s.getByTestId('meeting-ends').fill('2027-01-14T11:30');
      await shoot(s, '03-meeting-form');

      // Every member of the Government, and the deputy minister standing in for his minister.
      await s.getByTestId('participants-add-members').click();
      for (const person of [CHAIR, FINANCE, INDUSTRY]) await s.locator(`[data-participant="${person.fullName}"]`).waitFor();
      await chooseOption(s, s.getByTestId('participant-add'), new RegExp(DEPUTY.fullName));
      const deputy = s.locator(`[data-participant="${DEPUTY.fullName}"]`);
      await chooseOption(s, deputy.getByTestId('participant-role'), 'Người dự thay');
      await chooseOption(s, deputy.getByTestId('participant-delegate-for'), INDUSTRY.fullName);
      await s.getByTestId('participants-editor').scrollIntoViewIfNeeded();
      await shoot(s, '04-meeting-participants');
      await s.getByTestId('meeting-save').click();
      await s.waitForURL(/\/meetings\/[^/]+\/console$/);
      meetingPath = new URL(s.url()).pathname.replace(/\/console$/, '');

      // The agenda, a paper with its real title, an exclusion for a conflict of interest.
      await addAgendaItem(s, ITEM_ONE);
      await addAgendaItem(s, ITEM_TWO);
      await s.getByRole('tab', { name: 'Tài liệu' }).click();
      const desk = s.getByTestId('papers-manager').locator('li.ec-papers-desk__item', { hasText: ITEM_ONE });
      await desk.getByLabel('Tải lên tài liệu cho nội dung 1').setInputFiles({ name: 'to_trinh.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() });
      await desk.getByRole('textbox', { name: 'Tên tài liệu' }).fill(PAPER);
      await desk.getByRole('button', { name: 'Tải lên', exact: true }).click();
      await desk.locator('li.ec-papers-desk__paper', { hasText: PAPER }).waitFor();
      await shoot(s, '05-meeting-papers');
      await s.getByRole('tab', { name: 'Chương trình họp' }).click();
      await s.getByRole('button', { name: 'Thêm thao tác với nội dung 2' }).click();
      await s.getByRole('menuitem', { name: 'Không tham dự nội dung (xung đột lợi ích)' }).click();
      const exclusions = s.getByRole('dialog');
      await exclusions.getByRole('checkbox', { name: new RegExp(FINANCE.fullName) }).check();
      await exclusions.getByRole('button', { name: 'Lưu' }).click();
      await exclusions.waitFor({ state: 'detached' });
      await s.locator('[data-agenda-row]', { hasText: ITEM_TWO }).getByTestId('item-excluded').getByText(`Không tham dự: ${FINANCE.fullName}`).waitFor();
      await shoot(s, '06-meeting-agenda');

      await s.locator('[data-status-action="published"]').click();
      await s.locator('ec-confirm-dialog').getByRole('button', { name: 'Phát hành' }).click();
      await s.getByText('Đã phát hành').first().waitFor();

      // The bell rings on the minister's tablet; opening the notification opens the meeting.
      const f = finance.page;
      await f.getByTestId('notification-count').getByText('1').waitFor();
      await f.getByTestId('notification-bell').click();
      await shoot(f, '07-member-bell');
      await f.getByTestId('notification-item').filter({ hasText: MEETING }).click();
      await f.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      // On Paris time, the meeting still reads on the Government's clock, named.
      await f.getByText(/08:00–11:30 \(giờ Hà Nội\)/).first().waitFor();
      await shoot(f, '08-member-room');

      // He reads the paper, then wishes to speak on item 1 before the session.
      await f.locator('ec-paper-list li', { hasText: PAPER }).getByRole('link', { name: `Đọc tài liệu: ${PAPER}` }).click();
      await f.getByTestId('reader-title').getByText(PAPER).waitFor();
      await f.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor();
      await shoot(f, '09-member-reader');
      await f.getByRole('link', { name: 'Về phiên họp' }).click();
      const itemOne = f.locator('ec-room-agenda-item', { hasText: ITEM_ONE });
      await itemOne.locator('[data-position="wish_to_speak"] button').click();
      await f.getByText('Đã ghi nhận ý kiến: Đề nghị phát biểu.').waitFor();
      await shoot(f, '10-member-position');
    } finally {
      await Promise.all([secretary, finance].map(({ context }) => context.close()));
    }
  });

  it('the chair runs the session: the minister who asked in advance speaks first, a named and a secret vote both stay shown, the conclusion is recorded', async () => {
    const chair = await open('desktop');
    const finance = await open('tablet', 'Europe/Paris');
    try {
      const c = chair.page;
      await signIn(c, CHAIR.username);
      await c.goto(`${meetingPath}/console`);
      await c.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      const f = finance.page;
      await signIn(f, FINANCE.username);
      await f.goto(meetingPath);
      await f.getByRole('heading', { level: 1, name: MEETING }).waitFor();

      await c.getByRole('tab', { name: 'Điểm danh' }).click();
      await c.getByRole('combobox', { name: `Điểm danh ${FINANCE.fullName}` }).click();
      await c.getByRole('option', { name: 'Có mặt' }).click();
      await c.locator('[data-status-action="in_session"]').click();
      await c.getByRole('alertdialog', { name: 'Khai mạc phiên họp?' }).getByRole('button', { name: 'Khai mạc' }).click();
      await f.locator('ec-meeting-status-chip').getByText('Đang họp').waitFor();

      await c.getByRole('tab', { name: 'Chương trình họp' }).click();
      await c.getByRole('button', { name: 'Chuyển sang thảo luận nội dung 1' }).click();
      await f.getByTestId('current-item').filter({ hasText: ITEM_ONE }).waitFor();
      // Asked before the session: first in line, without asking again.
      await f.getByText('Bạn ở vị trí 1 trong danh sách chờ').waitFor();
      await c.getByRole('button', { name: `Mời ${FINANCE.fullName} phát biểu` }).click();
      await f.getByText('Bạn đang phát biểu').waitFor();
      await shoot(c, '11-chair-console-speaker');

      const voteControl = c.getByTestId('vote-control');
      const votePanel = f.getByTestId('vote-panel');
      await voteControl.getByLabel('Câu hỏi biểu quyết').fill('Thông qua báo cáo dự toán ngân sách năm 2026?');
      await voteControl.getByRole('button', { name: 'Mở biểu quyết' }).click();
      await votePanel.locator('[data-choice="agree"]').click();
      await votePanel.getByText('Lựa chọn của bạn: Tán thành').waitFor();
      await shoot(f, '12-member-vote');
      await voteControl.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
      await c.getByRole('alertdialog', { name: 'Kết thúc biểu quyết?' }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();

      await voteControl.getByLabel('Câu hỏi biểu quyết').fill('Giao Bộ Tài chính trình phương án bổ sung dự toán?');
      await voteControl.getByRole('checkbox', { name: /Biểu quyết kín/ }).check();
      await voteControl.getByRole('button', { name: 'Mở biểu quyết' }).click();
      await votePanel.locator('[data-choice="disagree"]').click();
      await votePanel.getByText('Lựa chọn của bạn: Không tán thành').waitFor();
      await voteControl.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
      await c.getByRole('alertdialog', { name: 'Kết thúc biểu quyết?' }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();

      await c.locator('ec-speakers-control').getByRole('button', { name: 'Kết luận', exact: true }).click();
      const conclude = c.getByRole('dialog', { name: 'Kết luận nội dung 1' });
      await conclude.getByLabel('Kết luận của Chủ tọa').fill(CONCLUSION);
      await conclude.getByRole('button', { name: 'Ghi kết luận và kết thúc' }).click();
      await conclude.waitFor({ state: 'detached' });

      // At the end both votes are still shown to the member, in order, with the conclusion.
      const itemOne = f.locator('ec-room-agenda-item', { hasText: ITEM_ONE });
      await itemOne.getByText(CONCLUSION).waitFor();
      const records = itemOne.getByTestId('vote-record');
      await records.nth(1).waitFor();
      const [named, secret] = (await records.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
      expect(named).toContain('Lần 1');
      expect(named).toContain(FINANCE.fullName);
      expect(secret).toContain('Lần 2');
      expect(secret).toContain('Biểu quyết kín');
      expect(secret).not.toContain(FINANCE.fullName);
      await itemOne.scrollIntoViewIfNeeded();
      await shoot(f, '13-member-two-votes');
      await shoot(c, '14-chair-console-done');
    } finally {
      await Promise.all([chair, finance].map(({ context }) => context.close()));
    }
  });

  it('a written opinion ballot goes from draft to signed answers to the synthesis report', async () => {
    const secretary = await open('desktop');
    const chair = await open('desktop');
    const finance = await open('tablet', 'Europe/Paris');
    const industry = await open('tablet');
    try {
      const s = secretary.page;
      await signIn(s, SECRETARY.username);
      await nav(s, 'Quản lý phiếu');
      await s.getByRole('link', { name: 'Soạn phiếu mới' }).click();
      await s.getByLabel('Tên phiếu').fill(BALLOT);
      await s.getByLabel('Tóm tắt vấn đề xin ý kiến').fill('Bộ Tài chính trình dự thảo Nghị định về phí trước bạ; còn một vấn đề các Bộ có ý kiến khác nhau.');
      await s.getByLabel('Nội dung câu hỏi 1').fill('Giảm 50% lệ phí trước bạ đến hết năm 2027?');
      await s.getByTestId('ballot-deadline').fill(await localInputIn(s, 2 * 24 * 3_600_000));
      await s.getByTestId('recipients-chosen').click();
      for (const person of [FINANCE, INDUSTRY]) await s.locator(`[data-recipient="${person.fullName}"]`).getByRole('checkbox').check();
      await s.getByTestId('recipients-count').getByText('Đã chọn 2 người nhận.').waitFor();
      await shoot(s, '20-ballot-editor');
      await s.getByRole('button', { name: 'Lưu bản nháp' }).click();
      await s.waitForURL(/\/ballot-desk\/[0-9a-f-]{36}$/);
      await s.getByRole('button', { name: 'Trình duyệt' }).click();
      await confirmIn(s, 'Trình Chủ tọa duyệt phiếu?', 'Trình duyệt');

      const c = chair.page;
      await signIn(c, CHAIR.username);
      await nav(c, 'Quản lý phiếu');
      await c.getByRole('link', { name: BALLOT }).click();
      await c.getByRole('button', { name: 'Ký duyệt', exact: true }).click();
      await confirmIn(c, 'Ký duyệt phiếu lấy ý kiến?', 'Ký duyệt');
      await c.getByTestId('ballot-status').getByText('Đã duyệt').waitFor();

      await s.getByRole('button', { name: 'Phát hành' }).click();
      await confirmIn(s, 'Phát hành phiếu lấy ý kiến?', 'Phát hành');
      await s.getByTestId('ballot-status').getByText('Đang lấy ý kiến').waitFor();
      await shoot(s, '21-ballot-issued');

      // Each minister answers and signs on his own device (one of them abroad, on Paris time).
      for (const [member, person, choice] of [
        [finance, FINANCE, 'Tán thành'],
        [industry, INDUSTRY, 'Không tán thành'],
      ] as const) {
        const m = member.page;
        await signIn(m, person.username);
        await nav(m, 'Phiếu của tôi');
        await m.getByRole('link', { name: BALLOT }).click();
        await m.getByRole('heading', { name: BALLOT, level: 1 }).waitFor();
        await m.locator('li[data-question="1"]').getByRole('radio', { name: choice, exact: true }).check();
        if (person === FINANCE) await shoot(m, '22-ballot-answer');
        await m.getByRole('button', { name: 'Ký và gửi' }).click();
        await confirmIn(m, 'Ký và gửi ý kiến?', 'Ký và gửi');
        await m.getByTestId('receipt').getByTestId('receipt-revision').getByText('1', { exact: true }).waitFor();
      }
      await shoot(finance.page, '23-ballot-receipt');

      // Everyone answered: the secretariat closes early and downloads the report.
      const board = s.getByTestId('tracking');
      await board.locator(`tr[data-recipient="${INDUSTRY.fullName}"]`).getByText('Đã trả lời · Lần 1').waitFor();
      await s.getByRole('button', { name: 'Kết thúc sớm' }).click();
      await confirmIn(s, 'Kết thúc phiếu lấy ý kiến?', 'Kết thúc sớm');
      await s.getByTestId('ballot-status').getByText('Đã kết thúc').waitFor();
      await s.getByTestId('tally').waitFor();
      await shoot(s, '24-ballot-result');
      const [report] = await Promise.all([s.waitForEvent('download'), s.getByRole('button', { name: 'Tải báo cáo tổng hợp (PDF)' }).click()]);
      expect(readFileSync((await report.path()) ?? '').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await Promise.all([secretary, chair, finance, industry].map(({ context }) => context.close()));
    }
  });
});
