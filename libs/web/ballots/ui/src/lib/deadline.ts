import type { StatusTone } from '@ecabinet/web/shared/ui';

/** Less than this left before the deadline: the chip turns to a warning. */
export const DEADLINE_SOON_MS = 24 * 60 * 60 * 1000;

export interface DeadlineState {
  readonly overdue: boolean;
  readonly soon: boolean;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

/** What is left until `deadline` at `now`, in whole days, hours and minutes (rounded up to a minute). */
export function deadlineState(deadline: string, now: number): DeadlineState {
  const left = new Date(deadline).getTime() - now;
  if (!(left > 0)) {
    return { overdue: true, soon: false, days: 0, hours: 0, minutes: 0 };
  }
  const totalMinutes = Math.ceil(left / 60_000);
  return {
    overdue: false,
    soon: left < DEADLINE_SOON_MS,
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

export function deadlineTone(state: DeadlineState): StatusTone {
  return state.overdue ? 'danger' : state.soon ? 'warning' : 'info';
}
