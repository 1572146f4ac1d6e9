import { IdentityErrorCode, type DeviceResponse } from '@ecabinet/shared/contracts';
import { rawSql, startTestApp, testDatabaseDriver, userIds, type TestApp } from '../testing';

/**
 * Remote wipe (#14): a lost tablet is listed and wiped from the admin screens and from its
 * owner's account page; logging out everywhere and disabling the user wipe every device. The
 * device hears it with its own cookie the next time it reaches the server (DEVICE_WIPED), the
 * record says when, and it is audited.
 */
describe(`devices and remote wipe (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let admin: string;

  /** Signs in as if from a device with this user agent. */
  const signInFrom = async (username: string, userAgent: string) => {
    const response = await t.request('POST', '/api/auth/login', { body: { username, password: 'ecabinet-demo' }, headers: { 'user-agent': userAgent } });
    expect(response.status).toBe(200);
    return { token: response.body.accessToken as string, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] };
  };
  const refresh = (cookie: string, userAgent = 'Test/1.0') => t.request('POST', '/api/auth/refresh', { headers: { cookie, 'user-agent': userAgent } });
  const audit = async (action: string) => (await rawSql(t.config.database, `SELECT action FROM audit_log WHERE action = '${action}' UNION ALL SELECT action FROM audit_outbox WHERE action = '${action}'`)).length;

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    admin = (await t.loginAs('admin')).accessToken;
  });
  afterAll(() => t.close());

  it("lists a member's devices to him and to the administrator, and to nobody else", async () => {
    const tablet = await signInFrom('member3', 'Tablet/1.0 (iPad)');
    const laptop = await signInFrom('member3', 'Laptop/2.0');
    const mine = await t.request('GET', '/api/auth/devices', { token: laptop.token });
    expect(mine.status).toBe(200);
    const devices = mine.body as DeviceResponse[];
    expect(devices.map((d) => [d.userAgent, d.current, d.state])).toEqual([
      ['Laptop/2.0', true, 'active'],
      ['Tablet/1.0 (iPad)', false, 'active'],
    ]);
    const asAdmin = await t.request('GET', `/api/users/${ids['member3']}/devices`, { token: admin });
    expect((asAdmin.body as DeviceResponse[]).map((d) => [d.userAgent, d.current])).toEqual([
      ['Laptop/2.0', false],
      ['Tablet/1.0 (iPad)', false],
    ]);
    // Another member sees none of them and cannot wipe them; the admin routes are the admin's.
    const other = await signInFrom('member4', 'Other/1.0');
    expect((await t.request('GET', '/api/auth/devices', { token: other.token })).body.map((d: DeviceResponse) => d.userAgent)).toEqual(['Other/1.0']);
    expect((await t.request('GET', `/api/users/${ids['member3']}/devices`, { token: other.token })).status).toBe(403);
    const stranger = await t.request('POST', `/api/auth/devices/${devices[1].id}/wipe`, { token: other.token });
    expect([stranger.status, stranger.body.code]).toEqual([404, IdentityErrorCode.DEVICE_NOT_FOUND]);
    expect((await refresh(tablet.cookie)).status).toBe(200);
    expect((await t.request('POST', `/api/users/${ids['member3']}/devices/not-a-uuid/wipe`, { token: admin })).status).toBe(400);
    expect((await t.request('GET', '/api/auth/devices')).status).toBe(401);
  });

  it('wipes a lost tablet from the owner\'s account: it hears DEVICE_WIPED with its own cookie, once recorded, and the others go on', async () => {
    const tablet = await signInFrom('member5', 'LostTablet/1.0');
    const phone = await signInFrom('member5', 'Phone/1.0');
    const rotated = await refresh(tablet.cookie, 'LostTablet/1.0');
    expect(rotated.status).toBe(200);
    const tabletCookie = (rotated.headers.get('set-cookie') ?? '').split(';')[0];
    const [lost] = ((await t.request('GET', '/api/auth/devices', { token: phone.token })).body as DeviceResponse[]).filter((d) => d.userAgent === 'LostTablet/1.0');
    const wiped = await t.request('POST', `/api/auth/devices/${lost.id}/wipe`, { token: phone.token });
    expect(wiped.status).toBe(200);
    expect(wiped.body).toMatchObject({ id: lost.id, state: 'wipe-pending', wipeReason: 'revoked', wipedAt: null });
    // Asked twice: the first request stands, audited once.
    expect((await t.request('POST', `/api/auth/devices/${lost.id}/wipe`, { token: phone.token })).status).toBe(200);
    expect(await audit('auth.device.wipe-requested')).toBe(1);

    // The tablet comes back: its access token is dead, its refresh says to wipe (again when asked again).
    expect((await t.request('GET', '/api/auth/me', { token: tablet.token })).status).toBe(401);
    const heard = await refresh(tabletCookie);
    expect([heard.status, heard.body.code]).toEqual([401, IdentityErrorCode.DEVICE_WIPED]);
    expect((await refresh(tabletCookie)).body.code).toBe(IdentityErrorCode.DEVICE_WIPED);
    expect(await audit('auth.device.wiped')).toBe(1);
    const after = ((await t.request('GET', '/api/auth/devices', { token: phone.token })).body as DeviceResponse[]).find((d) => d.id === lost.id);
    expect(after?.state).toBe('wiped');
    expect(after?.wipedAt).not.toBeNull();
    // The phone was not touched; a cookie that is not the device's own learns nothing.
    expect((await t.request('GET', '/api/auth/me', { token: phone.token })).status).toBe(200);
    const forged = `${tabletCookie.split('.')[0]}.not-the-secret`;
    expect((await refresh(forged)).body.code).toBe(IdentityErrorCode.REFRESH_INVALID);
    // An ordinary logout is not a wipe.
    const desk = await signInFrom('member5', 'Desk/1.0');
    await t.request('POST', '/api/auth/logout', { headers: { cookie: desk.cookie } });
    expect((await refresh(desk.cookie)).body.code).toBe(IdentityErrorCode.REFRESH_INVALID);
  });

  it('the administrator wipes a device; logging out everywhere and disabling the user wipe them all', async () => {
    const a = await signInFrom('member6', 'A/1.0');
    const b = await signInFrom('member6', 'B/1.0');
    const [deviceA] = ((await t.request('GET', `/api/users/${ids['member6']}/devices`, { token: admin })).body as DeviceResponse[]).filter((d) => d.userAgent === 'A/1.0');
    expect((await t.request('POST', `/api/users/${ids['member6']}/devices/${deviceA.id}/wipe`, { token: admin })).status).toBe(200);
    expect((await refresh(a.cookie)).body.code).toBe(IdentityErrorCode.DEVICE_WIPED);
    expect((await refresh(b.cookie)).status).toBe(200);

    const c = await signInFrom('member7', 'C/1.0');
    const d = await signInFrom('member7', 'D/1.0');
    expect((await t.request('POST', '/api/auth/logout-everywhere', { token: c.token })).status).toBe(204);
    expect((await refresh(c.cookie)).body.code).toBe(IdentityErrorCode.DEVICE_WIPED);
    expect((await refresh(d.cookie)).body.code).toBe(IdentityErrorCode.DEVICE_WIPED);

    const e = await signInFrom('member8', 'E/1.0');
    expect((await t.request('PATCH', `/api/users/${ids['member8']}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    expect((await refresh(e.cookie)).body.code).toBe(IdentityErrorCode.DEVICE_WIPED);
    const listed = (await t.request('GET', `/api/users/${ids['member8']}/devices`, { token: admin })).body as DeviceResponse[];
    expect(listed.map((device) => [device.userAgent, device.state, device.wipeReason])).toEqual([['E/1.0', 'wiped', 'user-disabled']]);
  });
});
