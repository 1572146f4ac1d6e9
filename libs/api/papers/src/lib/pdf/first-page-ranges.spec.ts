import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fontBytes } from '@ecabinet/api/pdf';
import type { AppConfig } from '@ecabinet/api/platform';
import { samplePaper, textPaper } from '../../testing';
import { PdfWorkers } from '../pdf-workers';
import { buildPaperIndex, MAX_RANGES, mergeRanges } from './paper-index';
import { PdfFile } from './pdf-file';
import { copyFirstPageRanges, watermarkUpdate } from './watermark';

const limits = { maxPages: 5000, maxObjects: 500_000 };
const NAME = 'Nguyễn Thị Thu Hường';
/** What pdf.js reads of every file before anything else: its header and its last bytes (startxref). */
const ENDS = 1024;

/**
 * A reader fetching a member's copy by ranges is told which bytes its first page needs (the
 * `x-copy-read-first` header). The proof: a copy of which only those bytes and the two ends are
 * kept, every other byte blanked, still gives pdf.js the first page whole (its own text and the
 * watermark), while a later page, whose bytes were blanked, gives nothing.
 */
describe('the bytes a copy’s first page needs', () => {
  let dir: string;
  let workers: PdfWorkers;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'first-page-'));
    workers = new PdfWorkers({ papers: { workerMemoryMb: 512 } } as AppConfig);
  });
  afterAll(async () => {
    await workers.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['a classic cross-reference table and a standard font', () => samplePaper({ pages: 300, title: 'To trinh', objectStreams: false }), 'To trinh - page 1', 'To trinh - page 50'],
    [
      'object streams and an embedded subset font',
      () => textPaper(Array.from({ length: 300 }, (_, index) => `Tờ trình giải ngân, trang ${index + 1}\n${'Nội dung chi tiết của báo cáo. '.repeat(40)}`)),
      'Tờ trình giải ngân, trang 1',
      'Tờ trình giải ngân, trang 50',
    ],
  ])('%s', async (_, make, firstText, laterText) => {
    const original = await make();
    const index = buildPaperIndex(new PdfFile(original), limits);
    const update = await watermarkUpdate({ index, lines: [NAME, '22/11/2026 10:15 · K7Q2-9XMD'], seed: 'K7Q29XMD', fontBytes: fontBytes('NotoSans-Regular') });
    const copy = Buffer.concat([original, update.bytes]);
    const ranges = copyFirstPageRanges(index, update);
    // The update's end, not all of it: the page objects pdf.js does not read on opening are left out.
    const [lastStart, lastEnd] = ranges[ranges.length - 1];
    expect(lastStart).toBeGreaterThan(original.length + update.bytes.length / 4);
    expect(lastEnd).toBe(copy.length - 1);

    const masked = Buffer.alloc(copy.length, 0x20);
    for (const [start, end] of mergeRanges([...ranges, [0, ENDS - 1], [copy.length - ENDS, copy.length - 1]])) copy.copy(masked, start, start, end + 1);
    // Of the original, a small share: not the whole file by another name.
    const fromOriginal = (index.firstPage ?? []).reduce((sum, [start, end]) => sum + end - start + 1, 0);
    expect(fromOriginal).toBeGreaterThan(0);
    expect(fromOriginal).toBeLessThan(original.length / 5);

    const path = join(dir, 'masked.pdf');
    writeFileSync(path, masked);
    const [first] = (await workers.run({ kind: 'text', path, pages: 1 }, { timeoutMs: 60_000 })).pages;
    expect(first).toContain(firstText);
    expect(first).toContain(NAME);

    // What was blanked was needed by other pages: the whole copy has them, the masked one not.
    writeFileSync(path, copy);
    expect((await workers.run({ kind: 'text', path }, { timeoutMs: 60_000 })).pages[49]).toContain(laterText);
  });

  it('names at most MAX_RANGES ranges (they travel in a header), still covering every byte asked for', () => {
    // 200 ranges of 10 bytes, 10 KB apart, and a few much closer together.
    const ranges: [number, number][] = Array.from({ length: 200 }, (_, i) => [i * 10_000, i * 10_000 + 9]);
    ranges.push([5_000, 5_009], [15_000, 15_009]);
    const merged = mergeRanges(ranges);
    expect(merged.length).toBeLessThanOrEqual(MAX_RANGES);
    expect(merged.every(([start, end], i) => start <= end && (i === 0 || start > merged[i - 1][1]))).toBe(true);
    for (const [start, end] of ranges) expect(merged.some(([from, to]) => from <= start && to >= end)).toBe(true);
    // Few ranges are left as they are (those within 4 KB joined).
    expect(mergeRanges([[10_000, 10_009], [0, 9], [12_000, 12_009]])).toEqual([[0, 9], [10_000, 12_009]]);
  });
});
