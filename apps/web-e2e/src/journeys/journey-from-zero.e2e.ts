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
});
