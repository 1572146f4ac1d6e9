import type { Role, UserResponse } from '@ecabinet/shared/contracts';
import type { UserEntity } from './entities/user.entity';

/**
 * Whitelists what leaves the server: never the password hash or the TOTP secret. `assists` are
 * the ids of the members the user assists as a delegate (rows of `user_delegates`).
 */
export function toUserResponse(user: UserEntity, totpRequiredRoles: readonly Role[], assists: readonly string[]): UserResponse {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    title: user.title,
    email: user.email,
    roles: user.roles,
    disabled: user.disabled,
    totpEnabled: user.totpEnabled,
    totpRequired: !user.totpEnabled && user.roles.some((role) => totpRequiredRoles.includes(role)),
    assists: [...assists].sort(),
    organisationId: user.organisationId ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
