import { CommonErrorCode, IdentityErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

export const identityErrors = {
  invalidCredentials: () => new DomainError(IdentityErrorCode.INVALID_CREDENTIALS, 'The username or password is incorrect.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new DomainError(IdentityErrorCode.TOO_MANY_ATTEMPTS, `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    }),
  totpRequired: () => new DomainError(IdentityErrorCode.TOTP_REQUIRED, 'Enter the six-digit code from your authenticator app.'),
  totpInvalid: () => new DomainError(IdentityErrorCode.TOTP_INVALID, 'The authenticator code is not valid.'),
  totpNotEnrolled: () =>
    new DomainError(IdentityErrorCode.TOTP_NOT_ENROLLED, 'Your role requires a second factor. Set up an authenticator app first.'),
  totpAlreadyEnabled: () =>
    new DomainError(IdentityErrorCode.TOTP_ALREADY_ENABLED, 'Two-step verification is already on. Turn it off first to enrol another authenticator.'),
  refreshInvalid: () => new DomainError(IdentityErrorCode.REFRESH_INVALID, 'Your session has ended. Sign in again.'),
  deviceWiped: () => new DomainError(IdentityErrorCode.DEVICE_WIPED, 'This device was revoked: delete what it keeps (papers, drafts, keys), then sign in again.'),
  deviceNotFound: () => new DomainError(IdentityErrorCode.DEVICE_NOT_FOUND, 'No such device is signed in as this user.'),
  userDisabled: () => new DomainError(IdentityErrorCode.USER_DISABLED, 'This account is disabled. Contact the administrator.'),
  usernameTaken: (username: string) =>
    new DomainError(IdentityErrorCode.USERNAME_TAKEN, `The username "${username}" is already in use.`, { username }),
  userNotFound: () => new DomainError(IdentityErrorCode.USER_NOT_FOUND, 'No such user.'),
  cannotDisableSelf: () => new DomainError(IdentityErrorCode.CANNOT_DISABLE_SELF, 'You cannot disable your own account.'),
  wrongCurrentPassword: () => new DomainError(IdentityErrorCode.CURRENT_PASSWORD_WRONG, 'The current password is incorrect.'),
  policyWouldLockOut: () =>
    new DomainError(IdentityErrorCode.POLICY_WOULD_LOCK_OUT, 'This policy would lock you out: enrol a second factor for your own account first.'),
  invalidDelegation: (reason: string, userIds: string[] = []) =>
    new DomainError(IdentityErrorCode.INVALID_DELEGATION, reason, userIds.length ? { userIds } : undefined),
  roleConflict: () => new DomainError(IdentityErrorCode.ROLE_CONFLICT, 'In production the administrator is never also the certificate officer: give the two roles to two people.'),
  organisationNotFound: () => new DomainError(IdentityErrorCode.ORGANISATION_NOT_FOUND, 'No such organisation.'),
  organisationSymbolTaken: (symbol: string) => new DomainError(IdentityErrorCode.ORGANISATION_SYMBOL_TAKEN, `Another organisation has the symbol "${symbol}".`, { symbol }),
  organisationInactive: () => new DomainError(IdentityErrorCode.ORGANISATION_INACTIVE, 'This organisation is no longer active: it takes no new users.'),
  organisationHeadInvalid: () => new DomainError(IdentityErrorCode.ORGANISATION_HEAD_INVALID, 'The head of an organisation must be an enabled member of the Government or the chair.'),
  ssoExpired: () =>
    new DomainError(IdentityErrorCode.SSO_EXPIRED, 'The sign-in through your organisation account has run out. Start it again.'),
  unauthenticated: (message = 'Sign in to continue.') => new DomainError(CommonErrorCode.UNAUTHENTICATED, message),
  forbidden: () => new DomainError(CommonErrorCode.FORBIDDEN, 'You do not have permission to do this.'),
};
