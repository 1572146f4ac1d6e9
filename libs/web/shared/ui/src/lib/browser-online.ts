import { type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { fromEvent, map, merge } from 'rxjs';

/** Whether the browser has a network, following its online and offline events (call in an injection context). */
export function browserOnline(): Signal<boolean> {
  return toSignal(merge(fromEvent(window, 'online'), fromEvent(window, 'offline')).pipe(map(() => navigator.onLine)), { initialValue: navigator.onLine });
}
