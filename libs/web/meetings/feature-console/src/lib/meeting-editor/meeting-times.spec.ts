import { meetingTimesFromInputs, meetingTimesToInputs, tomorrowAt, utcOffsetLabel } from './meeting-times';

const HANOI = 'Asia/Ho_Chi_Minh';

describe('meeting times on the Government clock', () => {
  it('reads 08:00–17:00 typed in the form as Hanoi wall-clock time, whatever the device zone (01:00–10:00 UTC)', () => {
    expect(meetingTimesFromInputs('2026-12-10T08:00', '2026-12-10T17:00', HANOI)).toEqual({
      startsAt: '2026-12-10T01:00:00.000Z',
      endsAt: '2026-12-10T10:00:00.000Z',
    });
  });

  it('crosses midnight correctly: 06:30 in Hanoi is the evening before in UTC', () => {
    expect(meetingTimesFromInputs('2027-01-01T06:30', '', HANOI)).toEqual({ startsAt: '2026-12-31T23:30:00.000Z', endsAt: null });
  });

  it('refuses a missing start and an end not after the start', () => {
    expect(meetingTimesFromInputs('', '2026-12-10T17:00', HANOI)).toEqual({ error: 'startRequired' });
    expect(meetingTimesFromInputs('2026-12-10T08:00', '2026-12-10T08:00', HANOI)).toEqual({ error: 'endBeforeStart' });
    expect(meetingTimesFromInputs('2026-12-10T08:00', '2026-12-09T17:00', HANOI)).toEqual({ error: 'endBeforeStart' });
  });

  it('shows a stored meeting in the form on the Hanoi clock, and back again unchanged', () => {
    const inputs = meetingTimesToInputs('2026-12-10T01:00:00.000Z', '2026-12-10T10:00:00.000Z', HANOI);
    expect(inputs).toEqual({ startsAt: '2026-12-10T08:00', endsAt: '2026-12-10T17:00' });
    expect(meetingTimesFromInputs(inputs.startsAt, inputs.endsAt, HANOI)).toEqual({ startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T10:00:00.000Z' });
    expect(meetingTimesToInputs('2026-12-10T01:00:00.000Z', null, HANOI).endsAt).toBe('');
  });

  it('names the offset beside the field: UTC+7 for Hanoi (no daylight saving), and other zones', () => {
    expect(utcOffsetLabel(HANOI, new Date('2026-07-01T00:00:00Z'))).toBe('UTC+7');
    expect(utcOffsetLabel(HANOI, new Date('2026-01-01T00:00:00Z'))).toBe('UTC+7');
    expect(utcOffsetLabel('UTC')).toBe('UTC');
    expect(utcOffsetLabel('Asia/Kolkata', new Date('2026-01-01T00:00:00Z'))).toBe('UTC+5:30');
    expect(utcOffsetLabel('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe('UTC-5');
  });

  it('proposes tomorrow on the Hanoi calendar: late evening UTC is already the next day in Hanoi', () => {
    expect(tomorrowAt(8, HANOI, new Date('2026-12-04T18:00:00Z'))).toBe('2026-12-06T08:00');
    expect(tomorrowAt(8, HANOI, new Date('2026-12-04T10:00:00Z'))).toBe('2026-12-05T08:00');
  });
});
