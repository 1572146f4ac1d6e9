import { fontBytes } from '@ecabinet/api/pdf';
import { pdfOutline, pdfText, pdfWordBoxes, qpdfCheck, samplePaper } from '../../testing';
import { compileMeetingBook, type BookItem } from './meeting-book';
import { buildPaperIndex } from './paper-index';
import { PdfFile } from './pdf-file';
import { type PdfDict, type PdfRef } from './pdf-syntax';
import { buildWatermarkUpdate } from './watermark';

const limits = { maxPages: 5000, maxObjects: 500_000 };

async function paper(title: string, pages: number, objectStreams: boolean) {
  const bytes = await samplePaper({ pages, title, objectStreams });
  return { title, index: buildPaperIndex(new PdfFile(bytes), limits), read: () => bytes };
}

async function book(items: BookItem[]) {
  const chunks: Buffer[] = [];
  const result = await compileMeetingBook({
    items,
    fontBytes: fontBytes('NotoSans-Regular'),
    sink: (chunk) => chunks.push(chunk),
    seed: 'test',
    text: {
      heading: 'TÀI LIỆU PHIÊN HỌP',
      title: 'Phiên họp Chính phủ thường kỳ tháng 12',
      details: ['Phiên họp thường kỳ'],
      participantsHeading: 'Thành phần',
      participants: ['Phạm Văn Bình — Chủ tọa'],
      contentsHeading: 'MỤC LỤC',
      pageLabel: 'Trang {x}/{n}',
      contentsBookmark: 'Mục lục',
      footer: 'Phiên họp Chính phủ thường kỳ tháng 12',
    },
  });
  return { bytes: Buffer.concat(chunks), result };
}

describe('the meeting book', () => {
  it('has a cover, a linked table of contents, every paper with its header band and footer, and an outline', async () => {
    const items: BookItem[] = [
      { number: '1', title: 'Dự thảo Luật Đất đai (sửa đổi)', papers: [await paper('To trinh 1', 3, false), await paper('Bao cao 1', 2, true)] },
      { number: '2', title: 'Nội dung không có tài liệu', papers: [] },
      { number: '3', title: 'Kế hoạch đầu tư công', papers: [await paper('To trinh 3', 4, true)] },
    ];
    const { bytes, result } = await book(items);
    expect(qpdfCheck(bytes).status).toBe(0);
    expect(result.pageCount).toBe(2 + 3 + 2 + 4);
    expect(result.length).toBe(bytes.length);

    const contents = pdfText(bytes, { first: 2, last: 2 }, true);
    expect(contents).toContain('MỤC LỤC');
    expect(contents).toMatch(/1\. Dự thảo Luật Đất đai \(sửa đổi\)\s+3/);
    expect(contents).toMatch(/Bao cao 1\s+6/);
    expect(contents).toMatch(/3\. Kế hoạch đầu tư công\s+8/);
    const page6 = pdfText(bytes, { first: 6, last: 6 });
    expect(page6).toContain('1 · Dự thảo Luật Đất đai (sửa đổi) — Bao cao 1');
    expect(page6).toContain('Bao cao 1 - page 1');
    expect(page6).toContain('Trang 6/11');

    // The links of the table of contents point at the first page of each paper.
    const file = new PdfFile(bytes);
    const pages = buildPaperIndex(file, limits).pages;
    const toc = file.object(pages[1].num) as PdfDict;
    const targets = (toc.get('Annots') as PdfRef[]).map((ref) => {
      const dest = (file.object(ref.num) as PdfDict).get('Dest') as [PdfRef];
      return pages.findIndex((page) => page.num === dest[0].num) + 1;
    });
    expect(targets).toEqual([3, 3, 6, 8, 8]);

    // The outline: table of contents, then items with their papers.
    expect(pdfOutline(bytes)).toEqual([
      { title: 'Mục lục', page: 2, kids: [] },
      {
        title: '1. Dự thảo Luật Đất đai (sửa đổi)',
        page: 3,
        kids: [
          { title: 'To trinh 1', page: 3, kids: [] },
          { title: 'Bao cao 1', page: 6, kids: [] },
        ],
      },
      { title: '2. Nội dung không có tài liệu', page: 2, kids: [] },
      { title: '3. Kế hoạch đầu tư công', page: 8, kids: [{ title: 'To trinh 3', page: 8, kids: [] }] },
    ]);
  });

  it('gives an index a member’s copy can be made from', async () => {
    const { bytes, result } = await book([{ number: '1', title: 'Một', papers: [await paper('A', 2, true)] }]);
    const tail = await buildWatermarkUpdate({ index: result.index, lines: ['Trần Văn Nam', '01/12/2026 08:00 · ABCD-EFGH'], seed: 'x', fontBytes: fontBytes('NotoSans-Regular') });
    const copy = Buffer.concat([bytes, tail]);
    expect(qpdfCheck(copy).status).toBe(0);
    expect(pdfText(copy, { first: 3, last: 3 })).toContain('Trần Văn Nam');
  });

  it("keeps the footer clear of a member's copy's trace line along the bottom edge, on every page", async () => {
    const { bytes, result } = await book([{ number: '1', title: 'Một', papers: [await paper('A', 2, true)] }]);
    const tail = await buildWatermarkUpdate({ index: result.index, lines: ['Trần Văn Nam', '01/12/2026 08:00 · ABCD-EFGH'], seed: 'x', fontBytes: fontBytes('NotoSans-Regular') });
    const pages = pdfWordBoxes(Buffer.concat([bytes, tail]));
    expect(pages).toHaveLength(result.pageCount);
    for (const [index, words] of pages.entries()) {
      // The trace line repeats the watermark's words small at the bottom: its code is ABCD-EFGH.
      const traceLine = words.filter((word) => word.text.includes('ABCD-EFGH'));
      const footer = words.filter((word) => /^Trang$|^\d+\/\d+$|^Phiên$/.test(word.text) && word.yMax > word.pageHeight - 40);
      expect({ page: index + 1, trace: traceLine.length > 0, footer: footer.length > 0 }).toEqual({ page: index + 1, trace: true, footer: true });
      const traceTop = Math.min(...traceLine.map((word) => word.yMin));
      const footerBottom = Math.max(...footer.map((word) => word.yMax));
      // pdftotext's y grows downwards: the footer must end above where the trace line starts.
      expect({ page: index + 1, clear: footerBottom <= traceTop }).toEqual({ page: index + 1, clear: true });
    }
  });
});
