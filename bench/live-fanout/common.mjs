// What the live benchmarks share: starting a fresh e-Cabinet server from `dist/`, calling its API,
// and reading a process's memory and CPU time from /proc.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(new URL('.', import.meta.url).pathname, '..', '..');
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

/** User plus system CPU time a process has used so far, in seconds (Linux clock ticks are 1/100 s). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function pct(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A fresh e-Cabinet server with the demo government: SQLite in a temporary directory, or the given
 * PostgreSQL database and Redis (then several can share them). Resolves once it answers ready.
 */
let lastPort = 3900 + Math.floor(Math.random() * 80);

export async function startServer({ databaseUrl = '', redisUrl = '', dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-bench-')), env = {}, port = ++lastPort } = {}) {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, RATE_LIMIT_PUBLIC_MAX: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150; i++) {
    await sleep(200);
    if (await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false)) return { child, url, dataDir, stop };
  }
  stop();
  throw new Error('the e-Cabinet server did not start (run `npx nx build api` first)');
}

export async function api(url, method, path, token, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function login(url, username) {
  return (await api(url, 'POST', '/api/auth/login', null, { username, password: 'ecabinet-demo' })).accessToken;
}
