import { DestroyRef, inject, signal, type Signal } from '@angular/core';

/** The current time as a signal, ticking every `periodMs` while the calling view lives. */
export function tickingClock(periodMs = 30_000): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
