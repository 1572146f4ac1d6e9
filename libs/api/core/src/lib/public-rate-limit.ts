import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { Redis } from 'ioredis';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import { DomainError, PUBLIC_ROUTE_CONFIG, type AppConfig } from '@ecabinet/api/platform';

/**
 * One count per client address across every `@Public()` route (sign-in, refresh, config,
 * health...), in Redis when REDIS_URL is set so that every instance shares it, in memory
 * otherwise. Over the limit: 429 RATE_LIMITED with Retry-After, before the body is read.
 * Authenticated routes are not counted here; the per-account sign-in lockout is identity's.
 * Must run before the routes are registered (it hooks each public route as it is added).
 */
export async function limitPublicRoutes(fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const { max, windowSeconds } = config.publicRateLimit;
  if (max === 0) return;
  // Commands fail at once while Redis is away (no offline queue), and the request is let through.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }) : null;
  // It reconnects by itself; meanwhile readiness reports Redis down, and requests are not held back.
  redis?.on('error', () => undefined);
  await fastify.register(fastifyRateLimit, {
    global: false,
    max,
    timeWindow: windowSeconds * 1000,
    keyGenerator: (request) => request.ip,
    ...(redis ? { redis, nameSpace: 'ecabinet:public-rate:' } : {}),
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new DomainError(CommonErrorCode.RATE_LIMITED, `Too many requests from this address. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
    },
  });
  const limit = fastify.rateLimit();
  fastify.addHook('onRoute', (route) => {
    if ((route.config as Record<string, unknown> | undefined)?.[PUBLIC_ROUTE_CONFIG] !== true) return;
    const existing: onRequestHookHandler[] = route.onRequest ? ([] as onRequestHookHandler[]).concat(route.onRequest as onRequestHookHandler | onRequestHookHandler[]) : [];
    route.onRequest = [...existing, limit as onRequestHookHandler];
  });
  if (redis) {
    fastify.addHook('onClose', async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => undefined);
      else redis.disconnect();
    });
  }
}
