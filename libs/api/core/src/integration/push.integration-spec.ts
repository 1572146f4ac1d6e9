import { NotificationErrorCode, type NotificationPreferencesResponse, type PushMessage } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { createMeeting, eventually, rawSql, startPushService, startTestApp, testDatabaseDriver, uploadPaper, type PushServiceStub, type StubDevice, type StubPush, type TestApp } from '../testing';

/**
 * Web Push (#14). The push service is a local stub that checks each request as a real one and
 * the device would (VAPID signature and claims, then the aes128gcm payload decrypted with the
 * device's own keys), independently of the API's library. Only pushes the user chose reach a
 * device, never a restricted paper's title, and never once the device's session has ended.
 */
describe(`push notifications (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let push: PushServiceStub;

  beforeAll(async () => {
    push = await startPushService();
    t = await startTestApp({ env: { PUSH_SERVICES: `https://fcm.googleapis.com, ${push.origin}` } });
  });
  afterAll(async () => {
    await t.close();
    await push.stop();
  });

  /** A signed-in device of `username` (its own session, with its refresh cookie) subscribed through the stub. */
  const subscribedDevice = async (username: string) => {
    const login = await t.request('POST', '/api/auth/login', { body: { username, password: 'ecabinet-demo' } });
    const session = { token: login.body.accessToken as string, cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] };
    const device = await push.device();
    const subscribed = await t.request('PUT', '/api/notifications/push-subscription', { token: session.token, body: { endpoint: device.endpoint, keys: device.keys } });
    expect(subscribed.status).toBe(200);
    expect(subscribed.body).toEqual({ service: push.origin, createdAt: expect.any(String) });
    return { ...session, device };
  };
  const messages = async (device: StubDevice) => (await push.received<PushMessage>(device)).messages;
  const pushedFor = (device: StubDevice, url: string) => eventually(() => messages(device), (list) => list.some((m) => m.message.notification.data.onActionClick.default.url === url));
  const subscriptions = async (device: StubDevice) => (await rawSql(t.config.database, `SELECT id FROM push_subscriptions WHERE endpoint = '${device.endpoint}'`)).length;
  /** Waits for the notifications of a change to be stored and pushed, so that a later "nothing came" means something. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  it("pushes what the member chose to his device, encrypted to it and signed with the installation's key", async () => {
    const tablet = await subscribedDevice('member1');
    const preferences = (await t.request('GET', '/api/notifications/preferences', { token: tablet.token })).body as NotificationPreferencesResponse;
    expect(preferences.pushKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(preferences.push).toMatchObject({ 'meeting-started': true, 'paper-added': false, 'ballot-issued': true });

    const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', secretary: 'secretary' }, status: 'in_session' });
    const link = `/meetings/${f.meeting.id}`;
    const received = await eventually(() => messages(tablet.device), (list) => list.filter((m) => m.message.notification.data.onActionClick.default.url === link).length === 2);
    const started = received.find((m) => m.message.notification.data.kind === 'meeting-started') as StubPush<PushMessage>;
    expect(started.message.notification).toMatchObject({ title: 'e-Cabinet: Phiên họp bắt đầu', body: f.meeting.title, lang: 'vi' });
    expect(started.vapid).toMatchObject({ publicKey: preferences.pushKey, aud: push.origin, sub: expect.stringMatching(/^mailto:/) });
    expect([started.ttl, started.urgency]).toEqual([86_400, 'high']);
    expect(received.find((m) => m.message.notification.data.kind === 'meeting-published')?.urgency).toBe('normal');
    // What the app stored is what was pushed: the same notification.
    const inbox = (await t.request('GET', '/api/notifications', { token: tablet.token })).body.items as { id: string; kind: string }[];
    expect(inbox.find((n) => n.kind === 'meeting-started')?.id).toBe(started.message.notification.data.notificationId);

    // He turns the session start off: his e-mail choices stay, and the next session's start is not pushed; its publication still is.
    const chosen = await t.request('PUT', '/api/notifications/preferences', { token: tablet.token, body: { push: { 'meeting-started': false } } });
    expect(chosen.body.push['meeting-started']).toBe(false);
    expect(chosen.body.email).toEqual(preferences.email);
    const g = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', secretary: 'secretary' }, status: 'in_session' });
    await pushedFor(tablet.device, `/meetings/${g.meeting.id}`);
    await settle();
    expect((await messages(tablet.device)).filter((m) => m.message.notification.data.onActionClick.default.url === `/meetings/${g.meeting.id}`).map((m) => m.message.notification.data.kind)).toEqual(['meeting-published']);
    // member2 has no device subscribed: nothing of his went anywhere.
    expect((await push.received(tablet.device)).refusals).toEqual([]);
  });

  it("never pushes a restricted paper's title, only its meeting's; a normal paper's title is pushed", async () => {
    const tablet = await subscribedDevice('member2');
    const f = await createMeeting(t, { participants: { chair: 'chair', member2: 'member', secretary: 'secretary' } });
    const secretary = f.tokens['secretary'];
    const base = `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`;
    const secret = await uploadPaper(t, base, await samplePaper({ pages: 1 }), {
      token: secretary,
      fields: { title: 'Phương án nhân sự KIWI', classification: 'restricted', readerIds: JSON.stringify([f.ids['member2']]) },
    });
    const open = await uploadPaper(t, base, await samplePaper({ pages: 1 }), { token: secretary, fields: { title: 'Báo cáo tình hình kinh tế xã hội' } });
    expect([secret.status, open.status]).toEqual([201, 201]);
    // paper-replaced is pushed by default (paper-added is not): a new version of each.
    for (const paper of [secret, open]) {
      expect((await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${paper.body.id}/versions`, await samplePaper({ pages: 2 }), { token: secretary })).status).toBe(201);
    }
    const restricted = (await pushedFor(tablet.device, `/meetings/${f.meeting.id}/papers/${secret.body.id}`)).find((m) => m.message.notification.data.onActionClick.default.url.endsWith(secret.body.id));
    expect(restricted?.message.notification).toMatchObject({ title: 'e-Cabinet: Tài liệu họp được thay bằng phiên bản mới', body: f.meeting.title });
    const normal = (await pushedFor(tablet.device, `/meetings/${f.meeting.id}/papers/${open.body.id}`)).find((m) => m.message.notification.data.onActionClick.default.url.endsWith(open.body.id));
    expect(normal?.message.notification.body).toBe('Báo cáo tình hình kinh tế xã hội');
    expect(JSON.stringify(await messages(tablet.device))).not.toContain('KIWI');
    // In the app, where access is checked, the reader still sees the title.
    const inbox = (await t.request('GET', '/api/notifications', { token: tablet.token })).body.items as { title: string }[];
    expect(inbox.some((n) => n.title === 'Phương án nhân sự KIWI')).toBe(true);
  });

  it("dies with the device: logout, a remote wipe, a session ended without a word, a push service's 410", async () => {
    const started = async () => {
      const f = await createMeeting(t, { participants: { chair: 'chair', member3: 'member', secretary: 'secretary' }, status: 'in_session' });
      return `/meetings/${f.meeting.id}`;
    };
    const loggedOut = await subscribedDevice('member3');
    const wiped = await subscribedDevice('member3');
    const silent = await subscribedDevice('member3');
    const gone = await subscribedDevice('member3');
    const phone = await subscribedDevice('member3');
    const first = await started();
    for (const device of [loggedOut, wiped, silent, gone, phone]) await pushedFor(device.device, first);

    // Logout and a wipe from the phone delete their subscriptions.
    expect((await t.request('POST', '/api/auth/logout', { headers: { cookie: loggedOut.cookie } })).status).toBeLessThan(300);
    const devices = (await t.request('GET', '/api/auth/devices', { token: phone.token })).body as { id: string; current: boolean }[];
    const me = (await t.request('GET', '/api/auth/devices', { token: wiped.token })).body.find((d: { current: boolean }) => d.current) as { id: string };
    expect(devices.map((d) => d.id)).toContain(me.id);
    expect((await t.request('POST', `/api/auth/devices/${me.id}/wipe`, { token: phone.token })).status).toBe(200);
    await eventually(async () => (await subscriptions(loggedOut.device)) + (await subscriptions(wiped.device)), (count) => count === 0);
    // A session ended with no event heard (another instance, a crash): its row stays, but nothing is pushed to it.
    await rawSql(t.config.database, `UPDATE refresh_tokens SET revoked_at = created_at WHERE family_id = (SELECT device_id FROM push_subscriptions WHERE endpoint = '${silent.device.endpoint}')`);
    // The push service says the device unsubscribed: its row goes at the next push.
    await push.gone(gone.device);

    const second = await started();
    await pushedFor(phone.device, second);
    await settle();
    for (const device of [loggedOut, wiped, silent, gone]) {
      expect((await messages(device.device)).filter((m) => m.message.notification.data.onActionClick.default.url === second)).toEqual([]);
    }
    await eventually(() => subscriptions(gone.device), (count) => count === 0);
    expect(await subscriptions(phone.device)).toBe(1);

    // Logging out everywhere ends the phone's too.
    expect((await t.request('POST', '/api/auth/logout-everywhere', { token: phone.token })).status).toBeLessThan(300);
    await eventually(() => subscriptions(phone.device), (count) => count === 0);
  });

  it('takes one subscription per device, moves an endpoint to the session that sends it, and lets nobody remove another\'s', async () => {
    const laptop = await subscribedDevice('member4');
    // The same browser subscribes again with a new endpoint: the old one goes.
    const renewed = await push.device();
    expect((await t.request('PUT', '/api/notifications/push-subscription', { token: laptop.token, body: { endpoint: renewed.endpoint, keys: renewed.keys } })).status).toBe(200);
    expect([await subscriptions(laptop.device), await subscriptions(renewed)]).toEqual([0, 1]);
    // Another member's DELETE removes his own (none), not member4's.
    const other = await t.loginAs('member5');
    expect((await t.request('DELETE', '/api/notifications/push-subscription', { token: other.accessToken })).status).toBe(204);
    expect(await subscriptions(renewed)).toBe(1);
    expect((await t.request('DELETE', '/api/notifications/push-subscription', { token: laptop.token })).status).toBe(204);
    expect(await subscriptions(renewed)).toBe(0);
    // A shared browser: member5 signs in on it and subscribes the same endpoint, which is now his alone.
    await t.request('PUT', '/api/notifications/push-subscription', { token: laptop.token, body: { endpoint: renewed.endpoint, keys: renewed.keys } });
    expect((await t.request('PUT', '/api/notifications/push-subscription', { token: other.accessToken, body: { endpoint: renewed.endpoint, keys: renewed.keys } })).status).toBe(200);
    expect(await rawSql(t.config.database, `SELECT u.username FROM push_subscriptions s JOIN users u ON u.id = s.user_id WHERE s.endpoint = '${renewed.endpoint}'`)).toEqual([{ username: 'member5' }]);
  });

  it('refuses what a hostile client sends, with a clear code, and stores nothing of it', async () => {
    const { accessToken: token } = await t.loginAs('member6');
    const device = await push.device();
    const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
    const cases: [unknown, number, string][] = [
      [{ endpoint: 'https://169.254.169.254/latest/meta-data/x', keys: device.keys }, 400, NotificationErrorCode.PUSH_SERVICE_NOT_ALLOWED],
      [{ endpoint: 'https://fcm.googleapis.com.evil.example/send/x', keys: device.keys }, 400, NotificationErrorCode.PUSH_SERVICE_NOT_ALLOWED],
      [{ endpoint: `${push.origin.replace(/:\d+$/, ':1')}/push/x`, keys: device.keys }, 400, NotificationErrorCode.PUSH_SERVICE_NOT_ALLOWED],
      [{ endpoint: 'http://fcm.googleapis.com/send/x', keys: device.keys }, 400, NotificationErrorCode.PUSH_SERVICE_NOT_ALLOWED],
      [{ endpoint: device.endpoint, keys: { p256dh: offCurve, auth: device.keys.auth } }, 400, NotificationErrorCode.PUSH_KEYS_INVALID],
      [{ endpoint: device.endpoint, keys: { p256dh: device.keys.p256dh, auth: Buffer.alloc(20, 1).toString('base64url') } }, 400, NotificationErrorCode.PUSH_KEYS_INVALID],
      [{ endpoint: device.endpoint, keys: { p256dh: '<script>', auth: device.keys.auth } }, 400, 'VALIDATION_FAILED'],
      [{ endpoint: device.endpoint }, 400, 'VALIDATION_FAILED'],
      [{ endpoint: `${device.endpoint}?${'x'.repeat(2000)}`, keys: device.keys }, 400, 'VALIDATION_FAILED'],
      [{ endpoint: 'javascript:alert(1)', keys: device.keys }, 400, 'VALIDATION_FAILED'],
      [{ endpoint: device.endpoint, keys: device.keys, userId: 'someone-else' }, 400, 'VALIDATION_FAILED'],
      ['not an object', 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await t.request('PUT', '/api/notifications/push-subscription', { token, body });
      expect([JSON.stringify(body).slice(0, 80), response.status, response.body.code]).toEqual([JSON.stringify(body).slice(0, 80), status, code]);
    }
    expect(await rawSql(t.config.database, `SELECT s.id FROM push_subscriptions s JOIN users u ON u.id = s.user_id WHERE u.username = 'member6'`)).toEqual([]);
    expect((await t.request('PUT', '/api/notifications/preferences', { token, body: { push: { 'ballot-issued': 'yes' } } })).status).toBe(400);
    expect((await t.request('PUT', '/api/notifications/preferences', { token, body: { push: { 'not-a-kind': true } } })).status).toBe(400);
    expect((await t.request('PUT', '/api/notifications/push-subscription', { body: { endpoint: device.endpoint, keys: device.keys } })).status).toBe(401);
    expect((await t.request('DELETE', '/api/notifications/push-subscription')).status).toBe(401);
    expect((await push.received(device)).messages).toEqual([]);
  });
});
