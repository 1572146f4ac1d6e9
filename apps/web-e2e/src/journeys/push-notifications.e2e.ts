import type { Browser } from 'playwright-core';
// The API's own test push service (a process of its own, see the script), shared rather than copied.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startPushService, type PushServiceStub, type StubDevice } from '../../../../libs/api/core/src/testing/push-service';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { markPresentAndOpenSession } from '../support/console-steps';
import { startFreshServer, type FreshServer } from '../support/fresh-server';

const MEETING = 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026';

let browser: Browser;
let push: PushServiceStub;
let server: FreshServer;
beforeAll(async () => {
  browser = await launchBrowser();
  push = await startPushService();
  // The demo government, allowed to push through the local push service only.
  server = await startFreshServer({ env: { PUSH_SERVICES: push.origin } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await push?.stop();
});

/**
 * Chromium here has no push service to subscribe with (no internet): the page's PushManager hands
 * out the local stub's subscription instead, as Chrome would hand out FCM's. Everything else is
 * real: the app's subscription flow, the server's encrypted and signed push to the stub, and the
 * service worker showing what the stub received, delivered to it through DevTools.
 */
function stubPushManager(device: StubDevice): void {
  const bytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
  const subscription = () => ({
    endpoint: device.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: null },
    getKey: (name: 'p256dh' | 'auth') => bytes(device.keys[name]),
    toJSON: () => ({ endpoint: device.endpoint, expirationTime: null, keys: device.keys }),
    unsubscribe: async () => {
      localStorage.removeItem('e2e.push-subscribed');
      return true;
    },
  });
  PushManager.prototype.subscribe = async function () {
    if (Notification.permission !== 'granted') throw new DOMException('Registration failed - permission denied', 'NotAllowedError');
    localStorage.setItem('e2e.push-subscribed', '1');
    return subscription() as unknown as PushSubscription;
  };
  PushManager.prototype.getSubscription = async function () {
    return (localStorage.getItem('e2e.push-subscribed') ? subscription() : null) as unknown as PushSubscription | null;
  };
}

it('a member turns on notifications on his tablet and is told on the device when the session starts', async () => {
  const device = await push.device();
  const member = await openPage(browser, 'tablet', { timezoneId: 'Europe/Paris', baseURL: server.baseUrl });
  const secretary = await openPage(browser, 'desktop', { baseURL: server.baseUrl });
  try {
    await member.context.grantPermissions(['notifications'], { origin: server.baseUrl });
    await member.context.addInitScript(stubPushManager, device);
    await signIn(member.page, 'member1');
    // The installed app's service worker takes the page (it shows the pushes).
    await member.page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', undefined, { timeout: 60_000 });

    // Account page: this device is off, and is turned on.
    await member.page.getByRole('link', { name: /^Tài khoản của tôi/ }).click();
    const section = member.page.getByTestId('push-device');
    await section.getByTestId('push-state').getByText('Đang tắt').waitFor();
    await section.getByTestId('push-enable').click();
    await section.getByTestId('push-state').getByText('Đang bật').waitFor();
    await section.getByRole('status').getByText('Đã bật thông báo trên thiết bị này.').waitFor();
    // Per kind: the session start is pushed by default; the member also wants new papers pushed.
    const startRow = member.page.locator('tr[data-kind="meeting-started"]');
    expect(await startRow.getByRole('checkbox', { name: 'Đẩy đến thiết bị: Phiên họp bắt đầu' }).isChecked()).toBe(true);
    await member.page.locator('tr[data-kind="paper-added"]').getByRole('checkbox', { name: 'Đẩy đến thiết bị: Tài liệu họp mới' }).check();
    await member.page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await member.page.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
    await section.scrollIntoViewIfNeeded();
    await saveScreenshot(member.page, 'p-push-on-tablet');

    // The member leaves the app on another page; the secretariat opens the session from the console.
    await member.page.goto('/meetings');
    await signIn(secretary.page, 'secretary');
    await secretary.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Phiên họp' }).click();
    await secretary.page.locator('li.ec-meeting', { hasText: MEETING }).getByRole('link', { name: 'Điều hành' }).click();
    await secretary.page.getByRole('heading', { level: 1, name: MEETING }).waitFor();
    await markPresentAndOpenSession(secretary.page, 'Lê Quang Huy');

    // The push service received it for this device: the stub verified the VAPID signature and decrypted it with the device's keys.
    let pushed: { message: { notification: { title: string; body: string; data: { kind: string; onActionClick: { default: { url: string } } } } } } | undefined;
    for (let attempt = 0; attempt < 100 && !pushed; attempt++) {
      pushed = (await push.received<NonNullable<typeof pushed>['message']>(device)).messages.find((m) => m.message.notification.data.kind === 'meeting-started');
      if (!pushed) await new Promise((wake) => setTimeout(wake, 200));
    }
    expect(pushed?.message.notification).toMatchObject({ title: 'e-Cabinet: Phiên họp bắt đầu', body: MEETING });
    expect(pushed?.message.notification.data.onActionClick.default.url).toMatch(/^\/meetings\/[0-9a-f-]{36}$/);

    // Delivered to the tablet's service worker, which shows it as a system notification.
    const cdp = await member.context.newCDPSession(member.page);
    const registered = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        const ours = registrations.find((r) => r.scopeURL.startsWith(server.baseUrl) && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const registrationId = await registered;
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.baseUrl, registrationId, data: JSON.stringify(pushed?.message) });
    const shown = await member.page.waitForFunction(
      async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const found = (await registration?.getNotifications())?.find((n) => n.title === 'e-Cabinet: Phiên họp bắt đầu');
        return found ? { body: found.body, url: (found.data as { onActionClick?: { default?: { url?: string } } })?.onActionClick?.default?.url } : null;
      },
      undefined,
      { timeout: 15_000, polling: 250 },
    );
    expect(await shown.jsonValue()).toEqual({ body: MEETING, url: pushed?.message.notification.data.onActionClick.default.url });
    // The same notification is in the app's bell.
    await member.page.getByRole('button', { name: /Thông báo/ }).first().click();
    await member.page.getByText('Phiên họp bắt đầu').first().waitFor();
    await saveScreenshot(member.page, 'p-push-bell-tablet');

    // Turned off on this device: nothing more is pushed to it.
    await member.page.keyboard.press('Escape');
    await member.page.goto('/account');
    await member.page.getByTestId('push-disable').click();
    await member.page.getByTestId('push-device').getByTestId('push-state').getByText('Đang tắt').waitFor();
    await saveScreenshot(member.page, 'p-push-off-tablet');
  } finally {
    await member.context.close();
    await secretary.context.close();
  }
}, 240_000);
