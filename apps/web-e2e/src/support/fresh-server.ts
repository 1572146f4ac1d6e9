import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const MAIN = resolve(__dirname, '../../../../dist/apps/api/main.js');
const HEALTH_TIMEOUT_MS = 90_000;

/** A server of its own: an empty SQLite database (no demo government) and one administrator. */
export interface FreshServer {
  readonly baseUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the fresh server exited (${child.exitCode}):\n${readFileSync(logFile, 'utf8')}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 300));
  }
  throw new Error(`${url} did not answer within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

export interface FreshServerOptions {
  /** The only account, made by the operator command `create-admin`; without it the demo government is seeded. */
  readonly admin?: { username: string; fullName: string; password: string };
  /** A port chosen beforehand (see {@link freePort}), for settings that name the server's own address. */
  readonly port?: number;
  /** Further settings (single sign-on, …). */
  readonly env?: Record<string, string>;
}

/**
 * Starts the built API (`npm run e2e` builds it) as a newcomer's government would: `SEED_DEMO=false`,
 * then the operator command `create-admin` makes the only account. Everything else is up to the UI.
 * Without `admin`, a server of the demo government with the journey's own settings.
 */
export async function startFreshServer({ admin, port: chosenPort, env: extra = {} }: FreshServerOptions): Promise<FreshServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-zero-'));
  const port = chosenPort ?? (await freePort());
  // A clean, self-contained server: no shared PostgreSQL, Redis or public address from the caller.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL'].includes(name)));
  const env = { ...inherited, NODE_ENV: 'development', SEED_DEMO: admin ? 'false' : 'true', SEED_DEMO_PAPERS: 'false', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extra };

  if (admin) {
    await promisify(execFile)(process.execPath, [MAIN, 'create-admin', admin.username, admin.fullName], { env: { ...env, ADMIN_PASSWORD: admin.password } });
  }

  const logFile = join(dataDir, 'server.log');
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(`${baseUrl}/api/health/ready`, child, logFile);

  return {
    baseUrl,
    dataDir,
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          log.end();
          rmSync(dataDir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          finish();
        });
        child.kill('SIGTERM');
      }),
  };
}
