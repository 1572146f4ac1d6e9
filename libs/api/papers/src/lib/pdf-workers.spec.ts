import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@ecabinet/api/platform';
import { emptyPages, samplePaper } from '../testing';
import { PaperRefusedError } from './pdf/paper-inspector';
import { PdfWorkers } from './pdf-workers';

describe('PDF worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-workers-'));
  const file = (name: string, bytes: Buffer) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  const limits = { maxPages: 100_000, maxObjects: 1_000_000 };
  let workers: PdfWorkers;

  beforeAll(() => {
    workers = new PdfWorkers({ papers: { workerMemoryMb: 512 } } as AppConfig);
  });
  afterAll(async () => {
    await workers.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspects a paper off the main thread', async () => {
    const result = await workers.run({ kind: 'inspect', path: file('a.pdf', await samplePaper({ pages: 2 })), limits }, { timeoutMs: 60_000 });
    expect(result.pageCount).toBe(2);
  });

  it('stops a job that runs out of time, and the next job gets a fresh worker', async () => {
    const slow = file('slow.pdf', emptyPages(20_000));
    const error = await workers.run({ kind: 'inspect', path: slow, limits }, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaperRefusedError);
    expect(error).toMatchObject({ reason: 'too-complex', message: expect.stringContaining('longer than 20 ms') });
    const next = await workers.run({ kind: 'inspect', path: file('b.pdf', await samplePaper({ pages: 1 })), limits }, { timeoutMs: 60_000 });
    expect(next.pageCount).toBe(1);
  });

  it('stops a job that needs more memory than allowed, without harm to the process', async () => {
    const small = new PdfWorkers({ papers: { workerMemoryMb: 96 } } as AppConfig);
    try {
      // The bound leaves room for ordinary papers…
      const ok = await small.run({ kind: 'inspect', path: file('d.pdf', await samplePaper({ pages: 3 })), limits }, { timeoutMs: 60_000 });
      expect(ok.pageCount).toBe(3);
      // …but not for 90,000 pages.
      const error = await small.run({ kind: 'inspect', path: file('huge.pdf', emptyPages(90_000)), limits }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'too-complex', message: 'the work needed more memory than allowed' });
    } finally {
      await small.onApplicationShutdown();
    }
  });

  it('refuses a refused file with its reason', async () => {
    const error = await workers.run({ kind: 'inspect', path: file('c.pdf', Buffer.from('%PDF-1.7\ngarbage')), limits }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'damaged' });
  });
});
