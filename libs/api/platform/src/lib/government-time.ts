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
