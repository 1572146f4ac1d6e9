import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Client } from 'pg';
import type { AnswerReceipt, LoginResponse, Role } from '@ecabinet/shared/contracts';
import { loadAppConfig, type AppConfig } from '@ecabinet/api/platform';
import { createApp, type CreateAppOptions } from '../lib/create-app';
import { DEMO_PASSWORD } from '../lib/demo-seed.service';
import { rememberAcceptedAnswer } from './ballot-signing';

/**
 * The database the integration specs run against: SQLite in a temporary directory by default,
 * or a fresh schema of the PostgreSQL database named by TEST_DATABASE_URL.
 */
export function testDatabaseDriver(): 'sqlite' | 'postgres' {
  return process.env['TEST_DATABASE_URL'] ? 'postgres' : 'sqlite';
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  loginAs(username: string, password?: string): Promise<LoginResponse & { refreshCookie: string }>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

// Specs read arbitrary response bodies; `any` keeps their assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share a database with another test app (two instances, restart): pass its config. */
  database?: AppConfig['database'];
  dataDir?: string;
  /** Keep the database when closing, for a restart test. */
  keepDatabase?: boolean;
  /** Receives the log lines (set LOG_LEVEL in env too: it is 'silent' by default). */
  logDestination?: CreateAppOptions['logDestination'];
  /** Listen on this port of 127.0.0.1 (see {@link freePort}) instead of any free one. */
  port?: number;
  /** The built offline verification page to serve at /verify. */
  verifyPage?: string;
}

/** A port of 127.0.0.1 free now: for a spec that must know the app's address before it starts (PUBLIC_URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ecabinet-test-'));
  // Specs sign in often from one address: the public-route limit stays on, out of their way (bad-input sets its own).
  const base = loadAppConfig(
    { NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent', PORT: '0', SEED_DEMO_PAPERS: 'false', RATE_LIMIT_PUBLIC_MAX: '1000000', ...options.env },
  );
  const database = options.database ?? (await freshDatabase(dataDir));
  const config: AppConfig = { ...base, database, jwtSecret: options.env?.['JWT_SECRET'] ?? base.jwtSecret };
  const { app } = await createApp({ config, webRoot: null, logDestination: options.logDestination, verifyPage: options.verifyPage ?? null });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const request = async (method: string, path: string, { token, body, rawBody, headers = {} }: RequestOptions = {}): Promise<TestResponse> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (method === 'POST' && response.status === 201 && /^\/api\/ballots\/[^/]+\/answers$/.test(path)) rememberAcceptedAnswer(parsed as AnswerReceipt);
    return { status: response.status, headers: response.headers, body: parsed };
  };

  const loginAs = async (username: string, password = DEMO_PASSWORD) => {
    const response = await request('POST', '/api/auth/login', { body: { username, password } });
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    const cookie = response.headers.get('set-cookie') ?? '';
    return { ...(response.body as LoginResponse), refreshCookie: cookie.split(';')[0] };
  };

  return {
    app,
    config,
    url,
    request,
    loginAs,
    close: async () => {
      await app.close();
      if (!options.keepDatabase && !options.database) await dropDatabase(config.database, dataDir);
    },
  };
}

async function freshDatabase(dataDir: string): Promise<AppConfig['database']> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) return { driver: 'sqlite', path: join(dataDir, 'test.sqlite') };
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  // The search migration creates `unaccent` in `public` once per database; test files run in
  // parallel, so it is made here first, outside a transaction, where a lost race is harmless.
  await client.query('CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public').catch(() => undefined);
  await client.end();
  return { driver: 'postgres', url, schema };
}

export async function dropDatabase(database: AppConfig['database'], dataDir?: string): Promise<void> {
  if (database.driver === 'postgres' && database.schema) {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${database.schema}" CASCADE`);
    await client.end();
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Runs raw SQL against the test database as someone with direct database access would. */
export async function rawSql(database: AppConfig['database'], sql: string, params: unknown[] = []): Promise<unknown[]> {
  if (database.driver === 'postgres') {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      if (database.schema) await client.query(`SET search_path TO "${database.schema}"`);
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(database.path);
  try {
    const statement = db.prepare(sql);
    return statement.reader ? statement.all(...params) : [statement.run(...params)];
  } finally {
    db.close();
  }
}

export const ALL_ROLES_AND_ANONYMOUS: ReadonlyArray<Role | 'anonymous'> = ['anonymous', 'admin', 'secretary', 'chair', 'member', 'delegate', 'observer'];
