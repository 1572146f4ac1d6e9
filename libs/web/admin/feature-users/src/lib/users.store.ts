import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { Role, UserResponse } from '@ecabinet/shared/contracts';
import { UsersApi } from '@ecabinet/web/identity/data-access';
import { EMPTY, type Observable, catchError, finalize, switchMap, tap } from 'rxjs';

export const USERS_PAGE_SIZE = 20;

/** Whom a delegate may assist: the members of the Government and the chair. */
export const ASSISTABLE_ROLES: readonly Role[] = ['member', 'chair'];
/** The most users one page of the API returns: a government has a few dozen members. */
const ASSISTABLE_LIMIT = 200;

interface UsersQuery {
  readonly search: string;
  readonly offset: number;
  readonly limit: number;
  /** Bumped to load the same page again after a change. */
  readonly revision: number;
}

/**
 * State of the users page (provided by the page): the current query and page of users. Every
 * query change loads the page once; a newer query cancels an older request.
 */
@Injectable()
export class UsersStore {
  private readonly api = inject(UsersApi);
  private readonly query = signal<UsersQuery>({ search: '', offset: 0, limit: USERS_PAGE_SIZE, revision: 0 });
  private readonly items = signal<readonly UserResponse[]>([]);
  private readonly count = signal(0);
  private readonly loadingState = signal(false);
  private readonly loadFailure = signal<unknown>(null);
  private readonly assistableUsers = signal<readonly UserResponse[]>([]);
  private readonly assistableFailure = signal<unknown>(null);
  private readonly namesById = computed(() => new Map(this.assistableUsers().map((user) => [user.id, user.fullName])));

  readonly users = this.items.asReadonly();
  readonly total = this.count.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly loadError = this.loadFailure.asReadonly();
  readonly search = computed(() => this.query().search);
  readonly pageIndex = computed(() => Math.floor(this.query().offset / this.query().limit));
  readonly pageSize = computed(() => this.query().limit);
  /** Members and the chair, by name: the choices for a delegate, and the names shown for one. */
  readonly assistable = this.assistableUsers.asReadonly();
  readonly assistableError = this.assistableFailure.asReadonly();

  constructor() {
    toObservable(this.query)
      .pipe(
        switchMap(({ search, offset, limit }) => {
          this.loadingState.set(true);
          this.loadFailure.set(null);
          return this.api.list({ search, offset, limit }).pipe(
            catchError((error: unknown) => {
              this.loadFailure.set(error);
              return EMPTY;
            }),
            finalize(() => this.loadingState.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.items.set(page.items);
        this.count.set(page.total);
      });
    this.loadAssistable();
  }

  /** The full name of a member or the chair, when known. */
  memberName(id: string): string | null {
    return this.namesById().get(id) ?? null;
  }

  private loadAssistable(): void {
    this.assistableFailure.set(null);
    this.api.list({ roles: ASSISTABLE_ROLES, offset: 0, limit: ASSISTABLE_LIMIT }).subscribe({
      next: (page) => this.assistableUsers.set([...page.items].sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'))),
      error: (error: unknown) => this.assistableFailure.set(error),
    });
  }

  searchFor(search: string): void {
    this.query.update((query) => (query.search === search ? query : { ...query, search, offset: 0 }));
  }

  showPage(pageIndex: number, pageSize: number): void {
    this.query.update((query) => ({ ...query, offset: pageIndex * pageSize, limit: pageSize }));
  }

  reload(): void {
    this.query.update((query) => ({ ...query, revision: query.revision + 1 }));
    this.loadAssistable();
  }

  /** Puts a saved user in place in the current page. */
  replace(user: UserResponse): void {
    this.items.update((users) => users.map((existing) => (existing.id === user.id ? user : existing)));
    this.assistableUsers.update((users) => users.map((existing) => (existing.id === user.id ? user : existing)));
  }

  setDisabled(user: UserResponse, disabled: boolean): Observable<UserResponse> {
    return this.api.update(user.id, { disabled }).pipe(tap((saved) => this.replace(saved)));
  }
}
