// Time to the first page of a large paper in the member's reader, over a link throttled in Chromium,
// against downloading the whole copy over the same link (what pdf.js needs before it can show
// anything when it is handed the file whole).
//
//   node bench/papers/first-page.mjs [--pages 1000] [--page-kb 100] [--mbit 10] [--latency-ms 20] [--runs 3] [--no-whole] [--generate-only]
//
// Needs a built API and web app (`npx nx run-many -t build -p api web`) and /usr/bin/chromium.
// The paper is generated, the same bytes every run (tmp/bench-first-page): on each page a line of
// text and an incompressible image of --page-kb KB, so 1,000 pages make about 100 MB.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { chromium } from 'playwright-core';
import { numberOption } from '../options.mjs';

const root = new URL('../..', import.meta.url).pathname;
const PAGES = numberOption('pages', 1000);
const PAGE_KB = numberOption('page-kb', 100);
const MBIT = numberOption('mbit', 10);
const LATENCY_MS = numberOption('latency-ms', 20);
const RUNS = numberOption('runs', 3);
const PASSWORD = 'ecabinet-demo';

/** A deterministic stream of bytes (xorshift32), so the paper is the same file every run. */
function noise(length, seed) {
  const bytes = Buffer.alloc(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

async function paper() {
  const dir = join(root, 'tmp', 'bench-first-page');
  const file = join(dir, `paper-${PAGES}x${PAGE_KB}kb.pdf`);
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(dir, { recursive: true });
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  const side = Math.round(Math.sqrt((PAGE_KB * 1024) / 3));
  for (let number = 1; number <= PAGES; number++) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(`Bao cao - trang ${number} / ${PAGES}`, { x: 60, y: 780, size: 14, font });
    const image = document.context.register(
      document.context.stream(noise(side * side * 3, number), { Type: 'XObject', Subtype: 'Image', Width: side, Height: side, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }),
    );
    page.node.setXObject(PDFName.of('Im0'), image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(400, 0, 0, 400, 97, 300), drawObject('Im0'), popGraphicsState());
  }
  const bytes = Buffer.from(await document.save({ useObjectStreams: false }));
  writeFileSync(file, bytes);
  return bytes;
}

async function api(url, method, path, token, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
const login = async (url, username) => (await api(url, 'POST', '/api/auth/login', null, { username, password: PASSWORD })).accessToken;

async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-bench-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development', REDIS_URL: '', DATABASE_URL: '', PAPER_MAX_BYTES: String(400 * 1024 * 1024), RATE_LIMIT_PUBLIC_MAX: '0' };
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'api', 'main.js')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    await sleep(200);
    if (await fetch(`${url}/api/health/ready`).then((r) => r.ok, () => false)) {
      return { url, stop: async () => { child.kill('SIGTERM'); await sleep(1000); rmSync(dataDir, { recursive: true, force: true }); } };
    }
  }
  throw new Error('server did not start; build it first: npx nx run-many -t build -p api web');
}

/** A published meeting with member1 and the chair, and the paper on its first item. */
async function meetingWithPaper(url, bytes) {
  const secretary = await login(url, 'secretary');
  const users = (await api(url, 'GET', '/api/users?limit=200', await login(url, 'admin'))).items;
  const id = (username) => users.find((user) => user.username === username).id;
  const meeting = await api(url, 'POST', '/api/meetings', secretary, { title: 'Phiên họp đo thời gian mở tài liệu', kind: 'regular', startsAt: new Date(Date.now() + 86_400_000).toISOString() });
  await api(url, 'PUT', `/api/meetings/${meeting.id}/participants`, secretary, { participants: [{ userId: id('chair'), role: 'chair' }, { userId: id('member1'), role: 'member' }] });
  const { agendaVersion } = await api(url, 'GET', `/api/meetings/${meeting.id}`, secretary);
  const item = await api(url, 'POST', `/api/meetings/${meeting.id}/agenda`, secretary, { title: 'Báo cáo tổng hợp', agendaVersion });
  await api(url, 'POST', `/api/meetings/${meeting.id}/status`, secretary, { status: 'published' });
  const form = new FormData();
  form.append('title', 'Báo cáo tổng hợp 1.000 trang');
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'bao-cao.pdf');
  const started = Date.now();
  const uploaded = await api(url, 'POST', `/api/meetings/${meeting.id}/agenda/${item.id}/papers`, secretary, form);
  const uploadSeconds = (Date.now() - started) / 1000;
  // The server reads the paper's text for search in its PDF worker; the reader is measured once that is done.
  const indexing = Date.now();
  while ((await api(url, 'GET', '/api/search?q=trang', secretary)).pendingPapers > 0) await sleep(250);
  return { meetingId: meeting.id, paperId: uploaded.id, memberId: id('member1'), uploadSeconds, indexSeconds: (Date.now() - indexing) / 1000 };
}

/** BENCH_PROFILE=1: where the page's main thread spent the last run (self time by function, the top 20); pdf.js's worker is not in it. */
function printProfile(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[index] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(`main thread, ${total.toFixed(0)} ms sampled:`);
  for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'];

/**
 * BENCH_TRACE=1: a Chromium trace of the last run, every thread of the page's renderer (the main
 * thread and pdf.js's worker): when each thread was busy after opening, and its self time by
 * JavaScript function.
 */
function printTrace(trace) {
  const events = trace.traceEvents ?? trace;
  const threads = new Map();
  for (const event of events) if (event.ph === 'M' && event.name === 'thread_name') threads.set(`${event.pid}:${event.tid}`, event.args.name);
  const origin = events.find((event) => event.name === 'TracingStartedInBrowser')?.ts ?? Math.min(...events.filter((event) => event.ts > 0).map((event) => event.ts));
  // Busy time per thread, in 100 ms buckets from the trace's start, from its top-level tasks.
  const busy = new Map();
  for (const event of events) {
    if (event.ph !== 'X' || event.name !== 'RunTask' || !event.dur) continue;
    const key = `${event.pid}:${event.tid}`;
    const buckets = busy.get(key) ?? [];
    const bucket = Math.floor((event.ts - origin) / 100_000);
    buckets[bucket] = (buckets[bucket] ?? 0) + event.dur / 1000;
    busy.set(key, buckets);
  }
  // Self time by function from the sampling profiler, per thread.
  const profiles = new Map();
  for (const event of events) {
    if (event.name !== 'ProfileChunk') continue;
    const key = `${event.pid}:${event.tid}`;
    const profile = profiles.get(key) ?? { nodes: new Map(), self: new Map() };
    profiles.set(key, profile);
    const chunk = event.args.data.cpuProfile ?? {};
    for (const node of chunk.nodes ?? []) profile.nodes.set(node.id, node.callFrame);
    const deltas = event.args.data.timeDeltas ?? [];
    (chunk.samples ?? []).forEach((id, index) => {
      const frame = profile.nodes.get(id) ?? { functionName: '?', url: '', lineNumber: 0 };
      const name = `${frame.functionName || '(anonymous)'} ${(frame.url ?? '').split('/').pop()}:${(frame.lineNumber ?? 0) + 1}`;
      profile.self.set(name, (profile.self.get(name) ?? 0) + (deltas[index] ?? 0) / 1000);
    });
  }
  console.log(`trace of the last run, by thread (busy ms per 100 ms from the trace's start, just before opening):`);
  for (const [key, buckets] of busy) {
    const name = threads.get(key) ?? key;
    const total = buckets.reduce((sum, ms) => sum + (ms ?? 0), 0);
    if (total < 20) continue;
    console.log(`  ${name} (${key}): busy ${total.toFixed(0)} ms; per 100 ms: ${Array.from(buckets, (ms) => Math.round(ms ?? 0)).join(' ')}`);
  }
  for (const [key, profile] of profiles) {
    const top = [...profile.self.entries()].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15);
    if (top.length === 0 || top[0][1] < 5) continue;
    console.log(`  self time, ${threads.get(key) ?? key}:`);
    for (const [name, ms] of top) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const bytes = await paper();
  if (process.argv.includes('--generate-only')) return console.log(`tmp/bench-first-page: ${(bytes.length / 1e6).toFixed(1)} MB`);
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const { meetingId, paperId, memberId, uploadSeconds, indexSeconds } = await meetingWithPaper(server.url, bytes);
    // No service worker: the link's throttling applies to the page's own requests (the worker's fetches would pass it by).
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'vi-VN', serviceWorkers: 'block' });
    const page = await context.newPage();
    // Signed in and the app's files loaded at full speed: a member opens the paper from the app.
    await page.goto('/login');
    // The reader alone: the tablet does not also keep the meeting's papers for offline reading
    // meanwhile (storing this 100 MB copy would share the link and the CPU with the reader).
    await page.evaluate((id) => localStorage.setItem(`ecabinet.offline.auto.${id}`, 'off'), memberId);
    await page.getByLabel('Tên đăng nhập').fill('member1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.locator('ec-shell-layout').waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: (MBIT * 1e6) / 8, uploadThroughput: (MBIT * 1e6) / 8 });

    const firstPage = [];
    let fetched = 0;
    for (let run = 0; run < RUNS; run++) {
      await page.goto('/');
      await page.locator('ec-shell-layout').waitFor();
      // The home screen settled (its data in and drawn), as when a member opens a paper from it.
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
      let bytesIn = 0;
      const ranges = [];
      const count = (response) =>
        response.url().includes(`/papers/${paperId}/view`) &&
        Promise.all([response.headerValue('content-length'), response.finished()]).then(([length]) => {
          bytesIn += Number(length ?? 0);
          // When the part's last byte arrived (not its headers).
          ranges.push(`${response.request().headers()['range'] ?? 'whole'} @${((Date.now() - started) / 1000).toFixed(2)}s`);
        }, () => undefined);
      page.on('response', count);
      const profiling = process.env.BENCH_PROFILE && run === RUNS - 1;
      const tracing = process.env.BENCH_TRACE && run === RUNS - 1;
      if (tracing) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const started = Date.now();
      await page.evaluate((path) => history.pushState({}, '', path), `/meetings/${meetingId}/papers/${paperId}`);
      await page.evaluate(() => dispatchEvent(new PopStateEvent('popstate')));
      // The first page drawn: its canvas painted and its text layer laid over it.
      await page.locator('ec-pdf-page .textLayer span').first().waitFor({ timeout: 120_000 });
      firstPage.push((Date.now() - started) / 1000);
      if (profiling) printProfile((await cdp.send('Profiler.stop')).profile);
      if (tracing) {
        const trace = (await browser.stopTracing()).toString('utf8');
        // BENCH_TRACE=<file>: the trace is also kept, to open in Chromium's performance panel.
        if (process.env.BENCH_TRACE !== '1') writeFileSync(process.env.BENCH_TRACE, trace);
        printTrace(JSON.parse(trace));
      }
      page.off('response', count);
      if (process.env.BENCH_RANGES) console.log(`run ${run + 1}: ${ranges.join(', ')}`);
      fetched = bytesIn;
    }

    const first = median(firstPage);
    console.log(`paper: ${PAGES} pages, ${(bytes.length / 1e6).toFixed(1)} MB (upload and intake ${uploadSeconds.toFixed(1)} s, its text read for search ${indexSeconds.toFixed(1)} s later); link ${MBIT} Mbit/s, ${LATENCY_MS} ms latency; Chromium ${browser.version()}`);
    console.log(`first page in the reader (by parts): median ${first.toFixed(2)} s over ${RUNS} runs [${firstPage.map((s) => s.toFixed(2)).join(', ')}]; ${(fetched / 1e6).toFixed(2)} MB fetched by then`);
    if (process.argv.includes('--no-whole')) return;

    // The whole copy over the same link, as a reader handed the file whole must wait for before pdf.js opens it.
    const token = await login(server.url, 'member1');
    const whole = await page.evaluate(
      async ({ path, token }) => {
        const started = performance.now();
        const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
        const size = (await response.arrayBuffer()).byteLength;
        return { seconds: (performance.now() - started) / 1000, size };
      },
      { path: `/api/meetings/${meetingId}/papers/${paperId}/view`, token },
    );

    console.log(`whole copy over the same link: ${whole.seconds.toFixed(1)} s for ${(whole.size / 1e6).toFixed(1)} MB`);
    console.log(`ratio: ${(first / whole.seconds).toFixed(4)} (target: first page under 1 s and under 0.1x the download)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
