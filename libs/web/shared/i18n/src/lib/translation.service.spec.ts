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

  it('switches to English, remembers the choice and updates <html lang>', () => {
    const i18n = create();
    i18n.setLang('en');
    expect(i18n.translate('login.title')).toBe('Sign in');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('ecabinet.lang')).toBe('en');
  });

  it('restores the remembered language and ignores an unknown stored value', () => {
    localStorage.setItem('ecabinet.lang', 'en');
    expect(create().lang()).toBe('en');

    TestBed.resetTestingModule();
    localStorage.setItem('ecabinet.lang', 'fr');
    expect(create().lang()).toBe('vi');
  });

  it('fills placeholders and leaves missing ones visible', () => {
    const i18n = create();
    expect(i18n.translate('home.greeting', { name: 'Nguyễn Văn A' })).toBe('Xin chào, Nguyễn Văn A');
    expect(i18n.translate('home.greeting')).toBe('Xin chào, {name}');
  });

  it('labels audit actions whose codes contain dots', () => {
    const i18n = create();
    expect(i18n.auditActionLabel('auth.login.succeeded')).toBe('Đăng nhập thành công');
    i18n.setLang('en');
    expect(i18n.auditActionLabel('auth.login.succeeded')).toBe('Signed in');
  });

  it('writes dates day first, then the time, in both languages', () => {
    const i18n = create();
    const iso = new Date(2025, 4, 21, 14, 5, 9).toISOString();
    expect(i18n.formatDateTime(iso)).toBe('21/05/2025 14:05:09');
    i18n.setLang('en');
    expect(i18n.formatDateTime(iso)).toBe('21/05/2025 14:05:09');
    expect(i18n.formatDateTime(null)).toBe('');
  });

  describe('describeError', () => {
    it('translates the API error code rather than showing the server message', () => {
      const i18n = create();
      const error = apiError(401, IdentityErrorCode.INVALID_CREDENTIALS);
      expect(i18n.describeError(error)).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      i18n.setLang('en');
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
    const placeholders = (message: string) => (message.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, message] of viMessages) {
      expect({ key, placeholders: placeholders(enMessages.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(message) });
    }
  });

  it('store Vietnamese in precomposed (NFC) form so diacritics render in every font', () => {
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

    TestBed.inject(TranslationService).setLang('en');
    await fixture.whenStable();
    expect(host.querySelector('span')?.textContent).toBe('Overview');
    expect(host.querySelector('em')?.textContent).toBe('Hello, Lan');
  });
});
