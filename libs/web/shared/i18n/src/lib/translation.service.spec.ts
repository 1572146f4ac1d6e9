import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CommonErrorCode, IdentityErrorCode } from '@ecabinet/shared/contracts';
import { flattenMessages } from './dictionaries/dictionary';
import { en } from './dictionaries/en';
import { vi } from './dictionaries/vi';
import { TranslatePipe } from './translate.pipe';
import { TranslationService } from './translation.service';

function apiError(status: number, code: string, details?: unknown): HttpErrorResponse {
  return new HttpErrorResponse({
    status,
    error: { statusCode: status, code, message: 'English fallback', details, correlationId: 'c-1' },
  });
}

describe('TranslationService', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = '';
  });

  function create(): TranslationService {
    return TestBed.inject(TranslationService);
  }

  it('starts in Vietnamese and marks the document as Vietnamese', () => {
    const i18n = create();
    expect(i18n.lang()).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
    expect(i18n.translate('login.title')).toBe('Đăng nhập');
    expect(i18n.translate('roles.member')).toBe('Thành viên Chính phủ');
  });

  it('switches to English, remembers the choice and updates <html lang>', async () => {
    const i18n = create();
    await i18n.setLang('en');
    expect(i18n.translate('login.title')).toBe('Sign in');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('ecabinet.lang')).toBe('en');
  });

  it('restores the remembered language (English fetched first) and ignores an unknown stored value', async () => {
    localStorage.setItem('ecabinet.lang', 'en');
    const restored = create();
    await restored.whenReady();
    expect(restored.lang()).toBe('en');

    TestBed.resetTestingModule();
    localStorage.setItem('ecabinet.lang', 'fr');
    expect(create().lang()).toBe('vi');
  });

  it('fills placeholders and leaves missing ones visible', () => {
    const i18n = create();
    expect(i18n.translate('home.greeting', { name: 'Nguyễn Văn A' })).toBe('Xin chào, Nguyễn Văn A');
    expect(i18n.translate('home.greeting')).toBe('Xin chào, {name}');
  });

  it('labels audit actions whose codes contain dots', async () => {
    const i18n = create();
    expect(i18n.auditActionLabel('auth.login.succeeded')).toBe('Đăng nhập thành công');
    await i18n.setLang('en');
    expect(i18n.auditActionLabel('auth.login.succeeded')).toBe('Signed in');
  });

  it('writes dates day first, then the time, in both languages, on the Government\'s clock', async () => {
    const i18n = create();
    i18n.setDeviceTimeZone('Asia/Ho_Chi_Minh');
    // 14:05:09 in Hanoi is 07:05:09 UTC.
    const iso = '2025-05-21T07:05:09.000Z';
    expect(i18n.formatDateTime(iso)).toBe('21/05/2025 14:05:09');
    await i18n.setLang('en');
    expect(i18n.formatDateTime(iso)).toBe('21/05/2025 14:05:09');
    expect(i18n.formatDateTime(null)).toBe('');
  });

  it("writes a calendar date day first, unmoved by any zone, and knows today's date on the Government's calendar", () => {
    const i18n = create();
    i18n.setDeviceTimeZone('America/New_York');
    expect(i18n.formatCalendarDate('2026-12-31')).toBe('31/12/2026');
    expect(i18n.formatCalendarDate('not a date')).toBe('not a date');
    // 18:30 UTC on 6 December is already 7 December in Hanoi, still 6 December in New York.
    expect(i18n.governmentDate(0, new Date('2026-12-06T18:30:00Z'))).toBe('2026-12-07');
    expect(i18n.governmentDate(25, new Date('2026-12-06T18:30:00Z'))).toBe('2027-01-01');
  });

  describe('on a device set to another zone', () => {
    // A 09:00 Hanoi meeting, seen from a browser set to UTC (where the clock reads 02:00).
    const nineInHanoi = '2026-11-19T02:00:00.000Z';

    it('still shows Hanoi time, and names the zone so nobody is misled', async () => {
      const i18n = create();
      i18n.setDeviceTimeZone('UTC');
      expect(i18n.formatDateTime(nineInHanoi)).toBe('19/11/2026 09:00:00 (giờ Hà Nội)');
      await i18n.setLang('en');
      expect(i18n.formatDateTime(nineInHanoi)).toBe('19/11/2026 09:00:00 (Hanoi time)');
      expect(i18n.zonedParts(new Date(nineInHanoi))).toEqual({ year: 2026, month: 11, day: 19, hour: 9, minute: 0 });
    });

    it('follows the zone the server configures, and treats Asia/Saigon as Hanoi', () => {
      const i18n = create();
      i18n.setDeviceTimeZone('Asia/Saigon');
      expect(i18n.formatDateTime(nineInHanoi)).toBe('19/11/2026 09:00:00');
      i18n.setTimeZone('Europe/Paris');
      expect(i18n.formatDateTime(nineInHanoi)).toBe('19/11/2026 03:00:00 (giờ Europe/Paris)');
      i18n.setTimeZone('Not/A_Zone');
      expect(i18n.timeZone()).toBe('Europe/Paris');
    });
  });

  describe('plural forms', () => {
    it('says "1 page" and "1 second" in English and never inflects Vietnamese', async () => {
      const i18n = create();
      expect(i18n.translate('papers.pages', { n: 1 })).toBe('1 trang');
      expect(i18n.formatWait(1)).toBe('1 giây');
      await i18n.setLang('en');
      expect(i18n.translate('papers.pages', { n: 1 })).toBe('1 page');
      expect(i18n.translate('papers.pages', { n: 12 })).toBe('12 pages');
      expect(i18n.formatWait(1)).toBe('1 second');
      expect(i18n.formatWait(30)).toBe('30 seconds');
      expect(i18n.formatWait(61)).toBe('2 minutes');
      expect(i18n.translate('reader.searchResults', { count: 1, pages: 3 })).toBe('1 match on 3 pages');
      expect(i18n.translate('papers.pages')).toBe('{n, plural, one {# page} other {# pages}}');
    });
  });

  describe('describeError', () => {
    it('translates the API error code rather than showing the server message', async () => {
      const i18n = create();
      const error = apiError(401, IdentityErrorCode.INVALID_CREDENTIALS);
      expect(i18n.describeError(error)).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      await i18n.setLang('en');
      expect(i18n.describeError(error)).toBe('The username or password is incorrect.');
    });

    it('tells a throttled user how long to wait', () => {
      const i18n = create();
      expect(i18n.describeError(apiError(429, IdentityErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: 890 }))).toBe(
        'Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.',
      );
      expect(i18n.describeError(apiError(429, IdentityErrorCode.TOO_MANY_ATTEMPTS, { retryAfterSeconds: 30 }))).toContain(
        'sau 30 giây.',
      );
      expect(i18n.describeError(apiError(429, IdentityErrorCode.TOO_MANY_ATTEMPTS))).toContain('sau ít phút.');
    });

    it('distinguishes an unreachable server from an unknown failure', () => {
      const i18n = create();
      expect(i18n.describeError(new HttpErrorResponse({ status: 0 }))).toBe(
        'Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng và thử lại.',
      );
      expect(i18n.describeError(new HttpErrorResponse({ status: 502, error: '<html>' }))).toBe(
        'Đã xảy ra lỗi không mong muốn. Vui lòng thử lại.',
      );
      expect(i18n.describeError(apiError(500, CommonErrorCode.INTERNAL))).toBe('Hệ thống đang gặp sự cố. Vui lòng thử lại sau.');
      expect(i18n.describeError(apiError(400, 'A_CODE_FROM_A_NEWER_SERVER'))).toBe('Đã xảy ra lỗi không mong muốn. Vui lòng thử lại.');
    });
  });
});

describe('dictionaries', () => {
  const viMessages = flattenMessages(vi);
  const enMessages = flattenMessages(en);

  it('have the same keys and no empty message', () => {
    expect([...enMessages.keys()].sort()).toEqual([...viMessages.keys()].sort());
    for (const [key, message] of [...viMessages, ...enMessages]) {
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('use the same placeholders in both languages', () => {
    // `{n, plural, one {# page} other {# pages}}` uses the placeholder `{n}`.
    const placeholders = (message: string) => [...message.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((match) => `{${match[1]}}`).sort();
    for (const [key, message] of viMessages) {
      expect({ key, placeholders: placeholders(enMessages.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(message) });
    }
  });

  it('store Vietnamese in precomposed (NFC) form so diacritics render in every font', async () => {
    for (const [key, message] of viMessages) {
      expect({ key, nfc: message === message.normalize('NFC') }).toEqual({ key, nfc: true });
    }
  });
});

@Component({
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span>{{ 'nav.home' | t }}</span> <em>{{ 'home.greeting' | t: { name: 'Lan' } }}</em>`,
})
class TranslatedHost {}

describe('TranslatePipe', () => {
  beforeEach(() => localStorage.clear());

  it('re-renders an OnPush view when the language changes', async () => {
    const fixture = TestBed.createComponent(TranslatedHost);
    await fixture.whenStable();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.querySelector('span')?.textContent).toBe('Tổng quan');
    expect(host.querySelector('em')?.textContent).toBe('Xin chào, Lan');

    await TestBed.inject(TranslationService).setLang('en');
    await fixture.whenStable();
    expect(host.querySelector('span')?.textContent).toBe('Overview');
    expect(host.querySelector('em')?.textContent).toBe('Hello, Lan');
  });
});
