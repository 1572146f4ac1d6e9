import fastifyCookie from '@fastify/cookie';
import { LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { COMMON_ERROR_RESPONSES, requestContext, type AppConfig } from '@ecabinet/api/platform';
import { buildDataSourceOptions } from '@ecabinet/api/database';
import { RedisIoAdapter } from '@ecabinet/api/realtime';
import { ALL_ENTITIES, AppModule } from './app.module';
import { DemoSeedService } from './demo-seed.service';
import { answerExpectContinue } from './expect-continue';
import { limitPublicRoutes } from './public-rate-limit';
import { registerSecurityHeaders } from './security-headers';
import { registerVerifyPage } from './verify-page';
import { createRootLogger, PinoNestLogger } from './logger';

export interface CreateAppOptions {
  config: AppConfig;
  /** Directory of the built web app (index.html); null or missing serves the API alone. */
  webRoot: string | null;
  /** Where log lines go (stdout when absent): tests read them. */
  logDestination?: DestinationStream;
  /** The built offline verification page (dist/apps/verify/verify.html); null or missing: GET /verify answers 404. */
  verifyPage?: string | null;
}

export interface CreatedApp {
  app: NestFastifyApplication;
  seeded: boolean;
}

const CORRELATION_HEADER = 'x-correlation-id';
const JSON_BODY_LIMIT = 1_048_576;
/** An upload's text fields (at most 10 of 256 KB) and part headers, beside the file itself. */
const MULTIPART_OVERHEAD = 4 * 1024 * 1024;
const MIGRATION_LOCK_KEY = 724_000;

/** Opens a short-lived connection and applies pending migrations; instances starting together take turns. */
export async function runMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(config.database, ALL_ENTITIES));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    if (config.database.driver === 'postgres') {
      if (config.database.schema) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${config.database.schema}"`);
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    if (config.database.driver === 'postgres') await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}

/** Builds the whole application: used by `main.ts` and by the integration tests alike. */
export async function createApp({ config, webRoot, logDestination, verifyPage = null }: CreateAppOptions): Promise<CreatedApp> {
  await runMigrations(config);
  const rootLogger = createRootLogger(config.logLevel, logDestination);
  const servedWebRoot = webRoot && existsSync(webRoot) ? webRoot : null;

  const adapter = new FastifyAdapter({
    loggerInstance: rootLogger,
    // The request id is the correlation id: Fastify's own request lines name it as such.
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = request.headers[CORRELATION_HEADER];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, webRoot: servedWebRoot }), adapter, {
    logger: new PinoNestLogger(rootLogger),
  });
  try {
    return await setUpApp(app, config, servedWebRoot, verifyPage);
  } catch (error) {
    // Providers initialised before the failure (the database pool, schedulers, Redis) are shut down:
    // a process that reports a failed start and keeps running nothing (tests that expect a refused boot).
    await app.close().catch(() => undefined);
    throw error;
  }
}

async function setUpApp(app: NestFastifyApplication, config: AppConfig, servedWebRoot: string | null, verifyPage: string | null): Promise<CreatedApp> {
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyCookie);
  // Uploads (meeting papers) are streamed part by part; each route sets its own limits.
  await app.register(fastifyMultipart, { limits: { fileSize: config.papers.maxBytes, files: 1, fields: 10, parts: 12 } });
  await limitPublicRoutes(fastify, config);
  answerExpectContinue(app.getHttpServer(), fastify, (request) =>
    // Asked before parsing, so by the header (`isMultipart()` only answers once the parser ran).
    /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '') ? config.papers.maxBytes + MULTIPART_OVERHEAD : (request.routeOptions.bodyLimit ?? JSON_BODY_LIMIT),
  );
  registerSecurityHeaders(fastify, config);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    requestContext.run({ correlationId: String(request.id), ip: request.ip ?? null, user: null }, done);
  });
  registerVerifyPage(fastify, verifyPage);
  if (servedWebRoot) {
    await app.register(fastifyStatic, {
      root: servedWebRoot,
      prefix: '/',
      wildcard: false,
      setHeaders: (reply, path) => {
        const hashed = /-[A-Z0-9]{8,}\.(js|css)$/.test(path);
        void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  if (config.redisUrl) {
    const redisAdapter = new RedisIoAdapter(app, config.redisUrl);
    await redisAdapter.connect();
    app.useWebSocketAdapter(redisAdapter);
  } else {
    app.useWebSocketAdapter(new IoAdapter(app));
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('e-Cabinet API')
      .setDescription('Paperless cabinet meetings: sessions, agendas, papers and written opinion ballots.')
      .setVersion(config.version)
      .addBearerAuth()
      .addGlobalResponse(...COMMON_ERROR_RESPONSES)
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });

  await app.init();
  const seeded = await app.get(DemoSeedService).seedIfEmpty();
  return { app, seeded };
}
