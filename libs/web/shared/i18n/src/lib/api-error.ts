import type { ApiErrorResponse } from '@ecabinet/shared/contracts';

function isApiErrorBody(value: unknown): value is ApiErrorResponse {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/**
 * The API error carried by a failed request, if it is one: accepts the body itself or anything
 * shaped like Angular's `HttpErrorResponse` (`{ status, error: body }`), without depending on it.
 */
export function readApiError(error: unknown): ApiErrorResponse | null {
  if (isApiErrorBody(error)) {
    return error;
  }
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const body = (error as { error: unknown }).error;
    return isApiErrorBody(body) ? body : null;
  }
  return null;
}

/** True when the request never reached the server (offline, DNS, CORS, server down). */
export function isNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { status?: unknown }).status;
  // 504: what the service worker (or a gateway) answers when the server cannot be reached.
  return status === 0 || status === 504;
}

/** `details.retryAfterSeconds` of a throttling error, when present. */
export function retryAfterSeconds(error: ApiErrorResponse | null): number | null {
  const details = error?.details;
  if (typeof details === 'object' && details !== null) {
    const value = (details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      return value;
    }
  }
  return null;
}
