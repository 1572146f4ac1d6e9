/** Product-wide roles. A user holds one or more. */
/**
 * `officer`: the certificate officer, who certifies members' device keys on his own device (never
 * the administrator, in production).
 */
export const ROLES = ['admin', 'secretary', 'chair', 'member', 'delegate', 'observer', 'officer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
