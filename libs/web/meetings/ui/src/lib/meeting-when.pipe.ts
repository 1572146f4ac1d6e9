import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslationService } from '@ecabinet/web/shared/i18n';

interface Formats {
  readonly date: Intl.DateTimeFormat;
  readonly time: Intl.DateTimeFormat;
}

const FORMATS = new Map<string, Formats>();

function formatsFor(locale: string): Formats {
  let formats = FORMATS.get(locale);
  if (!formats) {
    formats = {
      date: new Intl.DateTimeFormat(locale, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    FORMATS.set(locale, formats);
  }
  return formats;
}

/**
 * When a meeting takes place, in the UI language: "Thứ Năm, 19/11/2026, 08:00–17:00"
 * (or "…, từ 08:00" without an end).
 */
@Pipe({ name: 'meetingWhen', pure: false })
export class MeetingWhenPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(startsAt: string | null | undefined, endsAt?: string | null): string {
    const start = startsAt ? new Date(startsAt) : null;
    if (!start || Number.isNaN(start.getTime())) {
      return '';
    }
    const { date, time } = formatsFor(this.i18n.locale());
    const end = endsAt ? new Date(endsAt) : null;
    const day = date.format(start);
    if (!end || Number.isNaN(end.getTime())) {
      return this.i18n.translate('meetings.whenOpen', { date: day, start: time.format(start) });
    }
    return this.i18n.translate('meetings.when', { date: day, start: time.format(start), end: time.format(end) });
  }
}
