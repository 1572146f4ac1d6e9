import type { AppConfig } from '@ecabinet/api/platform';
import { endOfGovernmentDay } from '@ecabinet/api/platform';
import { dueNotices, sendingMoment } from './task-scheduler';

const HANOI = 'Asia/Ho_Chi_Minh';
const config = { timeZone: HANOI, tasks: { reminderDays: [7, 1], escalationDays: [7, 1] } } as AppConfig;
const task = { dueDate: '2026-12-31', deadline: endOfGovernmentDay('2026-12-31', HANOI) };
const names = (moments: { kind: string; days: number }[]) => moments.map((m) => `${m.kind}:${m.days}`);

describe('task reminders and escalations', () => {
  it('fall at 08:00 on the Government clock, the days before or after the due date', () => {
    expect(task.deadline.toISOString()).toBe('2026-12-31T16:59:59.999Z');
    expect(sendingMoment('2026-12-31', -7, HANOI).toISOString()).toBe('2026-12-24T01:00:00.000Z');
    expect(sendingMoment('2026-12-31', 1, HANOI).toISOString()).toBe('2027-01-01T01:00:00.000Z');
    expect(sendingMoment('2026-03-01', -1, 'Europe/Paris').toISOString()).toBe('2026-02-28T07:00:00.000Z');
  });

  it('sends each once, only the latest of those come at the same pass, the earlier covered by it', () => {
    const at = (iso: string, recorded: string[] = []) => dueNotices(task, new Set(recorded), config, new Date(iso));
    expect(names(at('2026-12-24T00:59:00Z').send)).toEqual([]);
    expect(names(at('2026-12-24T01:00:00Z').send)).toEqual(['reminder:7']);
    expect(names(at('2026-12-29T02:00:00Z', ['reminder:7']).send)).toEqual([]);
    // A task seen first the day before it is due: one reminder, the 7-day one covered.
    const late = at('2026-12-30T02:00:00Z');
    expect([names(late.send), names(late.covered)]).toEqual([['reminder:1'], ['reminder:7']]);
    // After the due date no reminder; the first escalation, then the second (with the secretariat).
    const first = at('2027-01-01T01:00:00Z', ['reminder:7', 'reminder:1']);
    expect(first.send).toEqual([expect.objectContaining({ kind: 'escalation', days: 1, level: 0 })]);
    const downTheWeek = at('2027-01-08T02:00:00Z', ['reminder:7', 'reminder:1']);
    expect(downTheWeek.send).toEqual([expect.objectContaining({ kind: 'escalation', days: 7, level: 1 })]);
    expect(names(downTheWeek.covered)).toEqual(['escalation:1']);
  });

  it('sends nothing when no days are configured', () => {
    const none = { ...config, tasks: { reminderDays: [], escalationDays: [] } } as AppConfig;
    expect(dueNotices(task, new Set(), none, new Date('2027-06-01T00:00:00Z'))).toEqual({ send: [], covered: [] });
  });
});
