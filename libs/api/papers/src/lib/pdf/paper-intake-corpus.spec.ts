import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { realWorldCorpus, viewersOpen, type CorpusFile, type CorpusOutcome } from '../../testing';
import { PaperRefusedError, takeInPaper } from './paper-inspector';
import { rebuildCrossReference } from './xref-rebuild';

const limits = { maxPages: 5000, maxObjects: 500_000 };

describe('takeInPaper over a corpus of real-world breakage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-corpus-'));
  let corpus: CorpusFile[];
  const outcomes = new Map<string, { outcome: CorpusOutcome; pages?: number; output?: Buffer }>();

  beforeAll(async () => {
    corpus = await realWorldCorpus();
    for (const [i, file] of corpus.entries()) {
      const input = join(dir, `upload-${i}.part`);
      const output = join(dir, `upload-${i}.repaired.part`);
      writeFileSync(input, file.bytes);
      try {
        const taken = await takeInPaper(input, output, limits);
        const outcome = !taken.rewritten ? 'accepted' : taken.rewritten.decrypted ? 'decrypted' : 'repaired';
        outcomes.set(file.name, { outcome, pages: taken.pageCount, output: taken.rewritten ? readFileSync(output) : undefined });
      } catch (error) {
        if (!(error instanceof PaperRefusedError)) throw error;
        outcomes.set(file.name, { outcome: error.reason as CorpusOutcome });
      }
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('repairs damaged files, decrypts owner-password ones, and refuses the rest for the right reason', () => {
    const actual = corpus.map((file) => ({ name: file.name, outcome: outcomes.get(file.name)?.outcome, pages: outcomes.get(file.name)?.pages }));
    const expected = corpus.map((file) => ({ name: file.name, outcome: file.expected, pages: file.pages }));
    expect(actual).toEqual(expected);
  });

  it('writes a rewritten file that pdf-lib reads with the same pages, unencrypted, and leaves no temporary file of its own', async () => {
    for (const file of corpus.filter((f) => f.expected === 'repaired' || f.expected === 'decrypted')) {
      const output = outcomes.get(file.name)?.output as Buffer;
      expect({ name: file.name, header: output.subarray(0, 5).toString('latin1') }).toEqual({ name: file.name, header: '%PDF-' });
      const document = await PDFDocument.load(output, { updateMetadata: false });
      expect({ name: file.name, pages: document.getPageCount(), encrypted: document.isEncrypted }).toEqual({ name: file.name, pages: file.pages, encrypted: false });
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.rebuilt'))).toEqual([]);
  });

  it('accepts every file that qpdf or poppler opens, except a decompression bomb (the hidden corpus\u2019 rule)', () => {
    const checked = corpus.filter((file) => file.expected !== 'oversized-stream' && !file.refusedOnPurpose).map((file) => ({ file, opens: viewersOpen(file.bytes) }));
    if (checked.every(({ opens }) => opens === null)) {
      // Without qpdf or poppler on the machine the expectations above still hold; say so loudly.
      console.warn('neither qpdf nor pdftoppm is installed: the viewers\u2019 oracle was not consulted');
      return;
    }
    const refusedYetOpened = checked
      .filter(({ opens }) => opens)
      .map(({ file }) => ({ name: file.name, outcome: outcomes.get(file.name)?.outcome }))
      .filter(({ outcome }) => outcome !== 'accepted' && outcome !== 'repaired' && outcome !== 'decrypted');
    expect(refusedYetOpened).toEqual([]);
  });

  it('rebuilds no cross-reference for a file without objects and a catalog', () => {
    expect(rebuildCrossReference(Buffer.from('%PDF-1.7\n1 0 obj\n<</Type/Pages/Count 0/Kids[]>>\nendobj\n'))).toBeNull();
    expect(rebuildCrossReference(Buffer.from('<html>not a pdf</html>'))).toBeNull();
    expect(existsSync(dir)).toBe(true);
  });
});
