import { deadlineState, deadlineTone } from './deadline';

describe('deadlineState', () => {
  const now = Date.parse('2026-11-22T08:00:00.000Z');

  it('counts days, hours and minutes left, rounding up to the minute', () => {
    expect(deadlineState('2026-11-24T10:30:20.000Z', now)).toEqual({ overdue: false, soon: false, days: 2, hours: 2, minutes: 31 });
  });

  it('warns within the last 24 hours and is overdue at the deadline', () => {
    const soon = deadlineState('2026-11-23T07:59:00.000Z', now);
    expect(soon.soon).toBe(true);
    expect(deadlineTone(soon)).toBe('warning');
    const over = deadlineState('2026-11-22T08:00:00.000Z', now);
    expect(over.overdue).toBe(true);
    expect(deadlineTone(over)).toBe('danger');
    expect(deadlineTone(deadlineState('2026-12-01T00:00:00.000Z', now))).toBe('info');
  });
});
