import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { markPresentAndOpenSession } from '../support/console-steps';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const POWER = 'Phương án điều chỉnh giá bán lẻ điện bình quân';
const NOTE = 'Đề nghị lùi thời điểm điều chỉnh giá điện sang quý II.';
const DECREE = 'Đề nghị xây dựng Nghị định quy định về phiên họp điện tử của Chính phủ';
const CONCLUSION = 'Thống nhất phương án; giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện.';
const REVISED_CONCLUSION = 'Thống nhất phương án; giao Bộ Công Thương hoàn thiện lộ trình điều chỉnh giá điện, báo cáo Thủ tướng trước ngày 15/12.';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

/** Drags with the mouse in small steps, as a person would (CDK needs real pointer moves). */
async function dragTo(page: Page, handle: Locator, target: Locator): Promise<void> {
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  const x = from.x + from.width / 2;
  const y = from.y + from.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 10, { steps: 4 });
  await page.mouse.move(x, to.y + 6, { steps: 25 });
  await page.waitForTimeout(200);
  await page.mouse.up();
}

const topLevelTitles = (agenda: Locator) => agenda.locator(':scope > li > .ec-agenda__row .ec-agenda__title').allTextContents();

it('a secretary reorders the agenda and runs the session; a member follows live, marks positions, votes twice on an item and is queued to speak', async () => {
  const secretary = await openPage(browser, 'desktop');
  const member = await openPage(browser, 'tablet');
  try {
    // The secretariat opens the console of the published demo meeting.
    await signIn(secretary.page, 'secretary');
    await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    const listed = secretary.page.locator('li.ec-meeting', { hasText: MEETING });
    await listed.waitFor();
    await saveScreenshot(secretary.page, 'f-meetings-list-desktop');
    await listed.getByRole('link', { name: 'Điều hành' }).click();
    await secretary.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    const consoleAgenda = secretary.page.getByTestId('console-agenda');
    await consoleAgenda.locator('li', { hasText: POWER }).first().waitFor();

    // A member opens the meeting room on a tablet.
    await signIn(member.page, 'member1');
    await member.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await member.page.locator('li.ec-meeting', { hasText: MEETING }).waitFor();
    await saveScreenshot(member.page, 'f-meetings-list-tablet');
    await member.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
    const roomAgenda = member.page.getByTestId('room-agenda');
    await roomAgenda.waitFor();
    await member.page.locator('ec-meeting-live-indicator').getByText('Cập nhật trực tiếp').waitFor();
    // Anything below must reach this page live: a reload would drop this marker.
    await member.page.evaluate(() => Object.assign(window, { e2eSamePage: true }));

    // Before the session the member objects to an item, with a note for the chair.
    const powerItem = member.page.locator('ec-room-agenda-item', { hasText: POWER });
    await powerItem.locator('[data-position="objection"] button').click();
    await member.page.getByText('Đã ghi nhận ý kiến: Phản đối.').waitFor();
    await powerItem.getByRole('button', { name: 'Thêm ghi chú' }).click();
    await powerItem.getByLabel('Ghi chú gửi Chủ tọa và Thư ký').fill(NOTE);
    await powerItem.getByRole('button', { name: 'Lưu ghi chú' }).click();
    await powerItem.getByText(NOTE).waitFor();
    // And wishes to speak on another item: they will be first on its list when it comes up.
    const decreeItem = member.page.locator('ec-room-agenda-item', { hasText: DECREE });
    await decreeItem.locator('[data-position="wish_to_speak"] button').click();
    await member.page.getByText('Đã ghi nhận ý kiến: Đề nghị phát biểu.').waitFor();

    // The secretariat sees who objects, and the note, without reloading.
    await secretary.page.getByRole('tab', { name: 'Ý kiến trước phiên họp' }).click();
    const positionsRow = secretary.page.getByTestId('positions-overview').locator('tr', { hasText: POWER });
    await positionsRow.locator('[data-column="objection"]', { hasText: 'Lê Quang Huy' }).waitFor();
    await positionsRow.locator('[data-column="notes"]', { hasText: NOTE }).waitFor();
    await saveScreenshot(secretary.page, 'f-console-positions-desktop');

    // The secretariat drags the item to the top of the agenda.
    await secretary.page.getByRole('tab', { name: 'Chương trình họp' }).click();
    const powerRow = consoleAgenda.locator(':scope > li', { hasText: POWER });
    await dragTo(secretary.page, powerRow.locator('.ec-agenda__handle'), consoleAgenda.locator(':scope > li').first().locator(':scope > .ec-agenda__row'));
    await secretary.page.waitForFunction(
      (title) => document.querySelector('[data-testid="console-agenda"] > li .ec-agenda__title')?.textContent?.trim() === title,
      POWER,
    );
    expect((await topLevelTitles(consoleAgenda))[0]?.trim()).toBe(POWER);

    // The member's page follows: the item is now number 1, and the page was not reloaded.
    const firstRoomItem = roomAgenda.locator(':scope > li').first().locator('ec-room-agenda-item').first();
    await firstRoomItem.filter({ hasText: POWER }).waitFor();
    expect((await firstRoomItem.locator('.ec-room-item__number').textContent())?.trim()).toBe('1');
    expect(await member.page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);
    // The console knows it: every participant's screen says it shows this version, the member's tablet among them.
    const screens = secretary.page.getByTestId('screens-status');
    await secretary.page.waitForFunction(() => {
      const counted = /^(\d+)\/(\d+) màn hình đã cập nhật$/.exec(document.querySelector('[data-testid="screens-count"]')?.textContent?.trim() ?? '');
      return counted !== null && counted[1] === counted[2] && counted[1] !== '0';
    });
    expect(await screens.getByTestId('screens-participant').filter({ hasText: 'Lê Quang Huy' }).count()).toBe(0);
    await member.page.getByRole('heading', { level: 1, name: MEETING }).scrollIntoViewIfNeeded();
    await saveScreenshot(member.page, 'f-room-tablet');
    await saveScreenshot(secretary.page, 'f-console-agenda-desktop');

    // The session: the member is marked present, the meeting opens, the item comes up.
    await markPresentAndOpenSession(secretary.page, 'Lê Quang Huy');
    await member.page.locator('ec-meeting-status-chip').getByText('Đang họp').waitFor();

    await secretary.page.getByRole('tab', { name: 'Chương trình họp' }).click();
    await secretary.page.getByRole('button', { name: 'Chuyển sang thảo luận nội dung 1' }).click();
    await member.page.getByTestId('current-item').filter({ hasText: POWER }).waitFor();
    await member.page.locator('ec-room-agenda-item.ec-room-item--current', { hasText: POWER }).waitFor();

    // The member asks for the floor; the chair's side gives it.
    await member.page.getByRole('button', { name: 'Đăng ký phát biểu' }).click();
    await member.page.getByText('Bạn ở vị trí 1 trong danh sách chờ').waitFor();
    await secretary.page.getByRole('button', { name: 'Mời Lê Quang Huy phát biểu' }).click();
    await member.page.getByText('Bạn đang phát biểu').waitFor();

    // A named vote: the member agrees, the console counts it live.
    await secretary.page.getByTestId('vote-control').getByRole('button', { name: 'Mở biểu quyết' }).click();
    const votePanel = member.page.getByTestId('vote-panel');
    await votePanel.waitFor();
    await votePanel.locator('[data-choice="agree"]').click();
    await votePanel.getByText('Lựa chọn của bạn: Tán thành').waitFor();
    await secretary.page.getByTestId('console-vote-count').getByText('1/1 đã biểu quyết').waitFor();
    await saveScreenshot(member.page, 'f-room-vote-tablet');
    await saveScreenshot(secretary.page, 'f-console-session-desktop');

    await member.page.setViewportSize({ width: 800, height: 1280 });
    await saveScreenshot(member.page, 'f-room-vote-tablet-portrait');

    await secretary.page.getByTestId('vote-control').getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await secretary.page.getByRole('alertdialog', { name: 'Kết thúc biểu quyết?' }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await votePanel.getByTestId('vote-outcome').getByText('Được thông qua').waitFor();
    await saveScreenshot(member.page, 'f-room-vote-result-tablet-portrait');
    await member.page.setViewportSize({ width: 1440, height: 900 });
    await saveScreenshot(member.page, 'f-room-desktop');
    await secretary.page.setViewportSize({ width: 1280, height: 800 });
    await saveScreenshot(secretary.page, 'f-console-tablet');
    await secretary.page.setViewportSize({ width: 800, height: 1280 });
    await saveScreenshot(secretary.page, 'f-console-tablet-portrait');
    expect(await member.page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);

    // A second vote on the same item, secret; the chair records the conclusion while it is open beside.
    await secretary.page.setViewportSize({ width: 1440, height: 900 });
    await member.page.setViewportSize({ width: 1280, height: 800 });
    const voteControl = secretary.page.getByTestId('vote-control');
    await voteControl.getByLabel('Câu hỏi biểu quyết').fill('Thông qua lộ trình điều chỉnh giá điện?');
    await voteControl.getByRole('checkbox', { name: /Biểu quyết kín/ }).check();
    await voteControl.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await votePanel.locator('[data-choice="disagree"]').click();
    await votePanel.getByText('Lựa chọn của bạn: Không tán thành').waitFor();
    await secretary.page.getByTestId('console-vote-count').getByText('1/1 đã biểu quyết').waitFor();

    await secretary.page.locator('ec-speakers-control').getByRole('button', { name: 'Kết luận', exact: true }).click();
    const conclude = secretary.page.getByRole('dialog', { name: 'Kết luận nội dung 1' });
    await conclude.getByLabel('Kết luận của Chủ tọa').fill(CONCLUSION);
    await saveScreenshot(secretary.page, 'f-console-conclusion-desktop');
    await conclude.getByRole('button', { name: 'Ghi kết luận và kết thúc' }).click();
    await conclude.waitFor({ state: 'detached' });
    // Recorded by the secretariat, it waits for the chair: the member learns that, not its words.
    await powerItem.getByTestId('conclusion-pending').getByText('Kết luận đang chờ Chủ tọa duyệt.').waitFor();
    expect(await powerItem.getByText(CONCLUSION).count()).toBe(0);
    await member.page.locator('ec-room-agenda-item[data-status="done"]', { hasText: POWER }).waitFor();

    await voteControl.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await secretary.page.getByRole('alertdialog', { name: 'Kết thúc biểu quyết?' }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    // Both votes stay on the item, in order: the named one with who chose what, then the secret one.
    const records = powerItem.getByTestId('vote-record');
    await records.nth(1).getByText('Không được thông qua').waitFor();
    expect(await records.count()).toBe(2);
    const [namedVote, secretVote] = (await records.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
    expect(namedVote).toContain('Lần 1');
    expect(namedVote).toContain('Tán thành 1 · Không tán thành 0');
    expect(namedVote).toContain('Tán thành: Lê Quang Huy');
    expect(secretVote).toContain('Lần 2');
    expect(secretVote).toContain('Biểu quyết kín');
    expect(secretVote).toContain('Tán thành 0 · Không tán thành 1');
    expect(secretVote).not.toContain('Lê Quang Huy');
    await voteControl.getByTestId('vote-record').nth(1).waitFor();
    await powerItem.scrollIntoViewIfNeeded();
    await saveScreenshot(member.page, 'f-room-two-votes-tablet');
    await saveScreenshot(secretary.page, 'f-console-two-votes-desktop');

    // The item the member wished to speak on comes up: they are first in line without asking again.
    await consoleAgenda.locator(':scope > li', { hasText: DECREE }).getByRole('button', { name: /^Chuyển sang thảo luận nội dung/ }).click();
    await member.page.getByTestId('current-item').filter({ hasText: DECREE }).waitFor();
    await member.page.getByText('Bạn ở vị trí 1 trong danh sách chờ').waitFor();
    await member.page.locator('ec-current-item-panel').getByText('Đã đăng ký trước').waitFor();
    await secretary.page.getByRole('button', { name: 'Mời Lê Quang Huy phát biểu' }).waitFor();
    // The concluded item stays done when the session moves on.
    await member.page.locator('ec-room-agenda-item[data-status="done"]', { hasText: POWER }).waitFor();
    await saveScreenshot(member.page, 'f-room-presession-speaker-tablet');

    // The secretariat revises the conclusion on the conclusions tab; the chair, from his own
    // console in another time zone, approves the newest version, and the member sees it live.
    await secretary.page.getByTestId('conclusions-tab').click();
    const secretaryConclusion = secretary.page.locator('[data-conclusion-item]', { hasText: POWER });
    await secretaryConclusion.getByText('Chờ Chủ tọa duyệt').waitFor();
    await secretaryConclusion.getByRole('button', { name: /^Sửa kết luận nội dung/ }).click();
    const editor = secretaryConclusion.getByRole('textbox', { name: /^Kết luận nội dung/ });
    expect(await editor.inputValue()).toBe(CONCLUSION);
    await editor.fill(REVISED_CONCLUSION);
    await secretaryConclusion.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await secretaryConclusion.getByTestId('conclusion-draft').getByText('Dự thảo phiên bản 2').waitFor();
    await secretaryConclusion.getByText('Lịch sử (2 phiên bản)').waitFor();
    await saveScreenshot(secretary.page, 'f-console-conclusions-desktop');

    const chair = await openPage(browser, 'desktop', { timezoneId: 'Europe/Paris' });
    try {
      await signIn(chair.page, 'chair');
      await chair.page.goto(secretary.page.url());
      await chair.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
      await chair.page.getByTestId('conclusions-tab').filter({ hasText: 'Kết luận (1 chờ duyệt)' }).click();
      const chairConclusion = chair.page.locator('[data-conclusion-item]', { hasText: POWER });
      await chairConclusion.getByTestId('conclusion-draft').getByText(REVISED_CONCLUSION).waitFor();
      await saveScreenshot(chair.page, 'f-console-conclusions-chair-desktop');
      await chairConclusion.getByRole('button', { name: /^Duyệt kết luận nội dung \d+, phiên bản 2$/ }).click();
      await chairConclusion.getByText('Đã duyệt', { exact: true }).waitFor();
      await powerItem.locator('.ec-room-item__conclusion').getByText(REVISED_CONCLUSION).waitFor();
      expect(await powerItem.getByTestId('conclusion-pending').count()).toBe(0);
      await chair.page.setViewportSize({ width: 1280, height: 800 });
      await saveScreenshot(chair.page, 'f-console-conclusions-chair-tablet');
    } finally {
      await chair.context.close();
    }
    expect(await member.page.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage)).toBe(true);
  } finally {
    await secretary.context.close();
    await member.context.close();
  }
}, 300_000);
