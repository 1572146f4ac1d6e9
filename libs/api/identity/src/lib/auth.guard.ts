import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@ecabinet/shared/contracts';
import {
  ALLOW_PENDING_SECOND_FACTOR_KEY,
  IS_PUBLIC_KEY,
  requestContext,
  ROLES_KEY,
  type AuthenticatedUser,
} from '@ecabinet/api/platform';
import { identityErrors } from './identity.errors';
import { SecurityPolicyService } from './security-policy.service';
import { TokenService } from './token.service';

/**
 * The global guard: every HTTP route needs a valid access token unless marked `@Public()`,
 * then the caller must hold one of the route's `@Roles()`, and a user whose role requires a
 * second factor must have enrolled one.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly policy: SecurityPolicyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const header = request.headers['authorization'];
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const { user, secondFactor } = await this.tokens.authenticate(token);
    request.user = user;
    requestContext.setUser(user);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !user.roles.some((role) => roles.includes(role))) throw identityErrors.forbidden();

    if (!secondFactor && !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_SECOND_FACTOR_KEY, targets)) {
      const { totpRequiredRoles } = await this.policy.get();
      if (user.roles.some((role) => totpRequiredRoles.includes(role))) throw identityErrors.totpNotEnrolled();
    }
    return true;
  }
}
