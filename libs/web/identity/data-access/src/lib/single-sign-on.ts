import { Injectable, signal } from '@angular/core';
import { API_BASE } from './api-base';

/** Where the browser goes to sign in at the organisation's identity provider (a navigation, not an API call). */
export const SSO_START_URL = `${API_BASE}/auth/oidc/start`;

/**
 * Whether this installation offers single sign-on through the organisation's identity provider
 * (`GET /api/config` says so at start-up), and the address that begins it.
 */
@Injectable({ providedIn: 'root' })
export class SingleSignOn {
  readonly available = signal(false);

  /** The start route, asking to come back to `returnUrl` (a path of this app) once signed in. */
  startUrl(returnUrl: string): string {
    return returnUrl === '/' ? SSO_START_URL : `${SSO_START_URL}?${new URLSearchParams({ returnUrl })}`;
  }
}
