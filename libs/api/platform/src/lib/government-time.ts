/**
 * A time as the Government's papers and e-mails print it, on the clock of `timeZone` (the
 * TIMEZONE setting), never the server's own zone: "17:00:00 1/12/2026".
 */
export function formatGovernmentTime(at: Date | string, timeZone: string): string {
  return new Date(at).toLocaleString('vi-VN', { timeZone, hour12: false });
}
