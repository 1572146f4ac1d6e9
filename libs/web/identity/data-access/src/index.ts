export { API_BASE, isApiUrl } from './lib/api-base';
export { AuthApi, AUTH_URLS } from './lib/auth.api';
export { UsersApi, type UserListQuery } from './lib/users.api';
export { AuthStore } from './lib/auth.store';
export { SingleSignOn, SSO_START_URL } from './lib/single-sign-on';
export { authInterceptor } from './lib/auth.interceptor';
export { TOTP_ENROLLMENT_PATH } from './lib/auth-paths';
export { authGuard, guestGuard, roleGuard, safeReturnUrl, totpEnrollmentGuard } from './lib/auth.guards';
export { provideAuth } from './lib/provide-auth';
