import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@ecabinet/api/platform';
import { breakXref, emptyPages, encryptWithQpdf, flateBomb, samplePaper } from '../testing';
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
    const result = await workers.run({ kind: 'inspect', path: file('a.pdf', await samplePaper({ pages: 2 })), outputPath: join(dir, 'a.out'), limits }, { timeoutMs: 60_000 });
    expect(result.pageCount).toBe(2);
  });

  it('stops a job that runs out of time, and the next job gets a fresh worker', async () => {
    const slow = file('slow.pdf', emptyPages(20_000));
    const error = await workers.run({ kind: 'inspect', path: slow, outputPath: join(dir, 'slow.out'), limits }, { timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaperRefusedError);
    expect(error).toMatchObject({ reason: 'too-complex', message: expect.stringContaining('longer than 20 ms') });
    const next = await workers.run({ kind: 'inspect', path: file('b.pdf', await samplePaper({ pages: 1 })), outputPath: join(dir, 'b.out'), limits }, { timeoutMs: 60_000 });
    expect(next.pageCount).toBe(1);
  });

  it('stops a job that needs more memory than allowed, without harm to the process', async () => {
    const small = new PdfWorkers({ papers: { workerMemoryMb: 96 } } as AppConfig);
    try {
      // The bound leaves room for ordinary papers…
      const ok = await small.run({ kind: 'inspect', path: file('d.pdf', await samplePaper({ pages: 3 })), outputPath: join(dir, 'd.out'), limits }, { timeoutMs: 60_000 });
      expect(ok.pageCount).toBe(3);
      // …but not for 90,000 pages.
      const error = await small.run({ kind: 'inspect', path: file('huge.pdf', emptyPages(90_000)), outputPath: join(dir, 'huge.out'), limits }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'too-complex', message: 'the work needed more memory than allowed' });
    } finally {
      await small.onApplicationShutdown();
    }
  });

  it('repairs a damaged file and decrypts an owner-password one in the worker (qpdf in WebAssembly, from the TypeScript sources too)', async () => {
    const broken = await workers.run({ kind: 'inspect', path: file('broken.pdf', breakXref(await samplePaper({ pages: 2 }))), outputPath: join(dir, 'broken.out'), limits }, { timeoutMs: 60_000 });
    expect(broken).toMatchObject({ pageCount: 2, rewritten: { repaired: true, decrypted: false } });
    const owner = await encryptWithQpdf(await samplePaper({ pages: 3 }), '', 'owner', '256');
    const decrypted = await workers.run({ kind: 'inspect', path: file('owner.pdf', owner), outputPath: join(dir, 'owner.out'), limits }, { timeoutMs: 60_000 });
    expect(decrypted).toMatchObject({ pageCount: 3, rewritten: { repaired: false, decrypted: true } });
    const user = await encryptWithQpdf(await samplePaper({ pages: 1 }), 'user', 'owner', '256');
    const error = await workers.run({ kind: 'inspect', path: file('user.pdf', user), outputPath: join(dir, 'user.out'), limits }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'encrypted', message: 'the file needs a password to open' });
  });

  it('refuses a decompression bomb within the worker\u2019s memory bound, counting as it inflates', async () => {
    const small = new PdfWorkers({ papers: { workerMemoryMb: 96 } } as AppConfig);
    try {
      const bomb = file('bomb.pdf', await flateBomb(512));
      const inflation = { maxStreamBytes: 256 * 1024 * 1024, maxTotalBytes: 2048 * 1024 * 1024 };
      const error = await small.run({ kind: 'inspect', path: bomb, outputPath: join(dir, 'bomb.out'), limits: { ...limits, inflation } }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'oversized-stream', message: expect.stringContaining('inflates to more than 268435456 bytes') });
      // Within a larger bound the same file is a paper (of one page).
      const roomy = { maxStreamBytes: 1024 * 1024 * 1024, maxTotalBytes: 2048 * 1024 * 1024 };
      const accepted = await small.run({ kind: 'inspect', path: bomb, outputPath: join(dir, 'bomb.out'), limits: { ...limits, inflation: roomy } }, { timeoutMs: 60_000 });
      expect(accepted.pageCount).toBe(1);
    } finally {
      await small.onApplicationShutdown();
    }
  });

  it('refuses a refused file with its reason', async () => {
    const error = await workers.run({ kind: 'inspect', path: file('c.pdf', Buffer.from('%PDF-1.7\ngarbage')), outputPath: join(dir, 'c.out'), limits }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'damaged' });
  });
});
