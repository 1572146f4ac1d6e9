// bench/live-fanout/storm.mjs: the reconnect storm (#15): a province's network drops and returns,
// and all its screens rejoin at once.
//
//   npx nx build api && node bench/live-fanout/storm.mjs [--screens 10000] [--processes 2] [--seconds 5] [--rounds 3] [--concurrency 32]
//
// 1. Reads per CPU-second. A member's `GET /api/meetings/{id}/snapshot` (and `GET /api/auth/me`)
//    is requested over keep-alive connections, `--concurrency` at a time, for `--seconds`; the
//    figure is the requests answered divided by the CPU time the server process used meanwhile
//    (so the load generator's own CPU does not count). The floor: a bare `node:http` server
//    sending the same snapshot bytes, loaded the same way in the same run. The loads take turns,
//    `--rounds` times; medians are reported (each run's figure in the last column).
// 2. The storm. `--screens` Socket.IO screens (in `--processes` client processes) follow the
//    meeting; all drop at once; the secretary changes the agenda; all reconnect at once and join
//    again without `sinceSeq`, as a screen that missed too much does, so each is answered with the
//    snapshot. Figure: from the reconnection to the last screen holding the current version.
import { fork } from 'node:child_process';
import { createServer, Agent, request } from 'node:http';
import { join } from 'node:path';
import { numberOption } from '../options.mjs';
import { api, cpuSeconds, login, now, pct, rssKb, sleep, startServer } from './common.mjs';

const SCREENS = numberOption('screens', 10_000);
const PROCESSES = numberOption('processes', 2);
const SECONDS = numberOption('seconds', 5);
const CONCURRENCY = numberOption('concurrency', 32);
const ROUNDS = numberOption('rounds', 3);
const here = new URL('.', import.meta.url).pathname;

/** Keeps `CONCURRENCY` GETs in flight for `SECONDS`; returns how many were answered 200 and the server's CPU seconds meanwhile. */
async function load(pid, url, headers) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = () =>
    new Promise((resolve, reject) => {
      const req = request(url, { agent, headers }, (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve(response.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
  // Warm-up: JIT and first allocations do not count.
  for (let i = 0; i < 200; i++) await get();
  let answered = 0;
  let refused = 0;
  const cpuBefore = cpuSeconds(pid);
  const until = now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (now() < until) {
        if ((await get()) === 200) answered += 1;
        else refused += 1;
      }
    }),
  );
  const cpu = cpuSeconds(pid) - cpuBefore;
  agent.destroy();
  if (refused) throw new Error(`${refused} requests to ${url} were not answered 200`);
  return { answered, cpu, perCpuSecond: answered / cpu, perSecond: answered / SECONDS };
}

function floorServer(body) {
  return new Promise((resolve) => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      response.end(body);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The floor runs in its own process, as the server does, so that its CPU time is its own. */
function startFloor(body) {
  const child = fork(new URL(import.meta.url).pathname, ['--floor'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send(body.toString('base64'));
  return new Promise((resolve) => child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}` })));
}

/** The three loads take turns, ROUNDS times, so that the machine's drift touches them alike; medians are reported. */
async function readsPerCpuSecond(server, member, meetingId) {
  const headers = { authorization: `Bearer ${member}` };
  const snapshotUrl = `${server.url}/api/meetings/${meetingId}/snapshot`;
  const body = Buffer.from(await (await fetch(snapshotUrl, { headers })).arrayBuffer());
  const floor = await startFloor(body);
  const runs = { snapshot: [], me: [], bare: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      runs.snapshot.push(await load(server.child.pid, snapshotUrl, headers));
      runs.me.push(await load(server.child.pid, `${server.url}/api/auth/me`, headers));
      runs.bare.push(await load(floor.child.pid, `${floor.url}/`, {}));
    }
  } finally {
    floor.child.kill();
  }
  const median = (results, field) => pct(results.map((result) => result[field]), 50);
  const summary = (results) => ({ perCpuSecond: median(results, 'perCpuSecond'), perSecond: median(results, 'perSecond'), all: results.map((result) => Math.round(result.perCpuSecond)).join(' ') });
  return { bytes: body.length, snapshot: summary(runs.snapshot), me: summary(runs.me), bare: summary(runs.bare) };
}

function startScreens(options) {
  const child = fork(join(here, 'storm-clients.mjs'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type) => new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => code && reject(new Error(`screens exited with ${code}`)));
  });
  return { child, next };
}

async function storm(server, secretary, member, meetingId) {
  const rssBefore = rssKb(server.child.pid);
  const perProcess = Math.ceil(SCREENS / PROCESSES);
  const groups = Array.from({ length: PROCESSES }, (_, i) => startScreens({ url: server.url, token: member, meetingId, count: Math.min(perProcess, SCREENS - i * perProcess) }));
  await Promise.all(groups.map((group) => group.next('ready')));
  await sleep(1000);
  const kbPerScreen = (rssKb(server.child.pid) - rssBefore) / SCREENS;
  await Promise.all(groups.map((group) => { group.child.send({ type: 'drop' }); return group.next('dropped'); }));
  await sleep(2000);
  const [item] = await api(server.url, 'GET', `/api/meetings/${meetingId}/agenda`, secretary);
  await api(server.url, 'PATCH', `/api/meetings/${meetingId}/agenda/${item.id}`, secretary, { title: 'Nội dung sửa trong lúc mất mạng', version: item.version });
  const { seq } = await api(server.url, 'GET', `/api/meetings/${meetingId}/snapshot`, secretary);
  if (process.env.BENCH_PROFILE) server.child.kill('SIGWINCH');
  const cpuBefore = cpuSeconds(server.child.pid);
  const started = now();
  const results = await Promise.all(groups.map((group) => { group.child.send({ type: 'rejoin', seq }); return group.next('rejoined'); }));
  const allCurrent = Math.max(...results.map((result) => result.last)) - started;
  const cpu = cpuSeconds(server.child.pid) - cpuBefore;
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  if (process.env.BENCH_PROFILE) server.child.kill('SIGWINCH');
  for (const group of groups) group.child.send({ type: 'close' });
  for (const result of results) if (result.failures) process.stderr.write(`failed joins: ${JSON.stringify(result.reasons)}\n`);
  const clientsCpu = results.reduce((sum, result) => sum + result.cpuSeconds, 0);
  return { allCurrent, cpu, clientsCpu, failures, kbPerScreen };
}

if (process.argv.includes('--floor')) {
  process.once('message', async (base64) => {
    const server = await floorServer(Buffer.from(base64, 'base64'));
    process.send({ port: server.address().port });
  });
} else {
  const server = await startServer();
  try {
    const secretary = await login(server.url, 'secretary');
    const member = await login(server.url, 'member1');
    const [meeting] = await api(server.url, 'GET', '/api/meetings?scope=upcoming', member);
    process.stderr.write('reads per CPU-second…\n');
    const reads = await readsPerCpuSecond(server, member, meeting.id);
    console.log(`\nreads per CPU-second, ${CONCURRENCY} keep-alive connections, ${ROUNDS} turns of ${SECONDS} s each, medians (target: snapshot >= 0.5x the floor)\n`);
    console.table([
      { route: `GET /api/meetings/{id}/snapshot (${reads.bytes} bytes)`, 'per CPU-second': Math.round(reads.snapshot.perCpuSecond), 'per second': Math.round(reads.snapshot.perSecond), 'x floor': (reads.snapshot.perCpuSecond / reads.bare.perCpuSecond).toFixed(2), runs: reads.snapshot.all },
      { route: 'GET /api/auth/me', 'per CPU-second': Math.round(reads.me.perCpuSecond), 'per second': Math.round(reads.me.perSecond), 'x floor': (reads.me.perCpuSecond / reads.bare.perCpuSecond).toFixed(2), runs: reads.me.all },
      { route: 'floor: node:http, the same snapshot bytes', 'per CPU-second': Math.round(reads.bare.perCpuSecond), 'per second': Math.round(reads.bare.perSecond), 'x floor': '1.00', runs: reads.bare.all },
    ]);
    process.stderr.write(`storm: ${SCREENS} screens in ${PROCESSES} processes…\n`);
    const result = await storm(server, secretary, member, meeting.id);
    console.log(`\nreconnect storm: ${SCREENS} screens rejoin at once and read the snapshot (target: all current within 2 s)\n`);
    console.table([{ screens: SCREENS, 'all current ms': Math.round(result.allCurrent), 'server CPU s': result.cpu.toFixed(2), 'clients CPU s': result.clientsCpu.toFixed(2), 'failed joins': result.failures, 'server KB per screen': result.kbPerScreen.toFixed(1) }]);
  } finally {
    server.stop();
  }
}
