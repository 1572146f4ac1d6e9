import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import type { AuditAction, AuditEntryResponse, AuditVerifyResponse } from '@ecabinet/shared/contracts';
import { EMPTY, catchError, finalize, switchMap } from 'rxjs';
import { AuditApi } from './audit.api';

export const AUDIT_PAGE_SIZE = 25;

/** Filters as the admin enters them: dates are local calendar days (`YYYY-MM-DD`). */
export interface AuditFilters {
  readonly action: AuditAction | null;
  readonly actor: string;
  readonly fromDate: string;
  readonly toDate: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: null, actor: '', fromDate: '', toDate: '' };

interface AuditLogQuery {
  readonly filters: AuditFilters;
  readonly offset: number;
  readonly limit: number;
  readonly revision: number;
}

/** Start of a local calendar day as an ISO instant; `end` gives the last millisecond of it. */
export function localDayToIso(day: string, end = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) {
    return undefined;
  }
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const instant = end ? new Date(year, month, date, 23, 59, 59, 999) : new Date(year, month, date);
  return instant.toISOString();
}

/** State of the audit log page: filtered, paged entries (newest first) and the chain check. */
@Injectable()
export class AuditLogStore {
  private readonly api = inject(AuditApi);
  private readonly query = signal<AuditLogQuery>({ filters: NO_AUDIT_FILTERS, offset: 0, limit: AUDIT_PAGE_SIZE, revision: 0 });
  private readonly items = signal<readonly AuditEntryResponse[]>([]);
  private readonly count = signal(0);
  private readonly loadingState = signal(false);
  private readonly loadFailure = signal<unknown>(null);
  private readonly verifyingState = signal(false);
  private readonly verification = signal<AuditVerifyResponse | null>(null);
  private readonly verifyFailure = signal<unknown>(null);

  readonly entries = this.items.asReadonly();
  readonly total = this.count.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly loadError = this.loadFailure.asReadonly();
  readonly filters = computed(() => this.query().filters);
  readonly pageIndex = computed(() => Math.floor(this.query().offset / this.query().limit));
  readonly pageSize = computed(() => this.query().limit);
  readonly verifying = this.verifyingState.asReadonly();
  readonly verifyResult = this.verification.asReadonly();
  readonly verifyError = this.verifyFailure.asReadonly();

  constructor() {
    toObservable(this.query)
      .pipe(
        switchMap(({ filters, offset, limit }) => {
          this.loadingState.set(true);
          this.loadFailure.set(null);
          return this.api
            .list({
              action: filters.action ?? undefined,
              actor: filters.actor.trim() || undefined,
              from: localDayToIso(filters.fromDate),
              to: localDayToIso(filters.toDate, true),
              offset,
              limit,
            })
            .pipe(
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
  }

  applyFilters(filters: AuditFilters): void {
    this.query.update((query) => ({ ...query, filters, offset: 0, revision: query.revision + 1 }));
  }

  showPage(pageIndex: number, pageSize: number): void {
    this.query.update((query) => ({ ...query, offset: pageIndex * pageSize, limit: pageSize }));
  }

  reload(): void {
    this.query.update((query) => ({ ...query, revision: query.revision + 1 }));
  }

  /** Asks the server to recompute the hash chain over every entry. */
  verifyChain(): void {
    this.verifyingState.set(true);
    this.verification.set(null);
    this.verifyFailure.set(null);
    this.api
      .verify()
      .pipe(finalize(() => this.verifyingState.set(false)))
      .subscribe({
        next: (result) => this.verification.set(result),
        error: (error: unknown) => this.verifyFailure.set(error),
      });
  }
}
