import { HttpContextToken, type HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { Injectable, effect, inject, untracked } from '@angular/core';
import { isNetworkError } from '@ecabinet/web/shared/i18n';
import { catchError, of, tap, throwError } from 'rxjs';
import { isApiUrl } from './api-base';
import { AuthStore } from './auth.store';

/** How many answers are kept (the pages of a visit; the oldest goes first). */
const KEPT = 200;
/** A larger answer (by its Content-Length) is not kept: lists are paged, and nothing a page needs offline is this large. */
const MAX_BYTES = 1_000_000;
/**
 * Set on a request whose caller must tell the server's answer from an old one (the notes kept
 * beside a copy on the device are newer than any answer kept in memory): it is never answered from memory.
 */
export const SERVER_ONLY = new HttpContextToken<boolean>(() => false);
/** Set on an answer given from memory: the page may say it shows what was last seen. */
export const LAST_SEEN_HEADER = 'x-ecabinet-last-seen';

/**
 * The last answer to each GET of the API the signed-in user read in this tab, in memory only
 * (never written to the device, gone with the tab, forgotten when the user changes): with the
 * network gone, a page he opened before shows it again instead of an error.
 */
@Injectable({ providedIn: 'root' })
export class LastSeenData {
  private readonly auth = inject(AuthStore);
  private readonly answers = new Map<string, HttpResponse<unknown>>();
  /** What a page built from other sources (a live meeting followed over the socket), by name. */
  private readonly values = new Map<string, unknown>();

  constructor() {
    effect(() => {
      this.auth.user();
      untracked(() => {
        this.answers.clear();
        this.values.clear();
      });
    });
  }

  remember(url: string, response: HttpResponse<unknown>): void {
    const key = this.key(url);
    if (!key) return;
    this.answers.delete(key);
    // Measured by the header, not by serialising every answer again on the way to the page.
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) return;
    this.answers.set(key, response);
    if (this.answers.size > KEPT) this.answers.delete(this.answers.keys().next().value as string);
  }

  /** The server refused it (access withdrawn, gone): what was seen is not given again. */
  forget(url: string): void {
    const key = this.key(url);
    if (key) this.answers.delete(key);
  }

  recall(url: string): HttpResponse<unknown> | null {
    const key = this.key(url);
    const kept = key ? this.answers.get(key) : undefined;
    return kept ? kept.clone({ headers: kept.headers.set(LAST_SEEN_HEADER, 'true') }) : null;
  }

  /** Keeps the last state of something the page followed (`name` says what), for the same user only. */
  keep(name: string, value: unknown): void {
    const key = this.key(name);
    if (!key) return;
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > KEPT) this.values.delete(this.values.keys().next().value as string);
  }

  kept<T>(name: string): T | null {
    const key = this.key(name);
    return key && this.values.has(key) ? (this.values.get(key) as T) : null;
  }

  private key(url: string): string | null {
    const user = this.auth.user();
    return user ? `${user.id} ${url}` : null;
  }
}

/** Keeps what {@link LastSeenData} holds and gives it back when the server cannot be reached. Sign-in and session calls are never kept. */
export const lastSeenInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.method !== 'GET' || request.responseType !== 'json' || !isApiUrl(request.url) || request.url.includes('/auth/') || request.context.get(SERVER_ONLY)) return next(request);
  const seen = inject(LastSeenData);
  const url = request.urlWithParams;
  return next(request).pipe(
    tap((event) => {
      if (event instanceof HttpResponse && event.ok) seen.remember(url, event);
    }),
    catchError((error: unknown) => {
      if (!isNetworkError(error)) {
        seen.forget(url);
        return throwError(() => error);
      }
      const kept = seen.recall(url);
      return kept ? of(kept) : throwError(() => error);
    }),
  );
};
