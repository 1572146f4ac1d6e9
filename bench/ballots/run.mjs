// bench/ballots: signed answers per second and latency with 1,000 recipients answering one ballot,
// one API instance, on SQLite and on PostgreSQL; then the time to verify the 1,000-answer bundle.
//
//   npx nx build api && node bench/ballots/run.mjs [--recipients 1000] [--concurrency 64] [--bursts 3]
//     [--rate 1000] [--spread 60] [--no-spread] [--burst-only] [--cold-connections]
//
// Rounds per database, each on a fresh ballot:
//   - bursts (as fast as the server takes them, --concurrency requests in flight: capacity); the
//     first meets a server that has not yet served an answer, the later ones a warm server;
//   - the target as an arrival rate: answers arrive at random (Poisson) at --rate per second, each
//     sent at its moment whether or not earlier ones were answered (open loop: latency at that rate);
//   - the issue's scenario, every recipient answering at a random moment within --spread seconds.
// Each row also says where the CPU went per answer: the API process, this client, and the rest of
// the machine (PostgreSQL, mostly), all on the same two cores.
//
// Users and device keys are set up through the API (admin creates users, each logs in and
// registers a P-256 key). Every answer document is signed, and encoded as the HTTP request it
// travels in, before timing starts, so the figures are the server's: parse, authenticate,
// validate, verify the ECDSA signature, store the revision, its opinions and its audit entry.
import { execFileSync, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const RECIPIENTS = arg('recipients', 1000);
const CONCURRENCY = arg('concurrency', 64);
/** The issue's scenario: every recipient answers within one minute. */
const SPREAD_S = arg('spread', 60);
/**
 * `--bursts N` burst rounds (default 3), each on a fresh ballot: the first meets a server that has
 * not yet served an answer (cold JIT, empty connection pool), the later ones a warm server, as a
 * server that has been running is.
 */
const BURSTS = arg('bursts', 3);
/** The target as an arrival rate: answers arrive at random (Poisson) at this many per second, whether or not earlier ones were answered. */
const RATE = arg('rate', 1000);
/** `--no-spread` skips the minute-long spread round; `--burst-only` the open-loop round at --rate too. */
const flag = (name) => process.argv.includes(`--${name}`);
const MODES = [...Array.from({ length: BURSTS }, () => 'burst'), ...(flag('burst-only') ? [] : ['rate']), ...(flag('burst-only') || flag('no-spread') ? [] : ['spread'])];
const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = join(new URL('.', import.meta.url).pathname, '..', '..');
const main = join(root, 'dist/apps/api/main.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const canonical = (value) => {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(sort(value));
};

async function api(url, method, path, token, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** CPU seconds used so far by one process (utime + stime from /proc; Linux only, as this machine is). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy CPU seconds of the whole machine so far (every core, from /proc/stat). */
function machineCpuSeconds() {
  // user nice system idle iowait irq softirq steal …: busy is user + nice + system + irq + softirq.
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) / 100;
}

/**
 * Where the CPU went during one round, in ms per answer: the API process, this client, and the
 * rest of the machine (PostgreSQL, mostly: the machine's busy time less the other two).
 */
function cpuMeter(serverPid) {
  const client0 = process.cpuUsage();
  const api0 = cpuSeconds(serverPid);
  const machine0 = machineCpuSeconds();
  return (answers) => {
    const clientSeconds = Object.values(process.cpuUsage(client0)).reduce((sum, us) => sum + us, 0) / 1e6;
    const apiSeconds = cpuSeconds(serverPid) - api0;
    const perAnswer = (seconds) => ((seconds * 1000) / answers).toFixed(2);
    return {
      'API cpu ms/answer': perAnswer(apiSeconds),
      'PostgreSQL and rest cpu ms/answer': perAnswer(machineCpuSeconds() - machine0 - apiSeconds - clientSeconds),
      'client cpu ms/answer': perAnswer(clientSeconds),
    };
  };
}

/**
 * The load generator shares the machine's two cores with the server, so it is kept as light as
 * a generator can be: each answer is encoded as raw HTTP/1.1 request bytes before timing starts,
 * written to a kept-alive TCP connection (one request in flight on each), and the response read
 * just far enough to know its status and length. (fetch() cost about 0.9 ms of CPU per answer,
 * node:http about 0.3 ms: a third to a half of what the server itself spends.)
 */
function rawClient(url, maxConnections) {
  const { hostname, port } = new URL(url);
  const idle = [];
  const all = new Set();
  let open = 0;
  const waiting = [];
  const connect = () =>
    new Promise((resolve, reject) => {
      const socket = createConnection({ host: hostname, port: Number(port), noDelay: true }, () => resolve(socket));
      socket.once('error', reject);
      all.add(socket);
    });
  const acquire = async () => {
    if (idle.length) return idle.pop();
    if (open < maxConnections) {
      open += 1;
      return connect();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (socket) => (waiting.length ? waiting.shift()(socket) : idle.push(socket));
  return {
    /** Encodes one POST with a JSON body as the bytes sent on the wire. */
    encode(path, token, body) {
      const payload = Buffer.from(JSON.stringify(body));
      const head = `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nAuthorization: Bearer ${token}\r\n\r\n`;
      return Buffer.concat([Buffer.from(head), payload]);
    },
    async send(bytes) {
      const socket = await acquire();
      return new Promise((resolve, reject) => {
        let buffered = Buffer.alloc(0);
        const onData = (chunk) => {
          buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
          const headEnd = buffered.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const head = buffered.subarray(0, headEnd).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          if (buffered.length < headEnd + 4 + length) return;
          socket.off('data', onData);
          socket.off('error', reject);
          const status = Number(head.slice(9, 12));
          const text = buffered.subarray(headEnd + 4, headEnd + 4 + length).toString();
          release(socket);
          if (status >= 200 && status < 300) resolve(text);
          else reject(new Error(`${status} ${text}`));
        };
        socket.on('data', onData);
        socket.once('error', reject);
        socket.write(bytes);
      });
    },
    /** Opens `count` connections ahead, as devices that have the ballot open already hold one. */
    async warm(count) {
      const sockets = await Promise.all(Array.from({ length: Math.min(count, maxConnections) - open }, () => ((open += 1), connect())));
      idle.push(...sockets);
    },
    close: () => {
      for (const socket of all) socket.destroy();
    },
  };
}

async function pool(items, size, work) {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function startServer(database) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-bench-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', REDIS_URL: '', DATABASE_URL: '', RATE_LIMIT_PUBLIC_MAX: '0' };
  let cleanup = async () => undefined;
  if (database === 'postgres') {
    const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.end();
    env.DATABASE_URL = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    cleanup = async () => {
      const c = new pg.Client({ connectionString: POSTGRES });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    };
  }
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof" or "--trace-gc", changes how the server runs;
  // BENCH_SERVER_LOG=file keeps its standard output.
  const stdout = process.env.BENCH_SERVER_LOG ? openSync(`${process.env.BENCH_SERVER_LOG}.${database}`, 'w') : 'ignore';
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), main], { env, stdio: ['ignore', stdout, 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    await sleep(200);
    if (await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false)) {
      return { url, child, dataDir, stop: async () => { const exited = new Promise((resolve) => child.once('exit', resolve)); child.kill('SIGTERM'); await Promise.race([exited, sleep(15_000)]); await cleanup(); rmSync(dataDir, { recursive: true, force: true }); } };
    }
  }
  throw new Error('server did not start; run `npx nx build api` first');
}

async function measure(database) {
  const server = await startServer(database);
  try {
    const admin = (await api(server.url, 'POST', '/api/auth/login', null, { username: 'admin', password: 'ecabinet-demo' })).accessToken;
    process.stderr.write(`${database}: creating ${RECIPIENTS} recipients with device keys…\n`);
    const people = Array.from({ length: RECIPIENTS }, (_, i) => ({ username: `bench-${i}`, pair: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) }));
    await pool(people, 8, async (p) => {
      const user = await api(server.url, 'POST', '/api/users', admin, { username: p.username, fullName: `Thành viên ${p.username}`, password: 'bench-password-123', roles: ['member'] });
      p.id = user.id;
      p.token = (await api(server.url, 'POST', '/api/auth/login', null, { username: p.username, password: 'bench-password-123' })).accessToken;
      p.keyId = (await api(server.url, 'POST', '/api/signing-keys', p.token, { publicKey: p.pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), label: 'bench' })).id;
    });
    const secretary = (await api(server.url, 'POST', '/api/auth/login', null, { username: 'secretary', password: 'ecabinet-demo' })).accessToken;
    const chair = (await api(server.url, 'POST', '/api/auth/login', null, { username: 'chair', password: 'ecabinet-demo' })).accessToken;
    const rows = [];
    let lastRound = null;
    for (const [index, mode] of MODES.entries()) {
      const label = {
        burst: `burst ${index + 1}${index === 0 ? ' (cold)' : ''}, ${CONCURRENCY} in flight`,
        rate: `arriving at ${RATE}/s`,
        spread: `spread over ${SPREAD_S} s`,
      }[mode];
      const ballot = await issueBallot(server.url, secretary, chair, people);
      // Open-loop rounds need a connection for every answer that may be in flight at once.
      const client = rawClient(server.url, mode === 'burst' ? CONCURRENCY : 1024);
      const requests = signedAnswers(ballot, people).map((answer) => client.encode(`/api/ballots/${ballot.id}/answers`, answer.token, answer.body));
      process.stderr.write(`${database}: ${RECIPIENTS} signed answers, ${label}…\n`);
      const { latencies, trace, seconds, cpu } = await timedRound(client, requests, mode, server.child.pid);
      client.close();
      // BENCH_TRACE=dir keeps each answer's start and latency (ms), to see when the slow ones happen.
      if (process.env.BENCH_TRACE) writeFileSync(join(process.env.BENCH_TRACE, `${database}-${mode}-${index + 1}.csv`), `start_ms,latency_ms\n${trace.join('\n')}\n`);
      await api(server.url, 'POST', `/api/ballots/${ballot.id}/close`, secretary);
      const bundle = await fetch(`${server.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${secretary}` } }).then((r) => r.text());
      const file = join(server.dataDir, `bundle-${index + 1}.json`);
      writeFileSync(file, bundle);
      const v0 = performance.now();
      const output = execFileSync(process.execPath, [main, 'verify-ballot', file, '--trust', join(server.dataDir, 'pki', 'demo-root.pem')]).toString().trim();
      const verifyMs = performance.now() - v0;
      rows.push({
        database,
        round: label,
        answers: latencies.length,
        'answers/s': (latencies.length / seconds).toFixed(0),
        'p50 ms': pct(latencies, 50).toFixed(1),
        'p99 ms': pct(latencies, 99).toFixed(1),
        'bundle KB': (Buffer.byteLength(bundle) / 1024).toFixed(0),
        'verify-ballot ms': verifyMs.toFixed(0),
        verified: output.startsWith('Bundle OK') ? 'yes' : output,
        ...cpu,
      });
      lastRound = { people, requests: signedAnswers(ballot, people) };
    }
    if (database === 'postgres' && lastRound) rows.push(...(await measureFloor(lastRound.people, lastRound.requests)));
    return rows;
  } finally {
    await server.stop();
  }
}

/** One timed round: `requests` sent as `mode` says, each answer's latency, the round's length and CPU. */
async function timedRound(client, requests, mode, serverPid) {
  const latencies = [];
  const trace = [];
  // A member's tablet that has the ballot open holds a kept-alive connection already; --cold-connections
  // makes every round open its connections while timed, as the cold round's first wave then shows.
  if (!flag('cold-connections')) await client.warm(CONCURRENCY);
  const meter = cpuMeter(serverPid);
  const started = performance.now();
  const send = async (request) => {
    const t0 = performance.now();
    await client.send(request);
    latencies.push(performance.now() - t0);
    trace.push(`${(t0 - started).toFixed(1)},${(performance.now() - t0).toFixed(1)}`);
  };
  if (mode === 'burst') await pool(requests, CONCURRENCY, send);
  else if (mode === 'rate') {
    // Exponential gaps between arrivals: a Poisson process at RATE per second.
    let at = 0;
    await Promise.all(requests.map((request) => {
      at += (-Math.log(1 - Math.random()) * 1000) / RATE;
      return sleep(at).then(() => send(request));
    }));
  }
  // Arrivals at random moments within the window, as members answering "within one minute".
  else await Promise.all(requests.map((request) => sleep(Math.random() * SPREAD_S * 1000).then(() => send(request))));
  const seconds = (performance.now() - started) / 1000;
  return { latencies, trace, seconds, cpu: meter(latencies.length) };
}

/**
 * The floor, measured in the same run against the same PostgreSQL with the same signed answers and
 * the same rounds: a bare node:http handler that verifies one signature and inserts one row
 * (floor-server.mjs). The issue asks for the ratio of p99s.
 */
async function measureFloor(people, answers) {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-floor-'));
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify(Object.fromEntries(people.map((p) => [p.keyId, p.pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')]))));
  const schema = `floor_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const port = 3900 + Math.floor(Math.random() * 90);
  const url = `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const child = spawn(process.execPath, [join(root, 'bench', 'ballots', 'floor-server.mjs')], { env: { ...process.env, FLOOR_PORT: String(port), FLOOR_KEYS: keysFile, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const rows = [];
  try {
    for (const [index, mode] of MODES.entries()) {
      await admin.query(`TRUNCATE "${schema}".floor_answers`);
      const client = rawClient(`http://127.0.0.1:${port}`, mode === 'burst' ? CONCURRENCY : 1024);
      const requests = answers.map((answer) => client.encode('/answers', answer.token, answer.body));
      process.stderr.write(`floor: ${requests.length} signed answers, ${mode}…\n`);
      const { latencies, seconds, cpu } = await timedRound(client, requests, mode, child.pid);
      client.close();
      rows.push({
        database: 'postgres',
        round: `FLOOR ${mode === 'burst' ? `burst ${index + 1}${index === 0 ? ' (cold)' : ''}, ${CONCURRENCY} in flight` : mode === 'rate' ? `arriving at ${RATE}/s` : `spread over ${SPREAD_S} s`}`,
        answers: latencies.length,
        'answers/s': (latencies.length / seconds).toFixed(0),
        'p50 ms': pct(latencies, 50).toFixed(1),
        'p99 ms': pct(latencies, 99).toFixed(1),
        ...cpu,
      });
    }
  } finally {
    child.kill('SIGTERM');
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function issueBallot(url, secretary, chair, people) {
  const created = await api(url, 'POST', '/api/ballots', secretary, {
    title: 'Phiếu đo tải',
    summary: 'Đo hiệu năng',
    questions: [{ text: 'Câu 1?' }, { text: 'Câu 2?' }, { text: 'Câu 3?' }],
    recipientIds: people.map((p) => p.id),
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
  });
  await api(url, 'POST', `/api/ballots/${created.id}/submit`, secretary);
  await approve(url, created.id, chair);
  return api(url, 'POST', `/api/ballots/${created.id}/issue`, secretary);
}

/**
 * The chair's approval, signed as his device does (libs/shared/trust ballot-documents): the hash
 * of the ballot's content as he reads it, and its deadline, with a key registered now.
 */
async function approve(url, ballotId, chair) {
  const ballot = await api(url, 'GET', `/api/ballots/${ballotId}`, chair);
  const me = await api(url, 'GET', '/api/auth/me', chair);
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key = await api(url, 'POST', '/api/signing-keys', chair, { publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), label: 'bench chair' });
  const content = {
    type: 'ecabinet.ballot-content',
    ballotId,
    title: ballot.title,
    summary: ballot.summary,
    questions: ballot.questions.map((q) => ({ id: q.id, number: q.number, text: q.text })),
    silenceRule: ballot.silenceRule,
    passRule: 'more-than-half-of-recipients/chair-breaks-tie',
    recipients: ballot.recipients.map((r) => r.userId).sort(),
    papers: ballot.papers.map((p) => p.sha256),
  };
  const document = {
    type: 'ecabinet.ballot-approval',
    ballotId,
    contentHash: createHash('sha256').update(canonical(content)).digest('hex'),
    deadline: ballot.deadline,
    sequence: 1,
    chairId: me.id,
    signedAt: new Date().toISOString(),
  };
  const signature = sign('sha256', Buffer.from(canonical(document)), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
  return api(url, 'POST', `/api/ballots/${ballotId}/approve`, chair, { document, signature, keyId: key.id });
}

/** Every answer document signed before timing starts, so the figures are the server's. */
function signedAnswers(ballot, people) {
  return people.map((p, i) => {
    const document = {
      type: 'ecabinet.ballot-answer',
      ballotId: ballot.id,
      ballotVersion: ballot.version,
      ballotHash: ballot.approvals.at(-1).hash,
      recipientId: p.id,
      revision: 1,
      previous: null,
      signedAt: new Date().toISOString(),
      answers: ballot.questions.map((q, n) => ({ questionId: q.id, choice: (i + n) % 3 === 0 ? 'other' : 'agree', comment: (i + n) % 3 === 0 ? 'Đề nghị làm rõ thêm phạm vi áp dụng.' : '' })),
    };
    const signature = sign('sha256', Buffer.from(canonical(document)), { key: p.pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
    return { token: p.token, body: { document, signature, keyId: p.keyId } };
  });
}

const rows = [];
// BENCH_DATABASES=postgres measures one database only.
for (const database of (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',')) rows.push(...(await measure(database)));
console.log(`\nballots: ${RECIPIENTS} recipients, 3 questions each, one API instance (target on PostgreSQL: 1,000 answers/s at p99 < 100 ms)\n`);
console.table(rows);
// The ratio the issue asks for: the API's p99 over the floor's, round by round, on PostgreSQL.
const floors = rows.filter((row) => row.round.startsWith('FLOOR '));
const ratios = floors.map((floor) => {
  const product = rows.find((row) => row.database === 'postgres' && row.round === floor.round.slice('FLOOR '.length));
  return product ? { round: product.round, 'API p99 ms': product['p99 ms'], 'floor p99 ms': floor['p99 ms'], 'p99 ratio': (Number(product['p99 ms']) / Number(floor['p99 ms'])).toFixed(1) } : null;
}).filter(Boolean);
if (ratios.length) {
  console.log('\nPostgreSQL: the API against the floor (node:http, one signature check, one INSERT with pg)\n');
  console.table(ratios);
}
