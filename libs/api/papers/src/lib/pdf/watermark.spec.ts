import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { fontBytes } from '@ecabinet/api/pdf';
import { pdfText, qpdfCheck, samplePaper } from '../../testing';
import { buildPaperIndex } from './paper-index';
import { PdfFile } from './pdf-file';
import { PdfDict } from './pdf-syntax';
import { buildWatermarkUpdate, watermarkUpdate } from './watermark';

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
    // font (5), form, opening q, one placement for the one page size; a new page tree of two leaves and a root
    expect(added.length).toBe(11);
    const firstPage = buildPaperIndex(before, limits).pages[0];
    expect(after.object(firstPage.num)).toBeInstanceOf(PdfDict);
  });

  it('gives a long paper a balanced page tree and ends with what opening it and its first page need', async () => {
    const original = await samplePaper({ pages: 100 });
    const before = new PdfFile(original);
    const beforeIndex = buildPaperIndex(before, limits);
    const update = await watermarkUpdate({ index: beforeIndex, lines: [NAME, '22/11/2026 10:15 · K7Q2-9XMD'], seed: 'K7Q29XMD', fontBytes: fontBytes('NotoSans-Regular') });
    const copy = Buffer.concat([original, update.bytes]);
    expect(qpdfCheck(copy).status).toBe(0);
    const after = new PdfFile(copy);
    const offset = (num: number) => {
      const entry = after.entries.get(num);
      if (entry?.type !== 1) throw new Error(`object ${num} is not at an offset`);
      return entry.offset;
    };
    // The same pages in the same order, under a new root of at most 32 kids, each node counting its pages.
    const afterIndex = buildPaperIndex(after, limits);
    expect(afterIndex.pages.map((page) => page.num)).toEqual(beforeIndex.pages.map((page) => page.num));
    const catalog = after.object(after.trailer.root.num) as PdfDict;
    const root = after.resolve(catalog.get('Pages')) as PdfDict;
    expect(root.get('Count')).toBe(100);
    expect((root.get('Kids') as unknown[]).length).toBe(4);
    expect(after.resolve(catalog.get('Pages'))).not.toBe(before.resolve((before.object(before.trailer.root.num) as PdfDict).get('Pages')));
    // Page 1, the last leaf's pages, the nodes and the catalog lie past readFirstFrom; the other pages before it.
    const from = original.length + update.readFirstFrom;
    const pages = beforeIndex.pages.map((page) => offset(page.num));
    expect(pages[0]).toBeGreaterThan(from);
    expect(pages.slice(96).every((at) => at >= from)).toBe(true);
    expect(pages.slice(1, 96).every((at) => at < from)).toBe(true);
    expect(offset(after.trailer.root.num)).toBeGreaterThan(from);
    expect(pdfText(copy, { first: 100, last: 100 })).toContain('page 100');
  });

  it('keeps what pages inherited from the original tree when they move to the new one', async () => {
    const document = await PDFDocument.load(await samplePaper({ pages: 40 }));
    document.catalog.Pages().set(PDFName.of('Rotate'), PDFNumber.of(90));
    for (const page of document.getPages()) page.node.delete(PDFName.of('Rotate'));
    const original = Buffer.from(await document.save({ useObjectStreams: false }));
    const index = buildPaperIndex(new PdfFile(original), limits);
    expect(index.pages.every((page) => page.rotate === 90)).toBe(true);
    const after = buildPaperIndex(new PdfFile(await watermark(original)), limits);
    expect(after.pages.map((page) => page.rotate)).toEqual(index.pages.map(() => 90));
  });
});
