import type { Locator, Page } from 'playwright-core';

/** Opens a Material select and picks the option, as a person would. */
export async function chooseOption(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).click();
}

/** Adds a top-level agenda item from the console's agenda editor and waits until it is listed. */
export async function addAgendaItem(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Thêm nội dung' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Tên nội dung').fill(title);
  await dialog.getByRole('button', { name: 'Tạo', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByTestId('console-agenda').getByText(title).waitFor();
}

/** In the console: marks a participant present in the room, then opens the session (*Khai mạc*, confirmed). */
export async function markPresentAndOpenSession(page: Page, fullName: string): Promise<void> {
  await page.getByRole('tab', { name: 'Điểm danh' }).click();
  await page.getByRole('combobox', { name: `Điểm danh ${fullName}` }).click();
  await page.getByRole('option', { name: 'Có mặt' }).click();
  await page.getByRole('combobox', { name: `Điểm danh ${fullName}` }).getByText('Có mặt').waitFor();
  await page.locator('[data-status-action="in_session"]').click();
  await page.getByRole('alertdialog', { name: 'Khai mạc phiên họp?' }).getByRole('button', { name: 'Khai mạc' }).click();
}
