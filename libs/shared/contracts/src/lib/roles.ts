/** Product-wide roles. A user holds one or more. */
export const ROLES = ['admin', 'secretary', 'chair', 'member', 'delegate', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
