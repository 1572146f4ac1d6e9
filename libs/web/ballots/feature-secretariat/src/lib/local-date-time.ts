/** `YYYY-MM-DDTHH:mm` in local time, the value of an `<input type="datetime-local">`. */
export function toLocalInput(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a `datetime-local` value means on this device, as ISO 8601 UTC; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
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
