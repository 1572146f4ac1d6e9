import { inject } from '@angular/core';
import { type CanActivateChildFn, type CanActivateFn, type CanMatchFn, Router } from '@angular/router';
import type { Role } from '@ecabinet/shared/contracts';
import { TOTP_ENROLLMENT_PATH } from './auth-paths';
import { AuthStore } from './auth.store';

/** Signed-in users only; others go to the login page, which brings them back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthStore).isAuthenticated()) {
    return true;
  }
  return inject(Router).createUrlTree(['/login'], { queryParams: state.url === '/' ? {} : { returnUrl: state.url } });
};

/**
 * While the admin's policy requires two-step verification the user has not set up, the server
 * refuses everything but enrolment (403 `TOTP_NOT_ENROLLED`), so the app keeps them on the
 * account page until it is done.
 */
export const totpEnrollmentGuard: CanActivateChildFn = (_route, state) => {
  if (!inject(AuthStore).needsTotpEnrollment() || state.url.split(/[?#]/)[0] === TOTP_ENROLLMENT_PATH) {
    return true;
  }
  return inject(Router).createUrlTree([TOTP_ENROLLMENT_PATH]);
};

/** The login page is for signed-out users; a signed-in user goes home. */
export const guestGuard: CanActivateFn = () => (inject(AuthStore).isAuthenticated() ? inject(Router).createUrlTree(['/']) : true);

/**
 * Users holding at least one of `roles`, as `canMatch`: the lazy chunk of a page is not even
 * loaded for others. The server enforces the same rule; this only keeps the UI honest.
 */
export function roleGuard(roles: readonly Role[]): CanMatchFn {
  return (_route, segments) => {
    const store = inject(AuthStore);
    const router = inject(Router);
    if (!store.isAuthenticated()) {
      const returnUrl = `/${segments.map((segment) => segment.path).join('/')}`;
      return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
    }
    return store.hasAnyRole(roles) || router.createUrlTree(['/']);
  };
}

/** Only a same-site path may be a post-login destination (no open redirect). */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
