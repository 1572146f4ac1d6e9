import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PaperResponse } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
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
    // Nothing left behind in the temporary directory either.
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
