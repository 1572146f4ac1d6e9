import { formatReminderHours, fromLocalInput, parseReminderHours, toLocalInput } from './local-date-time';

describe('editor values', () => {
  it('round-trips a deadline through the datetime-local input', () => {
    const iso = '2026-11-25T09:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });

  it('reads reminder hours as minutes, largest first, and refuses nonsense', () => {
    expect(parseReminderHours('2, 24')).toEqual([1440, 120]);
    expect(parseReminderHours('0.5')).toEqual([30]);
    expect(parseReminderHours('24, abc')).toBeNull();
    expect(parseReminderHours('-1')).toBeNull();
    expect(parseReminderHours('')).toEqual([]);
    expect(formatReminderHours([1440, 120])).toBe('24, 2');
  });
});
