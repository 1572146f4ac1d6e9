/** Where a user goes to set up two-step verification. */
export const TOTP_ENROLLMENT_PATH = '/account';
