import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { AuditAction, Role } from '@ecabinet/shared/contracts';
import { isNetworkError, readApiError, retryAfterSeconds } from './api-error';
import { type Language, flattenMessages, isLanguage } from './dictionaries/dictionary';
import { type TranslationKey, vi } from './dictionaries/vi';

export type MessageParams = Readonly<Record<string, string | number | null | undefined>>;

const STORAGE_KEY = 'ecabinet.lang';
const DEFAULT_LANGUAGE: Language = 'vi';

/**
 * Vietnamese, the default, is in the initial bundle; English is fetched the first time it is
 * chosen (a chunk of its own), so most users never download it.
 */
const MESSAGES: Record<Language, ReadonlyMap<string, string> | null> = {
  vi: flattenMessages(vi),
  en: null,
};
let englishLoading: Promise<void> | null = null;

function loadMessages(lang: Language): Promise<void> {
  if (MESSAGES[lang]) return Promise.resolve();
  englishLoading ??= import('./dictionaries/en').then(({ en }) => {
    MESSAGES.en = flattenMessages(en);
  });
  return englishLoading;
}

function messages(lang: Language): ReadonlyMap<string, string> {
  return MESSAGES[lang] ?? (MESSAGES.vi as ReadonlyMap<string, string>);
}

const LOCALES: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };

/** Plural categories per language: English has "one"/"other"; Vietnamese never inflects. */
const PLURAL_RULES: Readonly<Record<Language, Intl.PluralRules>> = {
  vi: new Intl.PluralRules(LOCALES.vi),
  en: new Intl.PluralRules(LOCALES.en),
};

/** The Government's zone until the server says otherwise (`GET /api/config`). */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter for a locale, zone and options (building one costs far more than using it). */
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    FORMATS.set(key, format);
  }
  return format;
}

/** Whether two IANA names denote the same zone (`Asia/Saigon` is `Asia/Ho_Chi_Minh`). */
function sameZone(a: string, b: string): boolean {
  const canonical = (zone: string) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      return zone;
    }
  };
  return canonical(a) === canonical(b);
}

/** Wall-clock parts of an instant in a zone. */
export interface ZonedParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * The UI language and every translated string. Reading `translate()` inside a template,
 * `computed()` or effect tracks `lang`, so text follows a language switch without reloads.
 */
@Injectable({ providedIn: 'root' })
export class TranslationService {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(DEFAULT_LANGUAGE);
  /** Settles once the stored language's messages are here (an app initializer waits for it). */
  private readonly ready: Promise<void>;
  private readonly zone = signal(DEFAULT_TIME_ZONE);
  private readonly deviceZone = signal(new Intl.DateTimeFormat().resolvedOptions().timeZone);

  /** The UI language: Vietnamese unless the user chose English. */
  readonly lang = this.current.asReadonly();
  /** BCP 47 locale used for dates and numbers. */
  readonly locale = computed(() => LOCALES[this.lang()]);

  /** The Government's IANA zone: every date and time is shown in it, whatever the device's zone. */
  readonly timeZone = this.zone.asReadonly();
  /** True when this device's clock runs in another zone, so shown times name their zone. */
  readonly foreignDevice = computed(() => !sameZone(this.zone(), this.deviceZone()));
  /** "giờ Hà Nội" / "Hanoi time", or the zone's own name for another government zone. */
  readonly timeZoneName = computed(() =>
    sameZone(this.zone(), DEFAULT_TIME_ZONE) ? this.translate('time.hanoi') : this.translate('time.zone', { zone: this.zone() }),
  );

  constructor() {
    this.document.documentElement.lang = this.current();
    const stored = this.readStoredLanguage();
    this.ready = stored === DEFAULT_LANGUAGE ? Promise.resolve() : this.setLang(stored).catch(() => undefined);
  }

  /** Resolves when the language chosen on this device can be shown. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Sets the Government's zone (from the server's TIMEZONE); an unknown zone is ignored. */
  setTimeZone(zone: string): void {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      this.zone.set(zone);
    } catch {
      // Keep the default rather than fall back to the device's zone.
    }
  }

  /** For tests and kiosks: the zone this device's clock is taken to run in. */
  setDeviceTimeZone(zone: string): void {
    this.deviceZone.set(zone);
  }

  /**
   * `format(date)` in the current language and the Government's zone, e.g.
   * `dateTimeFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })`.
   */
  dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return formatter(this.locale(), this.zone(), options);
  }

  /** Year, month, day, hour and minute of an instant on the Government's clock. */
  zonedParts(date: Date): ZonedParts {
    const parts = formatter('en-GB', this.zone(), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
  }

  /** " (giờ Hà Nội)" after a time when this device runs in another zone; empty otherwise. */
  zoneSuffix(): string {
    return this.foreignDevice() ? ` (${this.timeZoneName()})` : '';
  }

  /**
   * Switches the UI language once its messages are here, remembers it on this device and updates
   * `<html lang>`. Fails (and keeps the current language) when they cannot be fetched.
   */
  async setLang(lang: Language): Promise<void> {
    await loadMessages(lang);
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
    const message = messages(this.lang()).get(key) ?? key;
    return params ? interpolate(message, params, PLURAL_RULES[this.lang()]) : message;
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
    if (apiError && key && messages(this.lang()).has(key)) {
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

  /** A size in bytes as people read it: "850 KB", "3,2 MB" (the language's decimal mark). */
  formatSize(bytes: number): string {
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = Math.max(0, bytes);
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${new Intl.NumberFormat(this.locale(), { maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value)} ${units[unit]}`;
  }

  /**
   * Date then time on the Government's clock, day first in both languages: "21/05/2025 14:05:09",
   * followed by " (giờ Hà Nội)" on a device set to another zone.
   */
  formatDateTime(iso: string | null | undefined): string {
    if (!iso) {
      return '';
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    const day = this.dateTimeFormat({ day: '2-digit', month: '2-digit', year: 'numeric' });
    const time = this.dateTimeFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    return `${day.format(date)} ${time.format(date)}${this.zoneSuffix()}`;
  }

  /**
   * A calendar date (YYYY-MM-DD, such as a task's due date) day first, "31/12/2026": a date of the
   * Government's calendar, never moved by the device's zone.
   */
  formatCalendarDate(date: string | null | undefined): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
    return match ? `${match[3]}/${match[2]}/${match[1]}` : (date ?? '');
  }

  /** Today's date (YYYY-MM-DD) on the Government's calendar, or `days` later. */
  governmentDate(days = 0, now = new Date()): string {
    const { year, month, day } = this.zonedParts(now);
    const shifted = new Date(Date.UTC(year, month - 1, day + days));
    return shifted.toISOString().slice(0, 10);
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

/**
 * `{n, plural, one {# page} other {# pages}}`: the branch for the plural category of `n` in
 * the message's language (`=0` style exact matches first), with `#` standing for the number.
 */
const PLURAL = /\{(\w+),\s*plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_BRANCH = /(=?\w+)\s*\{([^{}]*)\}/g;

function selectPlurals(message: string, params: MessageParams, rules: Intl.PluralRules): string {
  return message.replace(PLURAL, (whole, name: string, branches: string) => {
    const value = Number(params[name]);
    if (params[name] === undefined || params[name] === null || Number.isNaN(value)) {
      return whole;
    }
    const forms = new Map<string, string>();
    for (const [, selector, text] of branches.matchAll(PLURAL_BRANCH)) {
      forms.set(selector, text);
    }
    const chosen = forms.get(`=${value}`) ?? forms.get(rules.select(value)) ?? forms.get('other') ?? whole;
    return chosen.replace(/#/g, String(params[name]));
  });
}

function interpolate(message: string, params: MessageParams, rules: Intl.PluralRules): string {
  return selectPlurals(message, params, rules).replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? placeholder : String(value);
  });
}
