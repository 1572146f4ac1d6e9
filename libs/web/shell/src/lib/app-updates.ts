import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { SwUpdate } from '@angular/service-worker';

/**
 * A new version of the installed app: the service worker has it ready, and the shell offers to
 * reload into it (work in progress is the user's to save first). A worker that lost the files of
 * the running version can serve nothing more, so the page reloads at once.
 */
@Injectable({ providedIn: 'root' })
export class AppUpdates {
  /** Absent where no service worker is provided (development, unit tests). */
  private readonly updates = inject(SwUpdate, { optional: true });
  private readonly readyState = signal(false);
  readonly ready = this.readyState.asReadonly();

  constructor() {
    if (!this.updates?.isEnabled) return;
    this.updates.versionUpdates.pipe(takeUntilDestroyed()).subscribe((event) => {
      if (event.type === 'VERSION_READY') this.readyState.set(true);
    });
    this.updates.unrecoverable.pipe(takeUntilDestroyed()).subscribe(() => document.location.reload());
  }

  reload(): void {
    document.location.reload();
  }
}
