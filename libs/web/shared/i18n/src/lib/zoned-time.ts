/**
 * Wall-clock values of `<input type="datetime-local">` read and written on the Government's
 * clock (the server's TIMEZONE), not the device's: "09:00" typed on a laptop set to UTC still
 * means 09:00 in Hanoi.
 */

const PARTS = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = PARTS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    PARTS.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading of `date` in `timeZone`, as if it were UTC (ms). */
function wallClock(date: Date, timeZone: string): number {
  const parts = Object.fromEntries(partsFormat(timeZone).formatToParts(date).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
}

/** `YYYY-MM-DDTHH:mm` of an instant on the clock of `timeZone`. */
export function toZonedInputValue(iso: string | Date, timeZone: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Date(wallClock(date, timeZone)).toISOString().slice(0, 16);
}

/** The instant a `YYYY-MM-DDTHH:mm` value means on the clock of `timeZone`, as ISO 8601 UTC; null when empty or invalid. */
export function fromZonedInputValue(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) {
    return null;
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const wanted = Date.UTC(year, month - 1, day, hour, minute, second || 0);
  if (Number.isNaN(wanted)) {
    return null;
  }
  // The zone's offset at that moment; corrected once more across a daylight-saving change.
  let instant = wanted - (wallClock(new Date(wanted), timeZone) - wanted);
  instant += wanted - wallClock(new Date(instant), timeZone);
  return new Date(instant).toISOString();
}
