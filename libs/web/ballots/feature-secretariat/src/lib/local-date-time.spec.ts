import { formatReminderHours, fromLocalInput, parseReminderHours, toLocalInput } from './local-date-time';

describe('editor values', () => {
  it('round-trips a deadline through the datetime-local input', () => {
    const iso = '2026-11-25T09:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });

  it("reads and writes the deadline on the Government's clock, whatever the device's zone", () => {
    // 16:30 in Hanoi is 09:30 UTC; the process may run in any zone.
    expect(toLocalInput('2026-11-25T09:30:00.000Z')).toBe('2026-11-25T16:30');
    expect(fromLocalInput('2026-11-25T16:30')).toBe('2026-11-25T09:30:00.000Z');
    expect(toLocalInput('2026-11-25T09:30:00.000Z', 'Europe/Paris')).toBe('2026-11-25T10:30');
    expect(fromLocalInput('2026-07-01T10:30', 'Europe/Paris')).toBe('2026-07-01T08:30:00.000Z');
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
