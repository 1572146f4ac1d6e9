import { fontBytes } from '@ecabinet/api/pdf';
import { pdfText, qpdfCheck, samplePaper } from '../../testing';
import { buildPaperIndex } from './paper-index';
import { PdfFile } from './pdf-file';
import { PdfDict } from './pdf-syntax';
import { buildWatermarkUpdate } from './watermark';

const limits = { maxPages: 5000, maxObjects: 500_000 };
const NAME = 'Nguyễn Thị Thu Hường';

async function watermark(original: Buffer): Promise<Buffer> {
  const index = buildPaperIndex(new PdfFile(original), limits);
  const tail = await buildWatermarkUpdate({ index, lines: [NAME, '22/11/2026 10:15 · K7Q2-9XMD'], seed: 'K7Q29XMD', fontBytes: fontBytes('NotoSans-Regular') });
  return Buffer.concat([original, tail]);
}

describe('a member’s copy as an incremental update', () => {
  it.each([
    ['a classic cross-reference table', false],
    ['cross-reference and object streams', true],
  ])('keeps the original bytes, passes qpdf --check and carries the reader’s name on every page (%s)', async (_, objectStreams) => {
    const original = await samplePaper({ pages: 3, objectStreams, title: 'To trinh' });
    const copy = await watermark(original);
    expect(copy.subarray(0, original.length).equals(original)).toBe(true);
    expect(qpdfCheck(copy)).toEqual({ status: 0, output: expect.stringContaining('No syntax or stream encoding errors') });
    for (let page = 1; page <= 3; page++) {
      const text = pdfText(copy, { first: page, last: page });
      expect(text).toContain(`${NAME} · 22/11/2026 10:15 · K7Q2-9XMD`);
      expect(text).toContain(`To trinh - page ${page}`);
    }
    // Read again through the new cross-reference: every page is the amended version.
    const reread = new PdfFile(copy);
    const index = buildPaperIndex(reread, limits);
    expect(index.pages).toHaveLength(3);
    for (const page of index.pages) expect(page.xobjects).toContain('/ECabMark0');
  });

  it('handles rotated pages and mixed sizes', async () => {
    const original = await samplePaper({ pages: 4, sizes: [[595.28, 841.89], [841.89, 595.28], [300, 500]], rotations: [0, 90, 180, 270] });
    const copy = await watermark(original);
    expect(qpdfCheck(copy).status).toBe(0);
    expect(pdfText(copy)).toContain(NAME);
  });

  it('writes work proportional to the pages: one new object per page and a few shared ones', async () => {
    const original = await samplePaper({ pages: 40 });
    const before = new PdfFile(original);
    const after = new PdfFile(await watermark(original));
    const added = [...after.entries.keys()].filter((num) => !before.entries.has(num));
    // font (5), form, opening q, one placement for the one page size
    expect(added.length).toBe(8);
    const firstPage = buildPaperIndex(before, limits).pages[0];
    expect(after.object(firstPage.num)).toBeInstanceOf(PdfDict);
  });

  it('ends with what the first page needs, beside the cross-reference: a reader fetching by ranges has it in the last bytes', async () => {
    const original = await samplePaper({ pages: 40 });
    const before = new PdfFile(original);
    const copy = await watermark(original);
    const after = new PdfFile(copy);
    const offset = (num: number) => {
      const entry = after.entries.get(num);
      if (entry?.type !== 1) throw new Error(`object ${num} is not at an offset`);
      return entry.offset;
    };
    const pages = buildPaperIndex(before, limits).pages.map((page) => offset(page.num));
    // Page objects from the last to the first, then the shared objects (form, font) after page 1.
    expect(pages).toEqual([...pages].sort((a, b) => b - a));
    const added = [...after.entries.keys()].filter((num) => !before.entries.has(num)).map(offset);
    expect(Math.min(...added)).toBeGreaterThan(pages[0]);
  });
});
