import { Controller, Get, HttpStatus, Inject, Injectable, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthResponse as HealthResponseSchema, LivenessResponse as LivenessResponseSchema } from './core.responses';
import type { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { HealthResponse, HealthState, LivenessResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Public, type AppConfig } from '@ecabinet/api/platform';
import { FileStore } from '@ecabinet/api/papers';

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Injectable()
export class HealthService implements OnModuleDestroy {
  private redis: Redis | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FileStore,
  ) {}

  /** Liveness: no I/O at all. */
  live(): LivenessResponse {
    return { status: 'ok', version: this.config.version };
  }

  /** Readiness: each dependency is asked whether it answers, reading only (the route is public). */
  async ready(): Promise<HealthResponse> {
    const [database, fileStore, redis] = await Promise.all([this.database(), this.fileStore(), this.redisState()]);
    const ok = database === 'up' && fileStore === 'up' && redis !== 'down';
    return {
      status: ok ? 'ok' : 'degraded',
      version: this.config.version,
      checks: { database: { state: database, driver: this.config.database.driver }, fileStore: { state: fileStore }, redis: { state: redis } },
    };
  }

  private async database(): Promise<HealthState> {
    return within(3000, this.dataSource.query('SELECT 1')).then(() => 'up' as const, () => 'down' as const);
  }

  /** Local disk or the S3 bucket: reachable, nothing written. */
  private async fileStore(): Promise<HealthState> {
    return within(3000, this.files.checkReachable()).then(() => 'up' as const, () => 'down' as const);
  }

  private async redisState(): Promise<HealthState> {
    if (!this.config.redisUrl) return 'not-configured';
    this.redis ??= new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await within(2000, this.redis.connect());
      return (await within(2000, this.redis.ping())) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async onModuleDestroy(): Promise<void> {
    // QUIT lets an in-flight PING answer; a client that never connected is simply dropped.
    if (this.redis?.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis?.disconnect();
  }
}

/**
 * Probes for orchestrators and load balancers. `live` does no I/O (restart the process only when
 * it stops answering); `ready` checks the database, the file store and Redis by reading (send
 * traffic only when they answer). `GET /api/health` is readiness, as it always was.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('live')
  @ApiOkResponse({ type: LivenessResponseSchema, description: 'The process answers; nothing else is checked' })
  live(): LivenessResponse {
    return this.health.live();
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ type: HealthResponseSchema, description: 'Database, file store and (when configured) Redis answer' })
  @ApiServiceUnavailableResponse({ type: HealthResponseSchema, description: 'One of them does not' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    return this.readiness(reply);
  }

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponseSchema, description: 'Readiness, under its first address (same as GET /api/health/ready)' })
  @ApiServiceUnavailableResponse({ type: HealthResponseSchema, description: 'One of them does not' })
  check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    return this.readiness(reply);
  }

  private async readiness(reply: FastifyReply): Promise<HealthResponse> {
    const result = await this.health.ready();
    void reply.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}
