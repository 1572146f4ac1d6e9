import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { MeetingSummaryResponse } from '@ecabinet/shared/contracts';
import { type MeetingListScope, MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { EMPTY, catchError, finalize, switchMap } from 'rxjs';

/** The meeting list page: one scope at a time (upcoming or past), loaded when it is shown. */
@Injectable()
export class MeetingListStore {
  private readonly api = inject(MeetingsApi);
  private readonly request = signal<{ scope: Exclude<MeetingListScope, 'all'>; revision: number }>({ scope: 'upcoming', revision: 0 });
  private readonly items = signal<readonly MeetingSummaryResponse[]>([]);
  private readonly loadingState = signal(true);
  private readonly failure = signal<unknown>(null);

  readonly meetings = this.items.asReadonly();
  /** The scope shown. */
  readonly scope = computed(() => this.request().scope);
  readonly loading = this.loadingState.asReadonly();
  readonly loadError = this.failure.asReadonly();

  constructor() {
    toObservable(this.request)
      .pipe(
        switchMap(({ scope }) => {
          this.loadingState.set(true);
          this.failure.set(null);
          this.items.set([]);
          return this.api.list(scope).pipe(
            catchError((error: unknown) => {
              this.failure.set(error);
              return EMPTY;
            }),
            finalize(() => this.loadingState.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((meetings) => this.items.set(meetings));
  }

  show(scope: Exclude<MeetingListScope, 'all'>): void {
    this.request.update((request) => (request.scope === scope ? request : { scope, revision: request.revision + 1 }));
  }

  reload(): void {
    this.request.update((request) => ({ ...request, revision: request.revision + 1 }));
  }
}
