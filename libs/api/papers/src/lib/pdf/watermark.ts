import { displayFrame, matrixSource, multiply, rotate, scale, translate } from './geometry';
import { mergeRanges, type IndexedPage, type PaperIndex } from './paper-index';
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
/** Kids per node of the page tree a copy's update writes. */
const TREE_FANOUT = 32;

/** A copy's update, and from where in it a reader needs it to open the copy and draw its first page. */
export interface WatermarkUpdate {
  bytes: Buffer;
  readFirstFrom: number;
}

/**
 * What a reader fetching a copy (the original followed by `update`) by ranges needs to draw its
 * first page, as ranges of the copy (first and last byte), ascending: what the index says of the
 * original (for a paper indexed before that was recorded, the start of its newest
 * cross-reference), and the update's end (see watermarkUpdate).
 */
export function copyFirstPageRanges(index: PaperIndex, update: WatermarkUpdate): [number, number][] {
  const original = index.firstPage ?? [[index.startxref, Math.min(index.fileLength, index.startxref + READ_FIRST_MAX_BYTES) - 1]];
  return mergeRanges([...original, [index.fileLength + update.readFirstFrom, index.fileLength + update.bytes.length - 1]]);
}

/** A node of the page tree a copy's update writes: its kids are pages or nodes. */
interface TreeNode {
  num: number;
  kids: (TreeNode | IndexedPage)[];
  count: number;
  parent: TreeNode | null;
}

/**
 * A balanced page tree over `pages` (at most TREE_FANOUT kids a node), its nodes numbered by
 * `next`, leaves first; null when the pages fit under one node.
 */
function balancedTree(pages: readonly IndexedPage[], next: () => number): { root: TreeNode; nodes: TreeNode[]; leafOf: Map<IndexedPage, TreeNode> } | null {
  if (pages.length <= TREE_FANOUT) return null;
  const nodes: TreeNode[] = [];
  const leafOf = new Map<IndexedPage, TreeNode>();
  const group = (kids: readonly (TreeNode | IndexedPage)[]): TreeNode[] => {
    const level: TreeNode[] = [];
    for (let start = 0; start < kids.length; start += TREE_FANOUT) {
      const members = kids.slice(start, start + TREE_FANOUT);
      const node: TreeNode = { num: next(), kids: members, count: members.reduce((sum, kid) => sum + ('kids' in kid ? kid.count : 1), 0), parent: null };
      for (const kid of members) {
        if ('kids' in kid) kid.parent = node;
        else leafOf.set(kid, node);
      }
      level.push(node);
      nodes.push(node);
    }
    return level;
  };
  let level = group(pages);
  while (level.length > 1) level = group(level);
  return { root: level[0], nodes, leafOf };
}

/** The update's bytes alone (see {@link watermarkUpdate}). */
export async function buildWatermarkUpdate(request: WatermarkRequest): Promise<Buffer> {
  return (await watermarkUpdate(request)).bytes;
}

/**
 * A member's copy as a PDF incremental update (ISO 32000-1 §7.5.6): the original bytes stay as
 * they are; the returned bytes, appended to them, add a watermark form, new versions of the page
 * objects that draw it, and a cross-reference section whose /Prev points at the original's.
 * Nothing of the original is parsed here: the paper's index carries all it needs, so the work
 * is proportional to the number of pages.
 *
 * A reader opening the copy by ranges (pdf.js) reads the catalog, the page tree's top node and
 * every kid it lists, and the nodes down to the first and the last page (it checks the last
 * page); with the original's flat tree of 1,000 pages that is all 1,000 page objects. Since every
 * page object is written anew anyway, a paper of more than TREE_FANOUT pages whose index carries
 * its catalog gets a new, balanced page tree (and a new catalog pointing at it), and the update
 * is ordered so that all a reader needs to open it and draw the first page is at its end, from
 * `readFirstFrom`: the pages of the last leaf, the tree's nodes and the catalog, the first page,
 * the drawing streams, the form, the font and the cross-reference.
 */
export async function watermarkUpdate({ index, lines, seed, fontBytes }: WatermarkRequest): Promise<WatermarkUpdate> {
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
  // its end, beside the cross-reference a reader fetching by ranges reads first.
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
  const catalog = index.catalog === undefined ? null : /^(\d+) (\d+) R$/.exec(index.root);
  const tree = catalog ? balancedTree(index.pages, () => next++) : null;
  // The font's objects take the numbers from here on.
  const fontNum = next;

  const writePage = ({ page, placementNum }: (typeof pageObjects)[number]) => {
    const contents = [`${openNum} 0 R`, ...page.contents, `${placementNum} 0 R`].join(' ');
    const resources = `${page.resources}/XObject <<${page.xobjects}/${page.markName} ${formNum} 0 R>>/Font <<${page.fonts}/${page.fontName} ${fontNum} 0 R>>`;
    // In a new tree the page no longer inherits from the original's nodes: it says all itself.
    const parent = tree ? `${page.inherited}/Parent ${tree.leafOf.get(page)?.num} 0 R` : `/Parent ${page.parent}`;
    writer.object(page.num, `<<${page.entries}${parent}/Contents [${contents}]/Resources <<${resources}>>>>`, page.gen);
  };
  let readFirstFrom = 0;
  if (tree && catalog) {
    const lastLeaf = tree.leafOf.get(index.pages[index.pages.length - 1]);
    const [first, ...others] = pageObjects;
    for (const entry of others) if (tree.leafOf.get(entry.page) !== lastLeaf) writePage(entry);
    readFirstFrom = writer.offset - index.fileLength;
    for (const entry of others) if (tree.leafOf.get(entry.page) === lastLeaf) writePage(entry);
    for (const node of tree.nodes) {
      const kids = node.kids.map((kid) => ('kids' in kid ? `${kid.num} 0 R` : `${kid.num} ${kid.gen} R`)).join(' ');
      writer.object(node.num, `<</Type/Pages/Kids [${kids}]/Count ${node.count}${node.parent ? `/Parent ${node.parent.num} 0 R` : ''}>>`);
    }
    writer.object(Number(catalog[1]), `<<${index.catalog}/Pages ${tree.root.num} 0 R>>`, Number(catalog[2]));
    writePage(first);
  } else {
    for (const entry of [...pageObjects].reverse()) writePage(entry);
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
  return { bytes: Buffer.concat(chunks), readFirstFrom };
}
