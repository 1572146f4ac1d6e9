import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, launchBrowser, saveScreenshot } from '../support/browser';
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
const BALLOT = 'Lấy ý kiến về dự thảo Nghị định sửa đổi lệ phí trước bạ';

let browser: Browser;
let server: FreshServer;

beforeAll(async () => {
  server = await startFreshServer(ADMIN);
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
      await c.getByRole('button', { name: 'Duyệt' }).click();
      await confirmIn(c, 'Duyệt phiếu lấy ý kiến?', 'Duyệt');
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
