import { displayFrame, extendBox, matrixSource } from './geometry';
import type { IndexedPage, PaperIndex } from './paper-index';
import { PdfFile } from './pdf-file';
import { type PdfDict, PdfParser, PdfRef, rewriteRefs, serializeEntries, serializeName, serializeNumber, textString, type PdfValue } from './pdf-syntax';
import { fileId, PdfWriter, type ByteSink } from './pdf-writer';
import { SubsetFont } from './subset-font';

/** One paper of an agenda item, as the book places it. */
export interface BookPaper {
  title: string;
  index: PaperIndex;
  /** Reads the stored file; called once, when the paper's turn comes (one paper in memory at a time). */
  read: () => Buffer;
}

export interface BookItem {
  /** "1", "1.2"… */
  number: string;
  title: string;
  papers: BookPaper[];
}

/** Every word the book prints, prepared by the caller (the book itself has no language). */
export interface BookText {
  heading: string;
  title: string;
  /** Lines under the title: kind, date and time, place. */
  details: string[];
  participantsHeading: string;
  participants: string[];
  contentsHeading: string;
  /** "{x}" and "{n}" are replaced: e.g. "Trang {x}/{n}". */
  pageLabel: string;
  /** Written in the outline for the table of contents. */
  contentsBookmark: string;
  /** Printed in the footer of every page, left. */
  footer: string;
}

export interface BookRequest {
  text: BookText;
  items: BookItem[];
  fontBytes: Uint8Array;
  sink: ByteSink;
  /** Makes the file identifier unique to this book. */
  seed: string;
  onProgress?: (done: number, total: number) => void;
}

export interface BookResult {
  index: PaperIndex;
  pageCount: number;
  length: number;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const BAND = 22;
/**
 * The strip added below each paper page: the footer sits on its upper part (baseline
 * FOOTER_BASELINE), leaving the bottom edge to the trace line a member's copy adds there
 * (6.5 pt at y = 4, see watermark.ts), so the two never run into each other.
 */
const FOOT = 30;
const FOOTER_BASELINE = 17;
const TOC_LINES_PER_PAGE = 38;
const TOC_LINE = 17;
const MAX_PARTICIPANTS_ON_COVER = 32;

interface TocLine {
  text: string;
  indent: number;
  /** Book page (1-based) the line points at, or null for an item without papers. */
  page: number | null;
}

/** Allocates object numbers in writing order. */
class Numbers {
  private next = 1;
  take(count = 1): number {
    const first = this.next;
    this.next += count;
    return first;
  }
  get peek(): number {
    return this.next;
  }
}

/**
 * The meeting book: one PDF with a cover, the agenda as a table of contents (page numbers and
 * links), then each item's papers with a header band and a "page x of N" footer, and an outline
 * per item and paper. Papers are spliced in by copying their objects' bytes with references
 * renumbered, guided by each paper's index, so nothing is decoded or re-encoded: the cost is
 * close to copying the files. Pages grow a band above and a strip below their content instead
 * of covering any of it.
 */
export async function compileMeetingBook(request: BookRequest): Promise<BookResult> {
  const { text, items, fontBytes, sink } = request;
  const font = SubsetFont.create(fontBytes, 'ECABBK');
  const papers = items.flatMap((item) => item.papers.map((paper) => ({ item, paper })));
  const paperPages = papers.reduce((sum, { paper }) => sum + paper.index.pages.length, 0);

  // --- plan: the table of contents decides where every paper starts --------------------------
  const tocEntries: { text: string; indent: number; paperIndex: number | null }[] = [];
  let paperCursor = 0;
  for (const item of items) {
    tocEntries.push({ text: `${item.number}. ${item.title}`, indent: 0, paperIndex: item.papers.length ? paperCursor : null });
    for (const paper of item.papers) tocEntries.push({ text: paper.title, indent: 18, paperIndex: paperCursor++ });
  }
  const tocPages = Math.max(1, Math.ceil(tocEntries.length / TOC_LINES_PER_PAGE));
  const frontPages = 1 + tocPages;
  const totalPages = frontPages + paperPages;
  const paperStart: number[] = [];
  let pageCursor = frontPages + 1;
  for (const { paper } of papers) {
    paperStart.push(pageCursor);
    pageCursor += paper.index.pages.length;
  }
  const toc: TocLine[] = tocEntries.map((entry) => ({ text: entry.text, indent: entry.indent, page: entry.paperIndex === null ? null : paperStart[entry.paperIndex] }));

  // --- number every object before writing any ---------------------------------------------------
  const numbers = new Numbers();
  const catalogNum = numbers.take();
  const pagesNum = numbers.take();
  const infoNum = numbers.take();
  const openNum = numbers.take();
  const outlineRoot = numbers.take();
  const outlineCount = 1 + items.length + papers.length;
  const outlineFirst = numbers.take(outlineCount);
  const coverPage = numbers.take(2);
  const tocPageNums = Array.from({ length: tocPages }, (_, i) => ({
    page: numbers.take(2),
    lines: toc.slice(i * TOC_LINES_PER_PAGE, (i + 1) * TOC_LINES_PER_PAGE),
    links: 0,
  }));
  for (const tocPage of tocPageNums) {
    tocPage.links = numbers.take(tocPage.lines.filter((line) => line.page !== null).length);
  }
  const paperPlans = papers.map(({ paper }) => {
    const map = new Int32Array(paper.index.nextObject + 1);
    const base = numbers.peek;
    let count = 0;
    for (const num of paper.index.closure) map[num] = base + count++;
    for (const page of paper.index.pages) map[page.num] = base + count++;
    numbers.take(count);
    const bands = numbers.take(paper.index.pages.length);
    return { map, bands };
  });
  const fontNum = numbers.peek;

  const pageRefs: number[] = [coverPage, ...tocPageNums.map((p) => p.page)];
  papers.forEach(({ paper }, i) => paper.index.pages.forEach((page) => pageRefs.push(paperPlans[i].map[page.num])));
  const pageRef = (bookPage: number) => `${pageRefs[bookPage - 1]} 0 R`;

  const writer = new PdfWriter(sink);
  writer.raw('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const bookPages: IndexedPage[] = [];
  const footer = (x: number, width: number, fontName = 'ECabFont0') => {
    const label = text.pageLabel.replace('{x}', String(x)).replace('{n}', String(totalPages));
    const labelWidth = font.width(label, 8);
    const left = font.truncateToWidth(text.footer, 8, width - 2 * 28 - labelWidth - 24);
    return `0.35 g BT /${fontName} 8 Tf 28 ${FOOTER_BASELINE} Td ${font.encode(left)} Tj ET BT /${fontName} 8 Tf ${serializeNumber(width - 28 - labelWidth)} ${FOOTER_BASELINE} Td ${font.encode(label)} Tj ET`;
  };
  const fontResources = `/Font <</ECabFont0 ${fontNum} 0 R>>`;

  // --- the catalog, the page tree, the information dictionary ----------------------------------
  writer.object(catalogNum, `<</Type/Catalog/Pages ${pagesNum} 0 R/Outlines ${outlineRoot} 0 R/PageMode/UseOutlines/Lang (vi-VN)>>`);
  writer.object(pagesNum, `<</Type/Pages/Count ${totalPages}/Kids [${pageRefs.map((n) => `${n} 0 R`).join(' ')}]>>`);
  writer.object(infoNum, `<</Title ${textString(text.title)}/Producer (e-Cabinet)/Creator (e-Cabinet)>>`);
  writer.stream(openNum, '', 'q\n');

  // --- the outline: table of contents, then each item with its papers ---------------------------
  {
    const top: { num: number; title: string; dest: string; children: { num: number; title: string; dest: string }[] }[] = [];
    let next = outlineFirst;
    top.push({ num: next++, title: text.contentsBookmark, dest: pageRef(2), children: [] });
    let paperIndex = 0;
    for (const item of items) {
      const entry = { num: next++, title: `${item.number}. ${item.title}`, dest: pageRef(item.papers.length ? paperStart[paperIndex] : 2), children: [] as { num: number; title: string; dest: string }[] };
      for (const paper of item.papers) entry.children.push({ num: next++, title: paper.title, dest: pageRef(paperStart[paperIndex++]) });
      top.push(entry);
    }
    const siblings = (list: { num: number }[], i: number) => `${i > 0 ? `/Prev ${list[i - 1].num} 0 R` : ''}${i < list.length - 1 ? `/Next ${list[i + 1].num} 0 R` : ''}`;
    writer.object(outlineRoot, `<</Type/Outlines/First ${top[0].num} 0 R/Last ${top[top.length - 1].num} 0 R/Count ${outlineCount}>>`);
    top.forEach((entry, i) => {
      const kids = entry.children.length ? `/First ${entry.children[0].num} 0 R/Last ${entry.children[entry.children.length - 1].num} 0 R/Count ${entry.children.length}` : '';
      writer.object(entry.num, `<</Title ${textString(entry.title)}/Parent ${outlineRoot} 0 R${siblings(top, i)}${kids}/Dest [${entry.dest} /Fit]>>`);
      entry.children.forEach((child, j) => {
        writer.object(child.num, `<</Title ${textString(child.title)}/Parent ${entry.num} 0 R${siblings(entry.children, j)}/Dest [${child.dest} /Fit]>>`);
      });
    });
  }

  // --- the cover -----------------------------------------------------------------------------
  {
    const [width, height] = A4;
    const lines: string[] = [];
    let y = height - 120;
    const line = (content: string, size: number, gray = 0.1, x = MARGIN) => {
      lines.push(`${gray} g BT /ECabFont0 ${size} Tf ${serializeNumber(x)} ${serializeNumber(y)} Td ${font.encode(content)} Tj ET`);
    };
    const centered = (content: string, size: number, gray = 0.1) => line(content, size, gray, (width - font.width(content, size)) / 2);
    centered(font.truncateToWidth(text.heading, 13, width - 2 * MARGIN), 13, 0.35);
    y -= 44;
    for (const titleLine of font.wrap(text.title, 22, width - 2 * MARGIN).slice(0, 4)) {
      centered(titleLine, 22);
      y -= 30;
    }
    y -= 6;
    for (const detail of text.details) {
      centered(font.truncateToWidth(detail, 12, width - 2 * MARGIN), 12, 0.25);
      y -= 18;
    }
    y -= 26;
    lines.push(`0.6 g ${MARGIN} ${serializeNumber(y + 14)} ${serializeNumber(width - 2 * MARGIN)} 0.6 re f`);
    line(text.participantsHeading, 12, 0.2);
    y -= 20;
    const shown = text.participants.slice(0, MAX_PARTICIPANTS_ON_COVER);
    for (const participant of shown) {
      if (y < MARGIN + 20) break;
      line(font.truncateToWidth(participant, 10, width - 2 * MARGIN - 12), 10, 0.2, MARGIN + 12);
      y -= 14.5;
    }
    if (text.participants.length > shown.length) line(`… (+${text.participants.length - shown.length})`, 10, 0.2, MARGIN + 12);
    const content = `${lines.join('\n')}\n${footer(1, width)}\n`;
    writer.object(coverPage, `<</Type/Page/Parent ${pagesNum} 0 R/MediaBox [0 0 ${A4.join(' ')}]/Contents ${coverPage + 1} 0 R/Resources <<${fontResources}>>>>`);
    writer.stream(coverPage + 1, '', content);
    bookPages.push(frontPage(coverPage, `${coverPage + 1} 0 R`));
  }

  // --- the table of contents -----------------------------------------------------------------
  tocPageNums.forEach((tocPage, i) => {
    const [width, height] = A4;
    const ops: string[] = [];
    const annots: string[] = [];
    let y = height - MARGIN - 20;
    const heading = i === 0 ? text.contentsHeading : `${text.contentsHeading} (${i + 1})`;
    ops.push(`0.1 g BT /ECabFont0 16 Tf ${serializeNumber((width - font.width(heading, 16)) / 2)} ${serializeNumber(y)} Td ${font.encode(heading)} Tj ET`);
    y -= 34;
    let link = tocPage.links;
    for (const entry of tocPage.lines) {
      const size = entry.indent ? 10 : 11;
      const number = entry.page === null ? '' : String(entry.page);
      const numberWidth = font.width(number, size);
      const x = MARGIN + entry.indent;
      const label = font.truncateToWidth(entry.text, size, width - 2 * MARGIN - entry.indent - numberWidth - 16);
      ops.push(`${entry.indent ? 0.25 : 0.1} g BT /ECabFont0 ${size} Tf ${serializeNumber(x)} ${serializeNumber(y)} Td ${font.encode(label)} Tj ET`);
      if (entry.page !== null) {
        ops.push(`BT /ECabFont0 ${size} Tf ${serializeNumber(width - MARGIN - numberWidth)} ${serializeNumber(y)} Td ${font.encode(number)} Tj ET`);
        writer.object(link, `<</Type/Annot/Subtype/Link/Rect [${serializeNumber(x)} ${serializeNumber(y - 4)} ${serializeNumber(width - MARGIN)} ${serializeNumber(y + size)}]/Border [0 0 0]/Dest [${pageRef(entry.page)} /Fit]>>`);
        annots.push(`${link++} 0 R`);
      }
      y -= TOC_LINE;
    }
    const content = `${ops.join('\n')}\n${footer(2 + i, width)}\n`;
    writer.object(tocPage.page, `<</Type/Page/Parent ${pagesNum} 0 R/MediaBox [0 0 ${A4.join(' ')}]/Contents ${tocPage.page + 1} 0 R/Resources <<${fontResources}>>${annots.length ? `/Annots [${annots.join(' ')}]` : ''}>>`);
    writer.stream(tocPage.page + 1, '', content);
    bookPages.push(frontPage(tocPage.page, `${tocPage.page + 1} 0 R`, annots.length ? `/Annots [${annots.join(' ')}]` : ''));
  });

  // --- the papers ----------------------------------------------------------------------------
  let bookPage = frontPages;
  for (let p = 0; p < papers.length; p++) {
    const { item, paper } = papers[p];
    const { map, bands } = paperPlans[p];
    const file = new PdfFile(paper.read());
    const mapRef = (num: number) => (num < map.length && map[num] > 0 ? `${map[num]} 0 R` : null);
    const mapValue = (ref: PdfRef) => mapRef(ref.num);

    for (const num of paper.index.closure) {
      const entry = file.entries.get(num);
      if (entry?.type === 1) {
        const span = file.span(num);
        const body = rewriteRefs(file.bytes, span.bodyStart, span.bodyEnd, mapRef);
        if (span.stream) {
          writer.object(map[num], [body, Buffer.from('\nstream\n', 'latin1'), file.bytes.subarray(span.stream.start, span.stream.end), Buffer.from('\nendstream', 'latin1')]);
        } else writer.object(map[num], body);
      } else if (entry?.type === 2) {
        const source = file.compressedText(num);
        writer.object(map[num], rewriteRefs(source, 0, source.length, mapRef));
      } else writer.object(map[num], 'null');
    }

    const header = `${item.number} · ${item.title} — ${paper.title}`;
    paper.index.pages.forEach((page, i) => {
      bookPage++;
      const own = parseEntries(page.entries);
      for (const [key, value] of parseEntries(page.inherited).entries) if (!own.entries.has(key)) own.entries.set(key, value);
      for (const key of ['MediaBox', 'CropBox', 'TrimBox', 'BleedBox', 'ArtBox']) own.entries.delete(key);
      const box = extendBox(page.box, page.rotate, BAND, FOOT);
      const frame = displayFrame(box, page.rotate);
      const fonts = parseEntries(page.fonts);
      const bandFont = freeName(fonts, 'ECabBook');
      const band =
        `\nQ q ${matrixSource(frame.toUser)} cm 0.93 g 0 ${serializeNumber(frame.height - BAND)} ${serializeNumber(frame.width)} ${BAND} re f ` +
        `0.2 g BT /${bandFont} 9 Tf 14 ${serializeNumber(frame.height - 15)} Td ${font.encode(font.truncateToWidth(header, 9, frame.width - 28))} Tj ET\n` +
        footer(bookPage, frame.width, bandFont) +
        ' Q\n';
      writer.stream(bands + i, '', band);

      const contents = [`${openNum} 0 R`, ...page.contents.map((ref) => mapRef(Number(ref.split(' ')[0])) ?? 'null').filter((ref) => ref !== 'null'), `${bands + i} 0 R`];
      const boxSource = `[${box.map(serializeNumber).join(' ')}]`;
      const entries = `${serializeEntries(own.entries, mapValue)}/MediaBox ${boxSource}/CropBox ${boxSource}`;
      const resources = serializeEntries(parseEntries(page.resources).entries, mapValue);
      const xobjects = serializeEntries(parseEntries(page.xobjects).entries, mapValue);
      const fontEntries = `${serializeEntries(fonts.entries, mapValue)}${serializeName(bandFont)} ${fontNum} 0 R`;
      const pageNum = map[page.num];
      writer.object(pageNum, `<<${entries}/Parent ${pagesNum} 0 R/Contents [${contents.join(' ')}]/Resources <<${resources}/XObject <<${xobjects}>>/Font <<${fontEntries}>>>>>>`);
      fonts.entries.set(bandFont, new PdfRef(fontNum, 0));
      bookPages.push({
        num: pageNum,
        gen: 0,
        parent: `${pagesNum} 0 R`,
        box,
        rotate: page.rotate,
        entries,
        inherited: '',
        contents,
        resources,
        xobjects,
        fonts: fontEntries,
        markName: freeName(parseEntries(page.xobjects), 'ECabMark'),
        fontName: freeName(fonts, 'ECabFont'),
      });
    });
    request.onProgress?.(p + 1, papers.length);
  }

  // --- the font, the cross-reference, the trailer ------------------------------------------------
  const size = await font.write(writer, fontNum);
  const startxref = writer.offset;
  const id = fileId(request.seed);
  writer.finishWithTable({ size, root: `${catalogNum} 0 R`, info: `${infoNum} 0 R`, id: [id, id] }, true);
  return {
    pageCount: totalPages,
    length: writer.offset,
    index: {
      format: 1,
      fileLength: writer.offset,
      eol: true,
      startxref,
      xrefIsStream: false,
      nextObject: size,
      root: `${catalogNum} 0 R`,
      info: `${infoNum} 0 R`,
      id: [id, id],
      pages: bookPages,
      closure: [],
    },
  };

  function frontPage(num: number, contents: string, annots = ''): IndexedPage {
    return {
      num,
      gen: 0,
      parent: `${pagesNum} 0 R`,
      box: [0, 0, A4[0], A4[1]],
      rotate: 0,
      entries: `/Type/Page/MediaBox [0 0 ${A4.join(' ')}]${annots}`,
      inherited: '',
      contents: [contents],
      resources: '',
      xobjects: '',
      fonts: `/ECabFont0 ${fontNum} 0 R`,
      markName: 'ECabMark0',
      fontName: 'ECabFont1',
    };
  }
}

function parseEntries(source: string): PdfDict {
  const value: PdfValue = new PdfParser(Buffer.from(`<<${source}>>`, 'latin1')).parseValue();
  return value as PdfDict;
}

function freeName(dict: PdfDict, base: string): string {
  for (let i = 0; ; i++) if (!dict.entries.has(`${base}${i}`)) return `${base}${i}`;
}
