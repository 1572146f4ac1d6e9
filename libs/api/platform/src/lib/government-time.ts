/**
 * A time as the Government's papers and e-mails print it, on the clock of `timeZone` (the
 * TIMEZONE setting), never the server's own zone: "17:00:00 1/12/2026".
 */
export function formatGovernmentTime(at: Date | string, timeZone: string): string {
  return new Date(at).toLocaleString('vi-VN', { timeZone, hour12: false });
}

/** The same time for the English half of a message: "1 December 2026, 17:00 (Asia/Ho_Chi_Minh)". */
export function formatGovernmentTimeInEnglish(at: Date | string, timeZone: string): string {
  const text = new Date(at).toLocaleString('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${text} (${timeZone})`;
}

/** The calendar date (YYYY-MM-DD) `at` falls on in `timeZone`. */
export function governmentDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in milliseconds. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (at - (at % 1000));
}

/** The last millisecond of the calendar day `date` (YYYY-MM-DD) in `timeZone`: a due date ends then. */
export function endOfGovernmentDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const nextMidnightWall = Date.UTC(year, month - 1, day + 1);
  let guess = nextMidnightWall - zoneOffset(nextMidnightWall, timeZone);
  guess = nextMidnightWall - zoneOffset(guess, timeZone);
  return new Date(guess - 1);
}
