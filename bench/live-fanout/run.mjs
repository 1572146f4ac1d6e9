// bench/live-fanout: how long a secretary's agenda change takes to reach every client following
// the meeting, against a bare `ws` broadcast of the same payload as the floor.
//
//   npm run build && node bench/live-fanout/run.mjs [--no-ack] [--instances 2] [N ...]      (default: 200 1000 3000)
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
//
// `--instances 2`: the production shape instead (docker/compose.yaml): two e-Cabinet servers on one
// fresh PostgreSQL database (BENCH_DATABASE_URL, default the local `ecabinet_bench`, dropped and
// made again) sharing Redis (BENCH_REDIS_URL); half the clients on each, the secretary's changes
// and the console on the first. Memory per connection: both servers' growth / N.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { io } from 'socket.io-client';
import { numberOption } from '../options.mjs';
import { api, login, now, pct, rssKb, sleep, startServer } from './common.mjs';

const ROUNDS = 50;
/** Untimed rounds first, so JIT warm-up and first-allocation costs do not count. */
const WARMUP = 5;
const ACK = !process.argv.includes('--no-ack');
const INSTANCES = numberOption('instances', 1);
const sizes = process.argv.slice(2).filter((arg, i, args) => args[i - 1] !== '--instances').map(Number).filter(Boolean);
const counts = sizes.length ? sizes : [200, 1000, 3000];
const here = new URL('.', import.meta.url).pathname;

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

/** One server on SQLite, or INSTANCES servers on a fresh PostgreSQL database sharing Redis. */
async function startServers() {
  if (INSTANCES === 1) return [await startServer()];
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ecabinet_bench';
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const shared = { databaseUrl, redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir: mkdtempSync(join(tmpdir(), 'ecabinet-bench-')), env: { JWT_SECRET: 'bench-secret-shared-by-both-instances-0123456789' } };
  // One after the other: the first migrates and seeds the demo government.
  const servers = [];
  for (let i = 0; i < INSTANCES; i++) servers.push(await startServer(shared));
  return servers;
}

/** Clients spread evenly over the servers, one process each; an event's last arrival is the latest over all. */
function startClientsOver(servers, options) {
  const groups = servers.map((server, i) =>
    startClients({ ...options, url: options.mode === 'ws' ? options.url : server.url, count: Math.floor(options.count / servers.length) + (i < options.count % servers.length ? 1 : 0) }),
  );
  return {
    ready: Promise.all(groups.map((group) => group.ready)),
    lastArrival: async (key) => Math.max(...(await Promise.all(groups.map((group) => group.lastArrival(key))))),
    close: () => groups.forEach((group) => group.child.send('close')),
  };
}

async function measureSocketIo(count) {
  const servers = await startServers();
  const [server] = servers;
  try {
    const secretary = await login(server.url, 'secretary');
    const member = await login(server.url, 'member1');
    const [meeting] = await api(server.url, 'GET', '/api/meetings?scope=upcoming', secretary);
    const items = await api(server.url, 'GET', `/api/meetings/${meeting.id}/agenda`, secretary);
    let item = items[0];
    await sleep(500);
    const memory = () => servers.reduce((sum, each) => sum + rssKb(each.child.pid), 0);
    const before = memory();
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
    const clients = startClientsOver(servers, { mode: 'socket.io', token: member, meetingId: meeting.id, count, ack: ACK });
    await clients.ready;
    await sleep(1000);
    const perConnectionKb = (memory() - before) / count;
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
    clients.close();
    consoleSocket.disconnect();
    return { latencies, currentLatencies, perConnectionKb, payloadBytes, sample: { meetingId: meeting.id, items } };
  } finally {
    for (const each of servers) each.stop();
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
