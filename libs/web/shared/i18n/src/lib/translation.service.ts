import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { AuditAction, Role } from '@ecabinet/shared/contracts';
import { isNetworkError, readApiError, retryAfterSeconds } from './api-error';
import { type Language, flattenMessages, isLanguage } from './dictionaries/dictionary';
import { en } from './dictionaries/en';
import { type TranslationKey, vi } from './dictionaries/vi';

export type MessageParams = Readonly<Record<string, string | number | null | undefined>>;

const STORAGE_KEY = 'ecabinet.lang';
const DEFAULT_LANGUAGE: Language = 'vi';

const MESSAGES: Readonly<Record<Language, ReadonlyMap<string, string>>> = {
  vi: flattenMessages(vi),
  en: flattenMessages(en),
};

const LOCALES: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };

const FORMATS = Object.fromEntries(
  (Object.entries(LOCALES) as [Language, string][]).map(([lang, locale]) => [
    lang,
    {
      day: new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
    },
  ]),
) as Record<Language, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>;

/**
 * The UI language and every translated string. Reading `translate()` inside a template,
 * `computed()` or effect tracks `lang`, so text follows a language switch without reloads.
 */
@Injectable({ providedIn: 'root' })
export class TranslationService {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(this.readStoredLanguage());

  /** The UI language: Vietnamese unless the user chose English. */
  readonly lang = this.current.asReadonly();
  /** BCP 47 locale used for dates and numbers. */
  readonly locale = computed(() => LOCALES[this.lang()]);

  constructor() {
    this.document.documentElement.lang = this.current();
  }

  /** Switches the UI language, remembers it on this device and updates `<html lang>`. */
  setLang(lang: Language): void {
    this.current.set(lang);
    this.document.documentElement.lang = lang;
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode, policy); the choice then lasts for the tab.
    }
  }

  /** The message for `key` in the current language, with `{param}` placeholders filled in. */
  translate(key: TranslationKey, params?: MessageParams): string {
    const message = MESSAGES[this.lang()].get(key) ?? key;
    return params ? interpolate(message, params) : message;
  }

  roleLabel(role: Role): string {
    return this.translate(`roles.${role}`);
  }

  auditActionLabel(action: AuditAction): string {
    return this.translate(`auditActions.${action}`);
  }

  /**
   * A user-facing sentence for a failed request: the API error code translated (with the
   * wait of a throttling error), a network message, or a generic one. Never the raw English
   * `message` of the server.
   */
  describeError(error: unknown): string {
    const apiError = readApiError(error);
    const key: TranslationKey | null = apiError ? `errors.${apiError.code}` : null;
    if (apiError && key && MESSAGES[this.lang()].has(key)) {
      const seconds = retryAfterSeconds(apiError);
      return this.translate(key, {
        wait: seconds === null ? this.translate('duration.aFewMinutes') : this.formatWait(seconds),
      });
    }
    if (isNetworkError(error)) {
      return this.translate('common.networkError');
    }
    return this.translate('common.unexpectedError');
  }

  /** A wait such as "45 giây" or "15 phút" (rounded up to whole minutes past one minute). */
  formatWait(seconds: number): string {
    if (seconds < 60) {
      return this.translate('duration.seconds', { n: Math.max(1, Math.ceil(seconds)) });
    }
    return this.translate('duration.minutes', { n: Math.ceil(seconds / 60) });
  }

  /** Date then time, day first in both languages: "21/05/2025 14:05:09". */
  formatDateTime(iso: string | null | undefined): string {
    if (!iso) {
      return '';
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    const { day, time } = FORMATS[this.lang()];
    return `${day.format(date)} ${time.format(date)}`;
  }

  private readStoredLanguage(): Language {
    try {
      const stored = this.document.defaultView?.localStorage.getItem(STORAGE_KEY);
      return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
    } catch {
      return DEFAULT_LANGUAGE;
    }
  }
}

function interpolate(message: string, params: MessageParams): string {
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? placeholder : String(value);
  });
}
