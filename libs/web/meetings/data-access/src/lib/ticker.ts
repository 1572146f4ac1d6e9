import { DestroyRef, type Signal, inject, signal } from '@angular/core';

/**
 * This device's clock as a signal that ticks every `intervalMs` while the calling component
 * lives: for countdowns and speaking times. Call it in an injection context.
 */
export function injectTicker(intervalMs = 1000): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), intervalMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
