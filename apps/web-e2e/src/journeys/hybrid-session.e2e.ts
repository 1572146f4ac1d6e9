import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { startFreshServer, type FreshServer } from '../support/fresh-server';

const VIDEO_SECRET = 'a-jitsi-app-secret-of-at-least-32-chars';

/**
 * No video server runs here: a local stand-in serves Jitsi's `external_api.js`. Like the real one
 * it builds the call inside the page's element from the options the app gives it (the JWT among
 * them, kept for the journey to check), and says when the conference is joined.
 */
const JITSI_STUB = `
window.JitsiMeetExternalAPI = class {
  constructor(domain, options) {
    this.listeners = {};
    window.jitsiStub = { domain, roomName: options.roomName, jwt: options.jwt, displayName: options.userInfo && options.userInfo.displayName };
    this.frame = document.createElement('div');
    this.frame.setAttribute('data-testid', 'jitsi-stub');
    this.frame.textContent = 'Jitsi · ' + options.roomName + ' · ' + (options.userInfo && options.userInfo.displayName);
    this.frame.style.cssText = 'display:flex;align-items:center;justify-content:center;height:100%;color:#fff;font:14px sans-serif';
    options.parentNode.appendChild(this.frame);
    setTimeout(() => (this.listeners.videoConferenceJoined || []).forEach((listener) => listener({ roomName: options.roomName })), 200);
  }
  addListener(event, listener) { (this.listeners[event] = this.listeners[event] || []).push(listener); }
  dispose() { this.frame.remove(); window.jitsiStub.disposed = true; }
};`;

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';
const ITEM = 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026';

let browser: Browser;
let server: FreshServer;
let jitsi: Server;
beforeAll(async () => {
  browser = await launchBrowser();
  jitsi = createServer((request, response) => {
    if (request.url !== '/external_api.js') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(JITSI_STUB);
  });
  await new Promise<void>((resolve) => jitsi.listen(0, '127.0.0.1', resolve));
  const jitsiUrl = `http://127.0.0.1:${(jitsi.address() as AddressInfo).port}`;
  // A demo government of its own, its calls on the Jitsi stand-in: the session run here must not meet other journeys'.
  server = await startFreshServer({ env: { VIDEO_PROVIDER: 'jitsi', VIDEO_URL: jitsiUrl, VIDEO_KEY: 'ecabinet', VIDEO_SECRET } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  jitsi?.close();
});

/** A TV's browser: no account, the address typed once; it shows a code to pair. */
async function openScreen(width: number, height: number, timezoneId: string): Promise<{ page: Page; code: string }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width, height }, locale: 'vi-VN', timezoneId, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto('/screen');
  await page.getByRole('heading', { name: 'Ghép màn hình trình chiếu' }).waitFor();
  const code = ((await page.getByTestId('pairing-code').textContent()) ?? '').replace(/\s/g, '');
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  return { page, code };
}

async function pairInConsole(console: Page, code: string, label: string): Promise<void> {
  const panel = console.getByTestId('room-screens');
  await panel.getByLabel('Mã trên màn hình').fill(code.toLowerCase());
  await panel.getByLabel('Tên màn hình').fill(label);
  await panel.getByRole('button', { name: 'Ghép màn hình' }).click();
  await panel.getByTestId('room-screens-outcome').getByText(`Đã ghép “${label}”`).waitFor();
}

it('a hybrid session: the secretariat pairs the room\'s screens by their codes and checks a minister in from a picture of his QR code and seats the ministers on a map; a minister away joins the call from the meeting page and counts as remote, and chats (channel, private, muted); the wall follows the session (item, speaker countdown, queue, a secret vote\'s totals); every screen is current; a revoked screen goes back to a code', async () => {
  const wall = await openScreen(1920, 1080, 'America/New_York');
  const wall4k = await openScreen(3840, 2160, 'Asia/Ho_Chi_Minh');
  await saveScreenshot(wall.page, 'r-room-screen-pairing-1080p');
  const secretary = await openPage(browser, 'desktop', { baseURL: server.baseUrl, timezoneId: 'Europe/Paris' });
  const member = await openPage(browser, 'tablet', { baseURL: server.baseUrl });
  const remote = await openPage(browser, 'tablet', { baseURL: server.baseUrl, timezoneId: 'Asia/Tokyo' });

  // The secretariat opens the console and enters the codes; a mistyped one is refused plainly.
  await signIn(secretary.page, 'secretary');
  await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
  await secretary.page.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
  await secretary.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
  const panel = secretary.page.getByTestId('room-screens');
  await panel.getByText('Chưa ghép màn hình nào.').waitFor();
  await panel.getByLabel('Mã trên màn hình').fill('AAAAAA');
  await panel.getByRole('button', { name: 'Ghép màn hình' }).click();
  await panel.getByTestId('room-screens-outcome').getByText('Không có màn hình nào đang hiển thị mã này', { exact: false }).waitFor();
  await pairInConsole(secretary.page, wall.code, 'Màn hình chính');
  await pairInConsole(secretary.page, wall4k.code, 'Máy chiếu 4K');

  // Each screen takes its credential and shows the meeting, before it opens.
  for (const screen of [wall.page, wall4k.page]) {
    await screen.getByTestId('screen-title').getByText(MEETING).waitFor();
    await screen.getByTestId('screen-status').getByText('Sắp diễn ra').waitFor();
    await screen.getByTestId('screen-live').getByText('Trực tiếp').waitFor();
  }
  await wall.page.getByText('Chưa bắt đầu nội dung nào').waitFor();
  // Times are the Government's (Hanoi), whatever the TV's own zone.
  const clock = await wall.page.getByTestId('screen-clock').textContent();
  const hanoi = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
  expect(Math.abs(toMinutes(clock?.trim() ?? '') - toMinutes(hanoi)) % (24 * 60)).toBeLessThanOrEqual(1);
  await panel.getByTestId('room-screen').filter({ hasText: 'Màn hình chính' }).getByText('Đang hiển thị').waitFor({ timeout: 20_000 });

  // The session opens; an item comes up; a member asks for the floor from his tablet and gets it.
  // Lê Quang Huy arrives at the door: his tablet shows his check-in code, and the secretariat's tablet reads it from a picture.
  await signIn(member.page, 'member1');
  await member.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
  await member.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
  await member.page.getByTestId('check-in-code').getByRole('button', { name: 'Hiện mã điểm danh' }).click();
  const qr = member.page.getByTestId('check-in-qr');
  await qr.waitFor();
  await saveScreenshot(member.page, 'r-room-check-in-code-tablet');
  const picture = join(tmpdir(), `ecabinet-qr-${Date.now()}.png`);
  await qr.screenshot({ path: picture });
  await secretary.page.getByRole('tab', { name: 'Điểm danh' }).click();
  const scanner = secretary.page.getByTestId('check-in-scanner');
  await scanner.getByTestId('check-in-image').setInputFiles(picture);
  await scanner.getByText('Đã điểm danh có mặt: Lê Quang Huy.').waitFor();
  await secretary.page.getByRole('combobox', { name: 'Điểm danh Lê Quang Huy' }).getByText('Có mặt').waitFor();
  // The same code again: said plainly, nothing changes.
  await scanner.getByTestId('check-in-image').setInputFiles(picture);
  await scanner.getByText(/^Lê Quang Huy đã được điểm danh lúc /).waitFor();
  await saveScreenshot(secretary.page, 'r-console-check-in-desktop');

  // The secretariat draws the room (two rows of five) and seats two ministers.
  await secretary.page.getByRole('tab', { name: 'Sơ đồ chỗ ngồi' }).click();
  const seating = secretary.page.getByTestId('seat-plan');
  await seating.getByRole('button', { name: 'Vẽ phòng họp mới' }).click();
  await seating.getByLabel('Tên phòng họp').fill('Phòng họp A');
  await seating.getByLabel('Số hàng ghế').fill('2');
  await seating.getByLabel('Số ghế mỗi hàng').fill('5');
  await seating.getByRole('button', { name: 'Lưu sơ đồ phòng' }).click();
  await seating.getByText('Đã lưu sơ đồ phòng “Phòng họp A”.').waitFor();
  for (const [name, seat] of [['Lê Quang Huy', 'A1'], ['Phạm Thị Lan', 'A2']]) {
    // By keyboard, as a secretary at a tablet's keyboard would: the empty field's label covers the select.
    await seating.getByTestId('seat-person').focus();
    await secretary.page.keyboard.press('Enter');
    await secretary.page.getByRole('option', { name }).click();
    await seating.getByRole('button', { name: `Ghế ${seat}: trống` }).click();
  }
  await seating.getByRole('button', { name: 'Lưu xếp chỗ' }).click();
  await seating.getByText('Đã lưu xếp chỗ ngồi.', { exact: false }).waitFor();
  await seating.getByRole('button', { name: 'Ghế A1: Lê Quang Huy, Có mặt' }).waitFor();
  await wall.page.getByTestId('screen-seats').locator('.rs-seat[data-state="in_room"]', { hasText: 'A1' }).waitFor();
  // A seat renamed in place (the secretariat's own seat at the end of the first row): the seating stays.
  await seating.getByRole('button', { name: 'Đổi tên hàng, ghế' }).click();
  await seating.getByLabel('Tên ghế thứ 5 của hàng thứ 1').fill('Thư ký');
  await seating.getByTestId('seat-rename-form').scrollIntoViewIfNeeded();
  await saveScreenshot(secretary.page, 'r-console-seat-rename-desktop');
  await seating.getByRole('button', { name: 'Lưu tên hàng, ghế' }).click();
  await seating.getByText('Đã lưu tên hàng, ghế của phòng “Phòng họp A”.').waitFor();
  await seating.getByRole('button', { name: 'Ghế Thư ký: trống' }).waitFor();
  await seating.getByRole('button', { name: 'Ghế A1: Lê Quang Huy, Có mặt' }).waitFor();
  await secretary.page.locator('[data-status-action="in_session"]').click();
  await secretary.page.getByRole('alertdialog', { name: 'Khai mạc phiên họp?' }).getByRole('button', { name: 'Khai mạc' }).click();
  await wall.page.getByTestId('screen-status').getByText('Đang họp').waitFor();
  await secretary.page.getByRole('tab', { name: 'Chương trình họp' }).click();
  await secretary.page.getByRole('button', { name: 'Chuyển sang thảo luận nội dung 1', exact: true }).click();
  await wall.page.getByTestId('screen-item').getByText(ITEM, { exact: false }).waitFor();
  await wall.page.getByTestId('screen-item-time').getByText('dự kiến', { exact: false }).waitFor();

  // A minister abroad joins the call from the meeting's page: the call opens beside the agenda, with his pass.
  await signIn(remote.page, 'member2');
  await remote.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
  await remote.page.getByRole('link', { name: `Vào phòng họp: ${MEETING}` }).click();
  const call = remote.page.getByTestId('meeting-call');
  await call.getByRole('button', { name: 'Tham gia họp trực tuyến' }).click();
  await call.getByTestId('jitsi-stub').waitFor();
  await call.getByText('Đã ghi nhận bạn dự họp trực tuyến.').waitFor();
  const pass = (await remote.page.evaluate(() => (window as unknown as { jitsiStub: { roomName: string; jwt: string; displayName: string } }).jitsiStub)) as { roomName: string; jwt: string; displayName: string };
  expect(pass.displayName).toBe('Phạm Thị Lan');
  // The JWT is the one Jitsi's token authentication would accept: signed with the app secret, for this room and this person.
  const [header, payload, signature] = pass.jwt.split('.');
  expect(createHmac('sha256', VIDEO_SECRET).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ aud: 'jitsi', iss: 'ecabinet', room: pass.roomName, context: { user: { name: 'Phạm Thị Lan', moderator: 'false' } } });
  await saveScreenshot(remote.page, 'r-room-call-tablet');
  // The console counts her present, remotely: the wall's quorum follows.
  await secretary.page.getByRole('tab', { name: 'Điểm danh' }).click();
  await secretary.page.getByRole('combobox', { name: 'Điểm danh Phạm Thị Lan' }).getByText('Họp trực tuyến').waitFor();
  await wall.page.getByText('Có mặt 2/9', { exact: false }).waitFor();
  await secretary.page.getByRole('tab', { name: 'Chương trình họp' }).click();

  // Chat: she writes in the meeting's channel; the console reads it live; she writes privately to the chair's side.
  const remoteChat = remote.page.getByTestId('meeting-chat');
  await remoteChat.getByLabel('Nội dung tin nhắn').fill('Tôi đã vào họp trực tuyến từ Tokyo. <b>Âm thanh</b> tốt.');
  await remoteChat.getByRole('button', { name: 'Gửi' }).click();
  const consoleChat = secretary.page.getByTestId('meeting-chat');
  await consoleChat.getByText('Tôi đã vào họp trực tuyến từ Tokyo. <b>Âm thanh</b> tốt.').waitFor();
  await remoteChat.getByTestId('chat-conversation').click();
  await remote.page.getByRole('option', { name: 'Nhắn riêng với Lê Quang Huy' }).click();
  await remoteChat.getByLabel('Nội dung tin nhắn').fill('Anh Huy xem giúp phụ lục 2.');
  await remoteChat.getByRole('button', { name: 'Gửi' }).click();
  await remoteChat.getByTestId('chat-messages').getByText('Anh Huy xem giúp phụ lục 2.').waitFor();
  // The secretariat mutes her in the channel: she is told at once; the private message never reached the console.
  await consoleChat.getByRole('button', { name: 'Tạm khóa' }).click();
  await consoleChat.getByRole('button', { name: 'Mở khóa' }).waitFor();
  await remoteChat.getByTestId('chat-conversation').click();
  await remote.page.getByRole('option', { name: /^Kênh chung của phiên họp/ }).click();
  await remoteChat.getByTestId('chat-muted').waitFor();
  expect(await consoleChat.getByText('Anh Huy xem giúp phụ lục 2.').count()).toBe(0);
  await saveScreenshot(remote.page, 'r-room-chat-tablet');

  // He finds her private message waiting, counted unread.
  const memberChat = member.page.getByTestId('meeting-chat');
  await memberChat.getByTestId('chat-unread').getByText('1').waitFor();
  await memberChat.getByTestId('chat-conversation').click();
  await member.page.getByRole('option', { name: /^Nhắn riêng với Phạm Thị Lan · 1 chưa đọc/ }).click();
  await memberChat.getByText('Anh Huy xem giúp phụ lục 2.').waitFor();
  await member.page.getByRole('button', { name: 'Đăng ký phát biểu' }).click();
  await wall.page.getByTestId('screen-queue').getByText('Lê Quang Huy').waitFor();
  await secretary.page.getByRole('button', { name: 'Mời Lê Quang Huy phát biểu' }).click();
  await wall.page.getByTestId('screen-speaker').getByText('Lê Quang Huy').waitFor();
  // Five minutes each in the demo meeting: the wall counts down.
  const countdown = wall.page.getByTestId('screen-countdown');
  await countdown.getByText('Còn lại').waitFor();
  expect((await countdown.textContent())?.replace(/\s+/g, ' ')).toMatch(/Còn lại [45]:\d\d/);
  await wall.page.getByTestId('screen-seats').locator('.rs-seat[data-floor="speaking"]', { hasText: 'A1' }).waitFor();
  await saveScreenshot(wall.page, 'r-room-screen-speaker-1080p');
  await secretary.page.getByRole('tab', { name: 'Sơ đồ chỗ ngồi' }).click();
  await secretary.page.getByTestId('seat-plan').getByRole('button', { name: 'Ghế A1: Lê Quang Huy, Có mặt, Đang phát biểu' }).waitFor();
  await secretary.page.getByTestId('seat-plan').getByRole('button', { name: 'Ghế A2: Phạm Thị Lan, Họp trực tuyến' }).waitFor();
  await saveScreenshot(secretary.page, 'r-console-seats-desktop');
  await secretary.page.getByRole('tab', { name: 'Chương trình họp' }).click();

  // A secret vote: the wall shows how many voted, then the totals only.
  const voteControl = secretary.page.getByTestId('vote-control');
  await voteControl.getByLabel('Câu hỏi biểu quyết').fill('Thông qua báo cáo tình hình kinh tế - xã hội?');
  await voteControl.getByRole('checkbox', { name: /Biểu quyết kín/ }).check();
  await voteControl.getByRole('button', { name: 'Mở biểu quyết' }).click();
  await wall.page.getByTestId('screen-vote').getByText('0/2 đại biểu đã biểu quyết').waitFor();
  await member.page.getByTestId('vote-panel').locator('[data-choice="agree"]').click();
  await wall.page.getByTestId('screen-vote').getByText('1/2 đại biểu đã biểu quyết').waitFor();
  await voteControl.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  await secretary.page.getByRole('alertdialog', { name: 'Kết thúc biểu quyết?' }).getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
  const vote = wall.page.getByTestId('screen-vote');
  await vote.getByText('Kết quả biểu quyết').waitFor();
  await vote.getByText('Biểu quyết kín: chỉ công bố tổng số phiếu').waitFor();
  expect(await vote.getByText('Lê Quang Huy').count()).toBe(0);
  expect(await vote.getByTestId('screen-vote-count').allTextContents()).toEqual(['1', '0', '0']);
  await saveScreenshot(wall.page, 'r-room-screen-vote-1080p');
  await wall4k.page.getByTestId('screen-vote').getByText('Kết quả biểu quyết').waitFor();
  await saveScreenshot(wall4k.page, 'r-room-screen-vote-2160p');
  await panel.scrollIntoViewIfNeeded();
  await saveScreenshot(secretary.page, 'r-console-room-screens-desktop');
  // Every participant's screen shows the latest version, the remote minister's among them.
  await secretary.page.waitForFunction(() => {
    const counted = /^(\d+)\/(\d+) màn hình đã cập nhật$/.exec(document.querySelector('[data-testid="screens-count"]')?.textContent?.trim() ?? '');
    return counted !== null && counted[1] === counted[2] && Number(counted[1]) >= 2;
  });
  await remote.page.getByTestId('meeting-call').getByRole('button', { name: 'Rời cuộc họp trực tuyến' }).click();
  await remote.page.getByText('Bạn đã rời cuộc họp trực tuyến.').waitFor();

  // The 4K projector is revoked (after confirming): it stops at once and shows a new code.
  await panel.getByRole('button', { name: 'Thu hồi màn hình Máy chiếu 4K' }).click();
  await secretary.page.getByRole('alertdialog', { name: 'Thu hồi màn hình trình chiếu?' }).getByRole('button', { name: 'Thu hồi' }).click();
  await panel.getByTestId('room-screen').filter({ hasText: 'Máy chiếu 4K' }).getByText('Đã thu hồi').waitFor();
  await wall4k.page.getByRole('heading', { name: 'Ghép màn hình trình chiếu' }).waitFor();
  expect(await wall4k.page.getByText(MEETING).count()).toBe(0);
  // The other screen goes on, and comes back by itself after a reload (a power cut).
  await wall.page.reload();
  await wall.page.getByTestId('screen-speaker').getByText('Lê Quang Huy').waitFor();
  // Five people, two screens and a session: longer than a journey's default minute on a busy machine.
}, 240_000);

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
