import { DEFAULT_TIME_ZONE, fromZonedInputValue, toZonedInputValue } from '@ecabinet/web/shared/i18n';

/**
 * `YYYY-MM-DDTHH:mm` on the Government's clock (`TranslationService.timeZone()`, Hanoi by
 * default), the value of an `<input type="datetime-local">`: never the device's zone.
 */
export function toLocalInput(iso: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return toZonedInputValue(iso, timeZone);
}

/** The instant a `datetime-local` value means on the Government's clock, as ISO 8601 UTC; null when empty or invalid. */
export function fromLocalInput(value: string, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  return fromZonedInputValue(value, timeZone);
}

/** "24, 2" (hours) → [1440, 120] (minutes); null when any entry is not a positive number. */
export function parseReminderHours(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((part) => part.trim().replace(',', '.'))
    .filter(Boolean);
  const minutes = parts.map((part) => Math.round(Number(part) * 60));
  return minutes.every((value) => Number.isFinite(value) && value >= 1 && value <= 30 * 24 * 60) ? [...new Set(minutes)].sort((a, b) => b - a) : null;
}

export function formatReminderHours(minutes: readonly number[]): string {
  return minutes.map((value) => String(Math.round((value / 60) * 100) / 100)).join(', ');
}

/**
 * The reminder moments (minutes before the deadline) that have already come at `now`: issued
 * now, the server sends one reminder at once for them (the nearest the deadline; the others are
 * covered by it), which the secretariat is told before confirming.
 */
export function remindersDueAt(deadline: string, reminderMinutes: readonly number[], now: number): number[] {
  const end = new Date(deadline).getTime();
  return reminderMinutes.filter((minutes) => end - minutes * 60_000 <= now).sort((a, b) => b - a);
}
