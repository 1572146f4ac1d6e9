import { allowedPushService, pushMessage } from './push-message';

const base = { id: 'n1', kind: 'paper-replaced' as const, title: 'Đề án cải cách thủ tục hành chính', link: '/meetings/m1/papers/p1', createdAt: new Date('2026-12-06T02:00:00Z') };

describe('pushMessage', () => {
  it("says the kind and the title, and opens the notification's page on a click", () => {
    const { notification } = pushMessage({ ...base, params: { meetingTitle: 'Phiên họp thường kỳ tháng 12', version: 2 } });
    expect(notification.title).toBe('e-Cabinet: Tài liệu họp được thay bằng phiên bản mới');
    expect(notification.body).toBe('Đề án cải cách thủ tục hành chính');
    expect(notification.data.onActionClick.default).toEqual({ operation: 'navigateLastFocusedOrOpen', url: '/meetings/m1/papers/p1' });
    expect(notification.timestamp).toBe(base.createdAt.getTime());
  });

  it("names a restricted paper by its meeting, never by its title", () => {
    const message = JSON.stringify(pushMessage({ ...base, params: { meetingTitle: 'Phiên họp thường kỳ tháng 12', restricted: true } }));
    expect(message).not.toContain('Đề án');
    expect(message).toContain('Phiên họp thường kỳ tháng 12');
  });

  it('opens the app when there is nothing to open, and keeps the body short and on one line', () => {
    const { notification } = pushMessage({ ...base, kind: 'ballot-reminder', link: null, title: `Dòng một\nDòng hai ${'x'.repeat(400)}`, params: {} });
    expect(notification.data.onActionClick.default.url).toBe('/');
    expect(notification.body).not.toContain('\n');
    expect(notification.body.length).toBe(200);
  });
});

describe('allowedPushService', () => {
  const services = ['https://fcm.googleapis.com', 'https://*.push.apple.com', 'http://127.0.0.1:*'];

  it('accepts the listed services, a subdomain where allowed, any port where allowed', () => {
    expect(allowedPushService('https://fcm.googleapis.com/fcm/send/abc:def', services)).toBe('https://fcm.googleapis.com');
    expect(allowedPushService('https://web.push.apple.com/QGx', services)).toBe('https://web.push.apple.com');
    expect(allowedPushService('http://127.0.0.1:41234/push/1', services)).toBe('http://127.0.0.1:41234');
  });

  it('refuses anything else: another host, a look-alike, another scheme or port, credentials, garbage', () => {
    for (const endpoint of [
      'https://169.254.169.254/latest/meta-data',
      'https://fcm.googleapis.com.evil.example/x',
      'https://evilpush.apple.com/x',
      'https://push.apple.com/x',
      'http://fcm.googleapis.com/x',
      'https://fcm.googleapis.com:8443/x',
      'https://user:pw@fcm.googleapis.com/x',
      'https://127.0.0.1:41234/x',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect([endpoint, allowedPushService(endpoint, services)]).toEqual([endpoint, null]);
    }
  });
});
