import { applyDecorators, createParamDecorator, Param, ParseUUIDPipe, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { Role } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from './request-context';

export const IS_PUBLIC_KEY = 'ecabinet:public';
export const ROLES_KEY = 'ecabinet:roles';
export const ALLOW_PENDING_SECOND_FACTOR_KEY = 'ecabinet:allow-pending-2fa';

/** Set in a public route's Fastify config, where the per-address limit of public routes finds it. */
export const PUBLIC_ROUTE_CONFIG = 'ecabinetPublic';

/**
 * The only way out of authentication: the route answers without a token, and so counts towards
 * the per-address limit of public routes (RATE_LIMIT_PUBLIC_MAX). On a route handler only.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), RouteConfig({ [PUBLIC_ROUTE_CONFIG]: true }));

/** The caller must hold at least one of these roles (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The route stays reachable for a user whose role requires a second factor that is not yet
 * enrolled (enrolment itself, logout, who-am-I). Every other route refuses such a user.
 */
export const AllowPendingSecondFactor = () => SetMetadata(ALLOW_PENDING_SECOND_FACTOR_KEY, true);

/** The authenticated caller; only on routes that are not public. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without an authenticated user');
  return request.user;
});

/** A route parameter that must be a UUID (400 otherwise, never a database error). */
export const UuidParam = (name: string) => Param(name, new ParseUUIDPipe({ version: '4' }));
