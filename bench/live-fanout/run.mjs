// bench/live-fanout: how long a secretary's agenda change takes to reach every client following
// the meeting, against a bare `ws` broadcast of the same payload as the floor.
//
//   npm run build && node bench/live-fanout/run.mjs [--no-ack] [N ...]      (default: 200 1000 3000)
//
// Each client acknowledges every version it receives (`meeting:ack`), as the web app does, and
// the secretary's console socket times when the count of current screens (`meeting:screens`)
// first says every screen shows the new version; `--no-ack` leaves acknowledgements out.
//
// For each N: N Socket.IO clients in a separate process join one meeting of a fresh e-Cabinet
// server (SQLite, no Redis); 50 agenda edits go through the HTTP API one after another; the time
// from sending the request to the LAST client receiving its `meeting:event` is recorded. Then the
// same N clients connect to the floor server and 50 broadcasts of the same payload are timed the
// same way. Server memory per connection = growth of the server's RSS / N.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';

const ROUNDS = 50;
/** Untimed rounds first, so JIT warm-up and first-allocation costs do not count. */
const WARMUP = 5;
const ACK = !process.argv.includes('--no-ack');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const counts = sizes.length ? sizes : [200, 1000, 3000];
const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..', '..');
const now = () => performance.timeOrigin + performance.now();
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-bench-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', DATABASE_URL: '', REDIS_URL: '', RATE_LIMIT_PUBLIC_MAX: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    await sleep(200);
    if (await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false)) return { child, url, dataDir };
  }
  throw new Error('the e-Cabinet server did not start (run `npx nx build api` first)');
}

async function api(url, method, path, token, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function startClients(options) {
  const child = fork(join(here, 'clients.mjs'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  const ready = new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'event') {
        const done = waiting.get(message.key);
        if (done) done(message.last);
        else waiting.set(message.key, message.last);
      }
    });
    child.on('exit', (code) => code && reject(new Error(`clients exited with ${code}`)));
  });
  const lastArrival = (key) =>
    new Promise((resolve) => {
      const early = waiting.get(key);
      if (typeof early === 'number') resolve(early);
      else waiting.set(key, resolve);
    });
  return { child, ready, lastArrival };
}

async function measureSocketIo(count) {
  const server = await startServer();
  try {
    const secretary = (await api(server.url, 'POST', '/api/auth/login', null, { username: 'secretary', password: 'ecabinet-demo' })).accessToken;
    const member = (await api(server.url, 'POST', '/api/auth/login', null, { username: 'member1', password: 'ecabinet-demo' })).accessToken;
    const [meeting] = await api(server.url, 'GET', '/api/meetings?scope=upcoming', secretary);
    const items = await api(server.url, 'GET', `/api/meetings/${meeting.id}/agenda`, secretary);
    let item = items[0];
    await sleep(500);
    const before = rssKb(server.child.pid);
    // The console: counts of current screens, by version, the first time every screen shows it.
    const consoleSocket = io(`${server.url}/live`, { auth: { token: secretary }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise((resolve, reject) => {
      consoleSocket.once('session:hello', resolve);
      consoleSocket.once('connect_error', reject);
    });
    const allCurrentAt = new Map();
    consoleSocket.on('meeting:screens', (screens) => {
      if (screens.screens >= count && screens.current === screens.screens && !allCurrentAt.has(screens.seq)) allCurrentAt.set(screens.seq, now());
    });
    consoleSocket.on('meeting:event', (event) => consoleSocket.emit('meeting:ack', { meetingId: meeting.id, seq: event.seq }));
    const joined = await consoleSocket.timeout(60_000).emitWithAck('meeting:join', { meetingId: meeting.id });
    consoleSocket.emit('meeting:ack', { meetingId: meeting.id, seq: joined.seq });
    const allCurrent = async (seq) => {
      for (let waited = 0; !allCurrentAt.has(seq) && waited < 30_000; waited += 5) await sleep(5);
      return allCurrentAt.get(seq) ?? Number.NaN;
    };
    const clients = startClients({ mode: 'socket.io', url: server.url, token: member, meetingId: meeting.id, count, ack: ACK });
    await clients.ready;
    await sleep(1000);
    const perConnectionKb = (rssKb(server.child.pid) - before) / count;
    let { lastSeq } = { lastSeq: (await api(server.url, 'GET', `/api/meetings/${meeting.id}/snapshot`, secretary)).seq };
    const latencies = [];
    const currentLatencies = [];
    let payloadBytes = 0;
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const started = now();
      item = await api(server.url, 'PATCH', `/api/meetings/${meeting.id}/agenda/${item.id}`, secretary, { title: `Nội dung sửa lần ${round}`, version: item.version });
      lastSeq += 1;
      const latency = (await clients.lastArrival(String(lastSeq))) - started;
      if (round >= WARMUP) latencies.push(latency);
      if (ACK) {
        const current = (await allCurrent(lastSeq)) - started;
        if (round >= WARMUP) currentLatencies.push(current);
      }
      if (round === 0) {
        const agenda = await api(server.url, 'GET', `/api/meetings/${meeting.id}/agenda`, secretary);
        payloadBytes = Buffer.byteLength(JSON.stringify({ meetingId: meeting.id, seq: lastSeq, kind: 'agenda', data: { agendaVersion: 1, items: agenda }, at: new Date().toISOString() }));
      }
    }
    clients.child.send('close');
    consoleSocket.disconnect();
    return { latencies, currentLatencies, perConnectionKb, payloadBytes, sample: { meetingId: meeting.id, items } };
  } finally {
    server.child.kill('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

async function measureFloor(count, payloadBytes, sample) {
  const floor = fork(join(here, 'ws-floor.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port, pid } = await new Promise((resolve) => floor.on('message', resolve));
  try {
    await sleep(300);
    const before = rssKb(pid);
    const clients = startClients({ mode: 'ws', url: `ws://127.0.0.1:${port}`, count });
    await clients.ready;
    await sleep(1000);
    const perConnectionKb = (rssKb(pid) - before) / count;
    const latencies = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const body = JSON.stringify({ meetingId: sample.meetingId, seq: round + 1, kind: 'agenda', data: { agendaVersion: 1, items: sample.items }, at: new Date().toISOString() });
      const started = now();
      await fetch(`http://127.0.0.1:${port}/broadcast`, { method: 'POST', body });
      const latency = (await clients.lastArrival(String(round + 1))) - started;
      if (round >= WARMUP) latencies.push(latency);
    }
    clients.child.send('close');
    return { latencies, perConnectionKb, payloadBytes };
  } finally {
    floor.kill('SIGTERM');
  }
}

const rows = [];
for (const count of counts) {
  process.stderr.write(`N=${count}: e-Cabinet (Socket.IO)…\n`);
  const ecabinet = await measureSocketIo(count);
  process.stderr.write(`N=${count}: floor (bare ws)…\n`);
  const floor = await measureFloor(count, ecabinet.payloadBytes, ecabinet.sample);
  rows.push({
    clients: count,
    'ecabinet p50 ms': pct(ecabinet.latencies, 50).toFixed(1),
    'ecabinet p99 ms': pct(ecabinet.latencies, 99).toFixed(1),
    'floor p50 ms': pct(floor.latencies, 50).toFixed(1),
    'floor p99 ms': pct(floor.latencies, 99).toFixed(1),
    'p99 ratio': (pct(ecabinet.latencies, 99) / pct(floor.latencies, 99)).toFixed(2),
    'all screens current p50 / p99 ms': ACK ? `${pct(ecabinet.currentLatencies, 50).toFixed(1)} / ${pct(ecabinet.currentLatencies, 99).toFixed(1)}` : 'off',
    'server KB/conn': ecabinet.perConnectionKb.toFixed(1),
    'floor KB/conn': floor.perConnectionKb.toFixed(1),
    'payload bytes': ecabinet.payloadBytes,
  });
}
console.log(`\nlive fan-out: ${ROUNDS} agenda changes per row, request sent -> last client received (target: p99 ratio <= 1.3); acknowledgements ${ACK ? 'on: request sent -> the console counts every screen current' : 'off'}\n`);
console.table(rows);
