import { fromZonedInputValue, toZonedInputValue } from '@ecabinet/web/shared/i18n';

/** What the start and end fields of the meeting form mean, or why they mean nothing. */
export type MeetingTimes = { readonly startsAt: string; readonly endsAt: string | null } | { readonly error: 'startRequired' | 'endBeforeStart' };

/**
 * The instants typed in the meeting form's two `datetime-local` fields, read on the Government's
 * clock (`timeZone`, Hanoi by default) and never the device's: "08:00" typed on a laptop set to
 * UTC is 08:00 in Hanoi (01:00 UTC). The end is optional; when given it must follow the start.
 */
export function meetingTimesFromInputs(startsInput: string, endsInput: string, timeZone: string): MeetingTimes {
  const startsAt = fromZonedInputValue(startsInput, timeZone);
  if (!startsAt) {
    return { error: 'startRequired' };
  }
  const endsAt = endsInput ? fromZonedInputValue(endsInput, timeZone) : null;
  if (endsAt && new Date(endsAt).getTime() <= new Date(startsAt).getTime()) {
    return { error: 'endBeforeStart' };
  }
  return { startsAt, endsAt };
}

/** The form's field values for a stored meeting, on the Government's clock. */
export function meetingTimesToInputs(startsAt: string, endsAt: string | null, timeZone: string): { startsAt: string; endsAt: string } {
  return { startsAt: toZonedInputValue(startsAt, timeZone), endsAt: endsAt ? toZonedInputValue(endsAt, timeZone) : '' };
}

/** "UTC+7", "UTC-3:30", "UTC": the zone's offset from UTC at `at`, to name beside a time field. */
export function utcOffsetLabel(timeZone: string, at: Date = new Date()): string {
  const wall = new Date(toZonedInputValue(at, timeZone) + ':00Z').getTime();
  const minutes = Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  if (minutes === 0) {
    return 'UTC';
  }
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** Tomorrow at `hour`:00 on the Government's clock, as a `datetime-local` value: the new meeting's default start. */
export function tomorrowAt(hour: number, timeZone: string, now: Date = new Date()): string {
  const today = toZonedInputValue(now, timeZone).slice(0, 10);
  const tomorrow = new Date(`${today}T00:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  return `${tomorrow.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}
