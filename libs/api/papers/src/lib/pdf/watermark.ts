import { displayFrame, matrixSource, multiply, rotate, scale, translate } from './geometry';
import { mergeRanges, type PaperIndex } from './paper-index';
import { fileId, PdfWriter } from './pdf-writer';
import { serializeNumber } from './pdf-syntax';
import { SubsetFont } from './subset-font';

export interface WatermarkRequest {
  index: PaperIndex;
  /** Two lines: the reader's full name, then the date-time and trace code. */
  lines: [string, string];
  /** Distinguishes this copy in the file identifier (the trace code). */
  seed: string;
  fontBytes: Uint8Array;
}

const NAME_SIZE = 40;
/** The same words, small and horizontal along the bottom edge: readable on a cropped scan, and by text extraction. */
const TRACE_SIZE = 6.5;
const DETAIL_SIZE = 20;
const OPACITY = 0.16;
/** The watermark spans this share of the page diagonal. */
const DIAGONAL_SHARE = 0.72;

/** A cross-reference section larger than this is not worth asking for ahead (only its start is). */
const READ_FIRST_MAX_BYTES = 1 << 20;

/**
 * What a reader fetching a copy (the original followed by an update of `updateLength` bytes) by
 * ranges needs to draw its first page, as ranges of the copy (first and last byte), ascending:
 * what the index says of the original (for a paper indexed before that was recorded, the start of
 * its newest cross-reference), and the whole update. pdf.js reads every page object a top-level
 * page tree node lists when it opens a file (it checks the last page), and the update has a new
 * version of each.
 */
export function copyFirstPageRanges(index: PaperIndex, updateLength: number): [number, number][] {
  const original = index.firstPage ?? [[index.startxref, Math.min(index.fileLength, index.startxref + READ_FIRST_MAX_BYTES) - 1]];
  return mergeRanges([...original, [index.fileLength, index.fileLength + updateLength - 1]]);
}

/**
 * A member's copy as a PDF incremental update (ISO 32000-1 §7.5.6): the original bytes stay as
 * they are; the returned bytes, appended to them, add a watermark form, new versions of the page
 * objects that draw it, and a cross-reference section whose /Prev points at the original's.
 * Nothing of the original is parsed here: the paper's index carries all it needs, so the work
 * is proportional to the number of pages.
 */
export async function buildWatermarkUpdate({ index, lines, seed, fontBytes }: WatermarkRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const writer = new PdfWriter((chunk) => chunks.push(chunk), index.fileLength);
  if (!index.eol) writer.raw('\n');

  const font = SubsetFont.create(fontBytes, 'ECABWM');
  const name = font.truncateToWidth(lines[0], NAME_SIZE, 1400);
  const detail = font.truncateToWidth(lines[1], DETAIL_SIZE, 1400);
  const trace = `${name} · ${detail}`;
  const traceWidth = font.width(trace, TRACE_SIZE);
  const traceHex = font.encode(trace);
  const nameWidth = font.width(name, NAME_SIZE);
  const detailWidth = font.width(detail, DETAIL_SIZE);
  const width = Math.max(nameWidth, detailWidth) + 8;
  const height = NAME_SIZE * 1.25 + DETAIL_SIZE * 1.5;
  const content =
    `/G0 gs 0.62 0.1 0.1 rg\n` +
    `BT /F0 ${NAME_SIZE} Tf ${serializeNumber((width - nameWidth) / 2)} ${serializeNumber(DETAIL_SIZE * 1.5)} Td ${font.encode(name)} Tj ET\n` +
    `BT /F0 ${DETAIL_SIZE} Tf ${serializeNumber((width - detailWidth) / 2)} ${serializeNumber(DETAIL_SIZE * 0.3)} Td ${font.encode(detail)} Tj ET\n`;

  // Numbers first, bytes after: the update is written so that what the first page needs sits at
  // its end, beside the cross-reference a reader fetching by ranges reads first (page objects from
  // the last to the first, then the drawing streams, the form and the font).
  let next = index.nextObject;
  const formNum = next++;
  const openNum = next++;
  const placements = new Map<string, { num: number; content: string }>();
  const pageObjects = index.pages.map((page) => {
    const key = `${page.box.join(' ')}|${page.rotate}|${page.markName}|${page.fontName}`;
    let placement = placements.get(key);
    if (placement === undefined) {
      const frame = displayFrame(page.box, page.rotate);
      const diagonal = Math.hypot(frame.width, frame.height);
      const factor = Math.min((diagonal * DIAGONAL_SHARE) / width, 3);
      const matrix = multiply(
        multiply(multiply(translate(-width / 2, -height / 2), scale(factor)), rotate(Math.atan2(frame.height, frame.width))),
        multiply(translate(frame.width / 2, frame.height / 2), frame.toUser),
      );
      const traceX = Math.max(4, (frame.width - traceWidth) / 2);
      placement = {
        num: next++,
        content:
          `\nQ q ${matrixSource(matrix)} cm /${page.markName} Do Q\n` +
          `q ${matrixSource(frame.toUser)} cm 0.4 g BT /${page.fontName} ${TRACE_SIZE} Tf ${serializeNumber(traceX)} 4 Td ${traceHex} Tj ET Q\n`,
      };
      placements.set(key, placement);
    }
    return { page, placementNum: placement.num };
  });
  // The font's objects take the numbers from here on.
  const fontNum = next;

  for (const { page, placementNum } of [...pageObjects].reverse()) {
    const contents = [`${openNum} 0 R`, ...page.contents, `${placementNum} 0 R`].join(' ');
    const resources = `${page.resources}/XObject <<${page.xobjects}/${page.markName} ${formNum} 0 R>>/Font <<${page.fonts}/${page.fontName} ${fontNum} 0 R>>`;
    writer.object(page.num, `<<${page.entries}/Parent ${page.parent}/Contents [${contents}]/Resources <<${resources}>>>>`, page.gen);
  }
  for (const { num, content: drawing } of placements.values()) writer.stream(num, '', drawing);
  // Wraps the original content in q … Q so that no state it leaves behind skews the watermark.
  writer.stream(openNum, '', 'q\n');
  writer.stream(
    formNum,
    `/Type/XObject/Subtype/Form/BBox [0 0 ${serializeNumber(width)} ${serializeNumber(height)}]` +
      `/Resources <</Font <</F0 ${fontNum} 0 R>>/ExtGState <</G0 <</Type/ExtGState/ca ${OPACITY}/CA ${OPACITY}>>>>>>`,
    content,
  );
  next = await font.write(writer, fontNum);

  const trailer = {
    size: next,
    root: index.root,
    info: index.info,
    id: [index.id?.[0] ?? fileId(`${seed}:original`), fileId(seed)] as [string, string],
    prev: index.startxref,
  };
  if (index.xrefIsStream) writer.finishWithStream(next, trailer);
  else writer.finishWithTable(trailer, false);
  return Buffer.concat(chunks);
}
