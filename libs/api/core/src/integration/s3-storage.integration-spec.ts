import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaperResponse } from '@ecabinet/shared/contracts';
import { PaperTexts } from '@ecabinet/api/papers';
import { flateBomb, samplePaper } from '@ecabinet/api/papers/testing';
import { createMeeting, fetchBytes, startTestApp, testDatabaseDriver, uploadPaper, type TestApp } from '../testing';

/** s3rver: a local S3-compatible server (a stand-in for MinIO or a cloud bucket). */
interface LocalS3 {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => LocalS3;

const BUCKET = 'ecabinet-papers';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/**
 * A stand-in bucket in front of the real one: `handle` answers a request itself (a failure, or
 * silence), or later calls `pass`, or returns false to pass it through at once, headers (Host
 * included, so the signature holds) and body unchanged.
 */
type Handle = (request: IncomingMessage, response: ServerResponse, pass: () => void) => boolean;
async function bucketInFront(target: string, handle: Handle): Promise<{ url: string; seen: string[]; open(): Promise<number>; close(): Promise<void> }> {
  const seen: string[] = [];
  const { port } = new URL(target);
  const server: Server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const pass = () => {
      const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    };
    if (!handle(request, response, pass)) pass();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    open: () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const slowDown = (response: ServerResponse) => {
  response.writeHead(503, { 'content-type': 'application/xml' });
  response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
};

const internalError = (response: ServerResponse) => {
  response.writeHead(500, { 'content-type': 'application/xml' });
  response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>');
};

/** Runs `then` after `ms`, unless the client has gone by then. */
const later = (response: ServerResponse, ms: number, then: () => void) => {
  const timer = setTimeout(then, ms);
  response.on('close', () => clearTimeout(timer));
};

/** Sends the status line, the headers and a first chunk of an object, then nothing more. */
const stalledBody = (response: ServerResponse, first: string) => {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
  response.write(first);
};

describe(`papers in S3-compatible storage (${testDatabaseDriver()})`, () => {
  let s3: LocalS3;
  let s3Dir: string;
  let endpoint: string;
  let t: TestApp;

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'ecabinet-s3-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    t = await startTestApp({ env: { S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' } });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
    rmSync(s3Dir, { recursive: true, force: true });
  });

  it('keeps uploaded papers, their indexes and meeting books in the bucket, not on local disk', async () => {
    const f = await createMeeting(t);
    const bytes = await samplePaper({ pages: 3, title: 'To trinh S3' });
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bytes, { token: f.tokens['secretary'] });
    expect(upload.status).toBe(201);
    const paper = upload.body as PaperResponse;

    const inBucket = filesUnder(join(s3Dir, BUCKET)).map((path) => path.slice(join(s3Dir, BUCKET).length + 1));
    expect(inBucket).toEqual(expect.arrayContaining([expect.stringContaining(`papers/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}.pdf`), expect.stringContaining(`indexes/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}.v1.json`)]));
    expect(filesUnder(join(t.config.dataDir, 'files'))).toEqual([]);
    // Its text is read for search from the bucket, through a temporary local copy (worker threads read files)…
    await t.app.get(PaperTexts).settled();
    const found = await t.request('GET', '/api/search?q=trinh%20s3', { token: f.tokens['member1'] });
    expect(found.body.hits.filter((hit: { kind: string }) => hit.kind === 'paper').map((hit: { paperId: string; page: number }) => [hit.paperId, hit.page])).toEqual([
      [paper.id, 1],
      [paper.id, 2],
      [paper.id, 3],
    ]);
    // …and nothing is left behind in the temporary directory once that is done.
    expect(filesUnder(join(t.config.dataDir, 'tmp')).filter((path) => !path.endsWith('.gitkeep'))).toEqual([]);

    // A member's watermarked copy is made from the bucket's bytes: the original, plus an update.
    const copy = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`, f.tokens['member1']);
    expect(copy.status).toBe(200);
    expect(copy.bytes.subarray(0, bytes.length).equals(bytes)).toBe(true);
    expect(copy.bytes.length).toBeGreaterThan(bytes.length);

    // The meeting book is compiled from the bucket and stored back into it.
    const book = await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/view`, f.tokens['member1']);
    expect(book.status).toBe(200);
    expect(book.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(filesUnder(join(s3Dir, BUCKET)).some((path) => path.includes('/books/'))).toBe(true);

    const health = await t.request('GET', '/api/health');
    expect(health.body.checks.fileStore).toEqual({ state: 'up' });
  });

  /** Starts an app on the bucket behind `front`, with short time-outs so that a hung bucket is given up quickly. */
  const appOn = (url: string) =>
    startTestApp({ env: { S3_BUCKET: BUCKET, S3_ENDPOINT: url, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_REQUEST_TIMEOUT_MS: '1000', S3_MAX_ATTEMPTS: '3' } });

  it('retries a put the bucket answers with 503 SlowDown, and the paper is stored', async () => {
    let refusedPuts = 0;
    let refused = '';
    const front = await bucketInFront(endpoint, (request, response) => {
      if (request.method !== 'PUT' || refusedPuts >= 1) return false;
      refusedPuts++;
      refused = `PUT ${request.url}`;
      request.resume();
      slowDown(response);
      return true;
    });
    const app = await appOn(front.url);
    try {
      const f = await createMeeting(app);
      const bytes = await samplePaper({ pages: 2, title: 'Retry after SlowDown' });
      const upload = await uploadPaper(app, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bytes, { token: f.tokens['secretary'] });
      expect(upload.status).toBe(201);
      expect(refusedPuts).toBe(1);
      expect(front.seen.filter((line) => line === refused)).toHaveLength(2);
      const copy = await fetchBytes(app, `/api/meetings/${f.meeting.id}/papers/${(upload.body as PaperResponse).id}/view`, f.tokens['member1']);
      expect(copy.bytes.subarray(0, bytes.length).equals(bytes)).toBe(true);
    } finally {
      await app.close();
      await front.close();
    }
  });

  it.each<[string, Handle]>([
    ['fails every request (503 SlowDown)', (request, response) => (request.resume(), slowDown(response), true)],
    ['fails every request (500 InternalError)', (request, response) => (request.resume(), internalError(response), true)],
    ['answers each request only after 3 s (three times the time-out)', (_request, response, pass) => (later(response, 3000, pass), true)],
    ['never answers', (request) => (request.resume(), true)],
  ])('a bucket that %s: the upload gets 503 STORAGE_UNAVAILABLE after the retries, in bounded time, nothing is kept, readiness says down', async (_what, handle) => {
    const front = await bucketInFront(endpoint, handle);
    const app = await appOn(front.url);
    try {
      const f = await createMeeting(app);
      const bytes = await samplePaper({ pages: 2, title: 'Bucket away' });
      const started = Date.now();
      const upload = await uploadPaper(app, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bytes, { token: f.tokens['secretary'] });
      // Three attempts of at most 1 s each, and the SDK's short back-off between them.
      expect(Date.now() - started).toBeLessThan(8000);
      expect(upload.status).toBe(503);
      expect(upload.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('Nothing was saved') });
      expect(JSON.stringify(upload.body)).not.toContain('S3RVER');
      // The first write was tried S3_MAX_ATTEMPTS times, then the upload was given up.
      expect(front.seen).toHaveLength(3);
      expect(new Set(front.seen).size).toBe(1);
      const papers = await app.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token: f.tokens['secretary'] });
      expect(papers.status).toBe(200);
      expect(papers.body).toEqual([]);
      expect(filesUnder(join(app.config.dataDir, 'tmp')).filter((path) => !path.endsWith('.gitkeep'))).toEqual([]);
      const health = await app.request('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body.checks.fileStore).toEqual({ state: 'down' });
    } finally {
      await app.close();
      await front.close();
    }
  });

  it('a bucket that stops sending in the middle of an object: the read is given up after the time-out, not waited on forever', async () => {
    let stall: 'indexes' | 'papers' | null = null;
    const front = await bucketInFront(endpoint, (request, response) => {
      if (request.method !== 'GET' || !stall || !request.url?.includes(`/${stall}/`)) return false;
      stalledBody(response, stall === 'indexes' ? '{"format":1,' : '%PDF-1.7\n');
      return true;
    });
    const app = await appOn(front.url);
    try {
      const f = await createMeeting(app);
      const bytes = await samplePaper({ pages: 2, title: 'Stalled bucket' });
      const upload = await uploadPaper(app, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bytes, { token: f.tokens['secretary'] });
      expect(upload.status).toBe(201);
      const view = `/api/meetings/${f.meeting.id}/papers/${(upload.body as PaperResponse).id}/view`;

      // The page index is read whole before the copy is made: a clear 503.
      stall = 'indexes';
      let started = Date.now();
      const indexStalled = await fetchBytes(app, view, f.tokens['member1']);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(indexStalled.status).toBe(503);
      expect(indexStalled.body).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });

      // The paper itself is streamed, its headers already sent: the response is cut short.
      stall = 'papers';
      started = Date.now();
      await expect(fetchBytes(app, view, f.tokens['member1'])).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await app.close();
      await front.close();
    }
  });

  it('stores nothing of an upload refused as PDF_TOO_COMPLEX (a decompression bomb)', async () => {
    const f = await createMeeting(t);
    const before = filesUnder(join(s3Dir, BUCKET)).length;
    const bomb = await flateBomb(300);
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bomb, { token: f.tokens['secretary'] });
    expect(upload.status).toBe(422);
    expect(upload.body.code).toBe('PDF_TOO_COMPLEX');
    expect(filesUnder(join(s3Dir, BUCKET)).filter((path) => path.includes(sha256(bomb)))).toEqual([]);
    expect(filesUnder(join(s3Dir, BUCKET)).length).toBe(before);
    await t.app.get(PaperTexts).settled();
    expect(filesUnder(join(t.config.dataDir, 'tmp')).filter((path) => !path.endsWith('.gitkeep'))).toEqual([]);
  });

  it('readiness against a bucket that never answers says down within its 3 s and leaves no request waiting behind it', async () => {
    const front = await bucketInFront(endpoint, (request) => (request.resume(), true));
    // The default time-out (30 s): the probe must not wait on it, the route is public and polled.
    const app = await startTestApp({ env: { S3_BUCKET: BUCKET, S3_ENDPOINT: front.url, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' } });
    try {
      const started = Date.now();
      const health = await app.request('GET', '/api/health/ready');
      expect(Date.now() - started).toBeLessThan(4000);
      expect(health.status).toBe(503);
      expect(health.body.checks.fileStore).toEqual({ state: 'down' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(front.seen).toHaveLength(1);
      expect(await front.open()).toBe(0);
    } finally {
      await app.close();
      await front.close();
    }
  });

  it('reports the file store down when the bucket refuses the credentials', async () => {
    const refused = await startTestApp({ env: { S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'NOT-A-KEY', S3_SECRET_ACCESS_KEY: 'x' } });
    try {
      const health = await refused.request('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body.checks.fileStore).toEqual({ state: 'down' });
    } finally {
      await refused.close();
    }
  });
});
