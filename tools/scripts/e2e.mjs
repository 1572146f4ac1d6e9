// `npm run e2e`: build the API and the web app, start a throwaway server (free port, fresh
// SQLite data directory, demo users), run the browser journeys of apps/web-e2e against it,
// stop the server whatever happened, and exit with Jest's exit code.
// Extra arguments go to Jest, e.g. `npm run e2e -- -t "wrong password"`.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nx } from './nx-env.mjs';

const HEALTH_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(url, server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited early (${server.exitCode ?? server.signalCode})`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(300);
  }
  throw new Error(`${url} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function printLogTail(logFile, lines = 60) {
  try {
    const log = readFileSync(logFile, 'utf8').trimEnd().split('\n');
    console.error(`\n--- last ${Math.min(lines, log.length)} lines of ${logFile} ---\n${log.slice(-lines).join('\n')}\n---`);
  } catch {
    // no log written
  }
}

nx(['run-many', '-t', 'build', '-p', 'api', 'web']);

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-e2e-'));
const logFile = join(dataDir, 'server.log');
const baseUrl = `http://localhost:${port}`;

// A clean, self-contained server: SQLite under the temp dir, no shared PostgreSQL or Redis.
const { DATABASE_URL: _db, REDIS_URL: _redis, PUBLIC_URL: _public, ...inherited } = process.env;
const serverEnv = { ...inherited, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'development' };

console.log(`\n=== Starting the server on ${baseUrl} (data in ${dataDir}) ===\n`);
const log = createWriteStream(logFile);
const server = spawn(process.execPath, ['dist/apps/api/main.js'], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.pipe(log);
server.stderr.pipe(log);

let jest = null;
let exitCode = 1;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    jest?.kill(signal);
    void stop(server).then(() => process.exit(130));
  });
}

try {
  await waitForHealth(`${baseUrl}/api/health/ready`, server);
  console.log('=== Server is up; running the journeys ===\n');
  exitCode = await new Promise((resolve) => {
    jest = spawn(
      process.execPath,
      ['node_modules/jest/bin/jest.js', '--config', 'apps/web-e2e/jest.e2e.config.cts', '--runInBand', ...process.argv.slice(2)],
      { stdio: 'inherit', env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_DATA_DIR: dataDir } },
    );
    jest.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} catch (error) {
  console.error(`\ne2e: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await stop(server);
  log.end();
}

if (exitCode === 0 && !interrupted) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log('\nScreenshots are in ./screenshots/.');
} else {
  printLogTail(logFile);
  console.error(`Server data and log kept in ${dataDir}`);
}
process.exit(exitCode);
