import type { AuthenticatedUser } from '@ecabinet/api/platform';

/** The secretariat and the chair: they see drafts of resolutions and every task. */
export const isStaff = (user: AuthenticatedUser): boolean => user.roles.includes('secretary') || user.roles.includes('chair');
