import { Injectable, inject, signal } from '@angular/core';
import type { ItemExclusionsResponse } from '@ecabinet/shared/contracts';
import { PapersApi } from '@ecabinet/web/papers/data-access';
import { type Observable, catchError, forkJoin, map, of, tap } from 'rxjs';

/**
 * Who is excluded from each agenda item (conflict of interest), for the secretariat's agenda
 * editor: read once per set of items, changed through `save`. Provided by the console page.
 */
@Injectable()
export class ItemExclusionsStore {
  private readonly api = inject(PapersApi);
  private readonly byItem = signal<ReadonlyMap<string, readonly string[]>>(new Map());
  private readonly failure = signal<unknown>(null);
  private loadedFor = '';

  /** Item id → the user ids excluded from it. */
  readonly exclusions = this.byItem.asReadonly();
  readonly loadError = this.failure.asReadonly();

  /** Reads the exclusions of these items, unless the same items were read already. */
  load(meetingId: string, itemIds: readonly string[]): void {
    const key = `${meetingId}|${[...itemIds].sort().join(',')}`;
    if (key === this.loadedFor) return;
    this.loadedFor = key;
    if (itemIds.length === 0) {
      this.byItem.set(new Map());
      return;
    }
    forkJoin(itemIds.map((itemId) => this.api.exclusions(meetingId, itemId)))
      .pipe(
        map((answers) => new Map(answers.map((answer) => [answer.itemId, answer.userIds] as const))),
        catchError((error: unknown) => {
          this.failure.set(error);
          this.loadedFor = '';
          return of(null);
        }),
      )
      .subscribe((exclusions) => {
        if (exclusions) {
          this.failure.set(null);
          this.byItem.set(exclusions);
        }
      });
  }

  save(meetingId: string, itemId: string, userIds: readonly string[]): Observable<ItemExclusionsResponse> {
    return this.api.setExclusions(meetingId, itemId, userIds).pipe(tap((saved) => this.byItem.update((current) => new Map(current).set(saved.itemId, saved.userIds))));
  }
}
