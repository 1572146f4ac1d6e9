import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslationService } from '@ecabinet/web/shared/i18n';

const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * When a meeting takes place, in the UI language and on the Government's clock:
 * "Thứ Năm, 19/11/2026, 08:00–17:00" (or "…, từ 08:00" without an end), followed by
 * " (giờ Hà Nội)" on a device set to another zone.
 */
@Pipe({ name: 'meetingWhen', pure: false })
export class MeetingWhenPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(startsAt: string | null | undefined, endsAt?: string | null): string {
    const start = startsAt ? new Date(startsAt) : null;
    if (!start || Number.isNaN(start.getTime())) {
      return '';
    }
    const date = this.i18n.dateTimeFormat(DAY);
    const time = this.i18n.dateTimeFormat(TIME);
    const end = endsAt ? new Date(endsAt) : null;
    const day = date.format(start);
    const when =
      !end || Number.isNaN(end.getTime())
        ? this.i18n.translate('meetings.whenOpen', { date: day, start: time.format(start) })
        : this.i18n.translate('meetings.when', { date: day, start: time.format(start), end: time.format(end) });
    return `${when}${this.i18n.zoneSuffix()}`;
  }
}
