import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { IdentityErrorCode } from '@ecabinet/shared/contracts';
import { catchError, switchMap, throwError } from 'rxjs';
import { isApiUrl } from './api-base';
import { AUTH_URLS } from './auth.api';
import { AuthStore } from './auth.store';

/** Endpoints that authenticate by credentials or cookie: no bearer, and a 401 is final. */
const CREDENTIAL_ENDPOINTS: readonly string[] = [AUTH_URLS.login, AUTH_URLS.refresh, AUTH_URLS.logout, AUTH_URLS.ssoSecondFactor];

/** 401s that mean "wrong credentials in this request", not "your access token expired". */
const CREDENTIAL_ERROR_CODES: readonly string[] = [
  IdentityErrorCode.INVALID_CREDENTIALS,
  IdentityErrorCode.TOTP_INVALID,
  IdentityErrorCode.TOTP_REQUIRED,
];

function withBearer<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function isTotpEnrollmentDemand(error: unknown): boolean {
  return (
    error instanceof HttpErrorResponse &&
    error.status === 403 &&
    (error.error as { code?: unknown } | null)?.code === IdentityErrorCode.TOTP_NOT_ENROLLED
  );
}

function isExpiredAccess(error: unknown): error is HttpErrorResponse {
  if (!(error instanceof HttpErrorResponse) || error.status !== 401) {
    return false;
  }
  const code: unknown = (error.error as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && CREDENTIAL_ERROR_CODES.includes(code));
}

/**
 * Adds `Authorization: Bearer <access token>` to API calls. When an API call is refused with 401
 * because the access token expired, refreshes once (shared with every concurrent request) and
 * retries the call once with the new token. If the refresh itself is refused, the session is
 * over: state is cleared and the login page says the session expired. A 403
 * `TOTP_NOT_ENROLLED` (the admin just required a second factor for the user's role) takes the
 * user to set one up.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const path = request.url.split('?')[0];
  if (!isApiUrl(path) || CREDENTIAL_ENDPOINTS.includes(path)) {
    return next(request);
  }
  const store = inject(AuthStore);
  const sentToken = store.accessToken();

  return next(withBearer(request, sentToken)).pipe(
    catchError((error: unknown) => {
      if (isTotpEnrollmentDemand(error)) {
        store.requireTotpEnrollment();
      }
      if (!isExpiredAccess(error)) {
        return throwError(() => error);
      }
      const currentToken = store.accessToken();
      if (currentToken && currentToken !== sentToken) {
        // Someone refreshed while this call was in flight: just retry with the newer token.
        return next(withBearer(request, currentToken));
      }
      return store.refreshAccessToken().pipe(
        catchError((refreshError: unknown) => {
          if (AuthStore.isSessionRejection(refreshError)) {
            store.expireSession();
          }
          return throwError(() => error);
        }),
        switchMap((token) => next(withBearer(request, token))),
      );
    }),
  );
};
