import type { Role, UserResponse } from '@ecabinet/shared/contracts';
import type { UserEntity } from './entities/user.entity';

/** Whitelists what leaves the server: never the password hash or the TOTP secret. */
export function toUserResponse(user: UserEntity, totpRequiredRoles: readonly Role[]): UserResponse {
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
    createdAt: user.createdAt.toISOString(),
  };
}
