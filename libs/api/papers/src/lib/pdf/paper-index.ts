import { type PdfFile } from './pdf-file';
import { PdfDict, PdfRef, PdfStream, PdfSyntaxError, serializeEntries, type PdfValue } from './pdf-syntax';

/** What a copy or a book needs to know of one page, read once when the paper arrives. */
export interface IndexedPage {
  /** The page dictionary's object number and generation. */
  num: number;
  gen: number;
  /** The visible area (CropBox within MediaBox) in default user space: x0, y0, x1, y1. */
  box: [number, number, number, number];
  rotate: 0 | 90 | 180 | 270;
  /** The page's own entries except /Contents, /Resources and /Parent, as PDF source. */
  entries: string;
  /** The page's /Parent reference (an update keeps the page in its tree). */
  parent: string;
  /** Inherited /MediaBox, /CropBox and /Rotate the page does not set itself, as PDF source. */
  inherited: string;
  /** References to the content streams, in order. */
  contents: string[];
  /** The effective resources except /XObject and /Font, as dictionary entries. */
  resources: string;
  /** Entries of the /XObject and /Font resource dictionaries, written out directly. */
  xobjects: string;
  fonts: string;
  /** Resource names free on this page, for what a copy or a book adds. */
  markName: string;
  fontName: string;
}

/**
 * Everything later work needs from a stored paper version, so that a member's copy or a book
 * never parses the file again: the trailer, the newest cross-reference, the pages, and the
 * objects the pages use.
 */
export interface PaperIndex {
  format: 1;
  fileLength: number;
  /** Whether the file ends with an end-of-line (an update must start on a new line). */
  eol: boolean;
  startxref: number;
  xrefIsStream: boolean;
  /** The first object number an update may use. */
  nextObject: number;
  root: string;
  /** The catalog's entries except /Pages, as PDF source (a copy's update may give it a new page tree); absent in older indexes. */
  catalog?: string;
  info: string | null;
  id: [string, string] | null;
  pages: IndexedPage[];
  /** Objects the pages use (fonts, images, annotations…), not the pages themselves, ascending. */
  closure: number[];
  /**
   * The byte ranges (first and last byte) a reader fetching the file by parts needs to draw the
   * first page, besides the file's two ends and the page objects (a copy's update has its own):
   * the cross-reference sections, the catalog, the page tree's nodes, and the objects the first
   * page uses. Absent in indexes made before it was recorded.
   */
  firstPage?: [number, number][];
}

export class PdfTooComplexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfTooComplexError';
  }
}

export interface IndexLimits {
  maxPages: number;
  maxObjects: number;
}

const INHERITABLE = ['MediaBox', 'CropBox', 'Rotate', 'Resources'] as const;

/** Walks the page tree of an opened file and records each page and the objects it uses. */
export function buildPaperIndex(file: PdfFile, limits: IndexLimits): PaperIndex {
  if (file.entries.size > limits.maxObjects) throw new PdfTooComplexError(`the file has ${file.entries.size} objects (at most ${limits.maxObjects})`);
  const catalog = file.resolve(file.trailer.root);
  if (!(catalog instanceof PdfDict)) throw new PdfSyntaxError('the document catalog is missing');
  const pagesRef = catalog.get('Pages');
  if (!(pagesRef instanceof PdfRef)) throw new PdfSyntaxError('the catalog has no page tree');

  const structural = new Set<number>([file.trailer.root.num]);
  const pageNumbers = new Set<number>();
  const pages: IndexedPage[] = [];
  // The tree nodes from the root down to the node being visited, and those above the first page.
  const path: number[] = [];
  let firstPath: number[] = [];
  const visit = (ref: PdfRef, inherited: Map<string, PdfValue>, depth: number) => {
    if (depth > 64) throw new PdfSyntaxError('the page tree is too deep');
    if (structural.has(ref.num) || pageNumbers.has(ref.num)) throw new PdfSyntaxError('the page tree has a loop');
    const node = file.object(ref.num);
    if (!(node instanceof PdfDict)) throw new PdfSyntaxError(`page tree node ${ref.num} is not a dictionary`);
    const kids = file.resolve(node.get('Kids'));
    const type = node.name('Type');
    if (type === 'Pages' || (type === undefined && Array.isArray(kids))) {
      structural.add(ref.num);
      const passed = new Map(inherited);
      for (const key of INHERITABLE) if (node.get(key) !== undefined) passed.set(key, node.get(key) as PdfValue);
      if (!Array.isArray(kids)) throw new PdfSyntaxError(`page tree node ${ref.num} has no kids`);
      path.push(ref.num);
      for (const kid of kids) {
        // A kid that is null or names a missing object is skipped, as viewers (poppler, qpdf) do.
        if (kid === null || (kid instanceof PdfRef && file.object(kid.num) === null)) continue;
        if (!(kid instanceof PdfRef)) throw new PdfSyntaxError('a page tree kid is not a reference');
        visit(kid, passed, depth + 1);
      }
      path.pop();
      return;
    }
    if (pages.length === 0) firstPath = [...path];
    pageNumbers.add(ref.num);
    if (pageNumbers.size > limits.maxPages) throw new PdfTooComplexError(`the file has more than ${limits.maxPages} pages`);
    pages.push(indexPage(file, ref, node, inherited));
  };
  visit(pagesRef, new Map(), 0);
  if (pages.length === 0) throw new PdfSyntaxError('the document has no pages');

  return {
    format: 1,
    fileLength: file.bytes.length,
    eol: file.bytes[file.bytes.length - 1] === 0x0a || file.bytes[file.bytes.length - 1] === 0x0d,
    startxref: file.startxref,
    xrefIsStream: file.xrefIsStream,
    nextObject: Math.max(file.trailer.size, Math.max(0, ...file.entries.keys()) + 1),
    root: file.trailer.root.toString(),
    catalog: serializeEntries([...catalog.entries].filter(([key]) => key !== 'Pages')),
    info: file.trailer.info?.toString() ?? null,
    id: file.trailer.id,
    pages,
    closure: closureOf(file, pages, structural, pageNumbers, limits.maxObjects),
    firstPage: firstPageRanges(file, pages[0], firstPath, structural, pageNumbers),
  };
}

/** Ranges closer than this are asked for as one. */
const RANGE_GAP = 4096;
/** Beyond this many bytes, the rest of what the first page needs is left for the reader to ask for. */
const FIRST_PAGE_MAX_BYTES = 8 << 20;

/**
 * What a reader fetching by ranges needs to draw the first page (see PaperIndex.firstPage), the
 * pages' own objects aside (a member's copy has new versions of them in its update). An
 * object's extent runs from its offset to the next object or section the cross-reference
 * knows of; an object kept in an object stream takes that stream's extent. Besides the first
 * page's own closure, the catalog's direct entries are included (a reader looks at the
 * interactive form and the outline root on opening), not what they lead to. An object's extent
 * is at most what the file says, so a damaged offset costs a few bytes, never a wrong page.
 */
function firstPageRanges(file: PdfFile, first: IndexedPage, path: readonly number[], treeNodes: ReadonlySet<number>, pageNumbers: ReadonlySet<number>): [number, number][] {
  const starts = new Set<number>(file.sections);
  for (const entry of file.entries.values()) if (entry.type === 1) starts.add(entry.offset);
  const boundaries = [...starts, file.bytes.length].sort((a, b) => a - b);
  const extent = (offset: number): [number, number] => {
    let low = 0;
    let high = boundaries.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (boundaries[middle] <= offset) low = middle + 1;
      else high = middle;
    }
    return [offset, Math.max(offset, boundaries[low] - 1)];
  };
  const ranges: [number, number][] = file.sections.map(extent);
  const wanted = new Set<number>();
  const reached = new Set<number>();
  const queue: number[] = [];
  const want = (num: number) => {
    const entry = file.entries.get(num);
    if (!entry || wanted.has(num)) return;
    wanted.add(num);
    if (entry.type === 2) want(entry.stream);
  };
  const follow = (value: PdfValue | undefined) =>
    collectRefs(value, (ref) => {
      // Other pages (a link's destination) and tree nodes are not followed: they lead everywhere.
      if (reached.has(ref.num) || treeNodes.has(ref.num) || pageNumbers.has(ref.num) || !file.entries.has(ref.num)) return;
      reached.add(ref.num);
      queue.push(ref.num);
    });
  want(file.trailer.root.num);
  const catalog = file.object(file.trailer.root.num);
  if (catalog instanceof PdfDict) collectRefs(catalog, (ref) => want(ref.num));
  if (file.trailer.info) want(file.trailer.info.num);
  // Every node of the page tree (small dictionaries): a reader checks the last page on opening,
  // and finds a page by the counts of the nodes before it.
  for (const num of treeNodes) want(num);
  for (const num of path) {
    const node = file.object(num);
    if (node instanceof PdfDict) for (const key of INHERITABLE) follow(node.get(key));
  }
  want(first.num);
  const page = file.object(first.num);
  if (page instanceof PdfDict) for (const [key, value] of page.entries) if (key !== 'Parent') follow(value);
  let bytes = 0;
  while (queue.length && bytes < FIRST_PAGE_MAX_BYTES) {
    const num = queue.shift() as number;
    want(num);
    const entry = file.entries.get(num);
    if (entry?.type === 1) {
      const [start, end] = extent(entry.offset);
      bytes += end - start + 1;
    }
    const value = file.object(num);
    follow(value instanceof PdfStream ? value.dict : value);
  }
  for (const num of wanted) {
    const entry = file.entries.get(num);
    if (entry?.type === 1) ranges.push(extent(entry.offset));
  }
  return mergeRanges(ranges);
}

/**
 * At most this many ranges are named (they travel in a response header, and proxies refuse
 * headers over a few KB): beyond it, the ranges with the smallest gaps between them are joined.
 */
export const MAX_RANGES = 32;

/**
 * Sorted, with overlapping ranges and those closer than RANGE_GAP joined, then the closest
 * joined until at most MAX_RANGES are left: every byte asked for is still covered.
 */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  let merged: [number, number][] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + RANGE_GAP) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  while (merged.length > MAX_RANGES) {
    // The gaps after each range; those up to the one that leaves MAX_RANGES are closed.
    const gaps = merged.slice(1).map(([start], i) => start - merged[i][1]);
    const limit = [...gaps].sort((a, b) => a - b)[merged.length - MAX_RANGES - 1];
    const joined: [number, number][] = [merged[0]];
    gaps.forEach((gap, i) => {
      if (gap <= limit) joined[joined.length - 1][1] = Math.max(joined[joined.length - 1][1], merged[i + 1][1]);
      else joined.push(merged[i + 1]);
    });
    merged = joined;
  }
  return merged;
}

function indexPage(file: PdfFile, ref: PdfRef, page: PdfDict, inherited: Map<string, PdfValue>): IndexedPage {
  const own = (key: string) => page.get(key);
  const effective = (key: string) => (own(key) !== undefined ? own(key) : inherited.get(key));

  // Viewers fall back as poppler does: an empty MediaBox is US Letter, a CropBox outside it is ignored.
  const visible = (b: [number, number, number, number] | null) => b !== null && b[2] - b[0] >= 1 && b[3] - b[1] >= 1;
  const declaredMedia = rectangle(file.resolve(effective('MediaBox')));
  const mediaBox: [number, number, number, number] = declaredMedia && visible(declaredMedia) ? declaredMedia : [0, 0, 612, 792];
  const cropBox = rectangle(file.resolve(effective('CropBox')));
  const clipped: [number, number, number, number] | null = cropBox
    ? [Math.max(mediaBox[0], cropBox[0]), Math.max(mediaBox[1], cropBox[1]), Math.min(mediaBox[2], cropBox[2]), Math.min(mediaBox[3], cropBox[3])]
    : null;
  const box = clipped && visible(clipped) ? clipped : mediaBox;
  const rotateValue = file.resolve(effective('Rotate'));
  const rotate = ((((typeof rotateValue === 'number' ? Math.round(rotateValue / 90) * 90 : 0) % 360) + 360) % 360) as IndexedPage['rotate'];

  const entries = [...page.entries].filter(([key]) => key !== 'Contents' && key !== 'Resources' && key !== 'Parent');
  const inheritedEntries: [string, PdfValue][] = [];
  for (const key of ['MediaBox', 'CropBox', 'Rotate']) if (own(key) === undefined && inherited.has(key)) inheritedEntries.push([key, inherited.get(key) as PdfValue]);

  const contents: string[] = [];
  const contentValue = own('Contents');
  const contentList = contentValue instanceof PdfRef && Array.isArray(file.object(contentValue.num)) ? (file.object(contentValue.num) as PdfValue[]) : contentValue;
  for (const item of Array.isArray(contentList) ? contentList : contentList === undefined || contentList === null ? [] : [contentList]) {
    if (!(item instanceof PdfRef)) continue; // anything else in the array draws nothing, as in poppler
    if (!(file.object(item.num) instanceof PdfStream)) continue; // a missing stream draws nothing
    contents.push(item.toString());
  }

  const resources = file.resolve(effective('Resources'));
  const resourceDict = resources instanceof PdfDict ? resources : new PdfDict();
  const subdict = (key: string) => {
    const value = file.resolve(resourceDict.get(key));
    return value instanceof PdfDict ? value : new PdfDict();
  };
  const xobjects = subdict('XObject');
  const fonts = subdict('Font');
  const free = (dict: PdfDict, base: string) => {
    for (let i = 0; ; i++) if (!dict.entries.has(`${base}${i}`)) return `${base}${i}`;
  };

  const parent = own('Parent');
  return {
    num: ref.num,
    gen: ref.gen,
    parent: parent instanceof PdfRef ? parent.toString() : 'null',
    box,
    rotate,
    entries: serializeEntries(entries),
    inherited: serializeEntries(inheritedEntries),
    contents,
    resources: serializeEntries([...resourceDict.entries].filter(([key]) => key !== 'XObject' && key !== 'Font')),
    xobjects: serializeEntries(xobjects.entries),
    fonts: serializeEntries(fonts.entries),
    markName: free(xobjects, 'ECabMark'),
    fontName: free(fonts, 'ECabFont'),
  };
}

function rectangle(value: PdfValue): [number, number, number, number] | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [a, b, c, d] = value as number[];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** The objects reachable from the pages, without following /Parent out of a page into the tree. */
function closureOf(file: PdfFile, pages: IndexedPage[], structural: Set<number>, pageNumbers: Set<number>, maxObjects: number): number[] {
  const reached = new Set<number>();
  const queue: number[] = [];
  const push = (value: PdfValue | undefined) => {
    collectRefs(value, (ref) => {
      if (reached.has(ref.num) || structural.has(ref.num) || pageNumbers.has(ref.num) || !file.entries.has(ref.num)) return;
      reached.add(ref.num);
      queue.push(ref.num);
    });
  };
  for (const page of pages) {
    const dict = file.object(page.num) as PdfDict;
    for (const [key, value] of dict.entries) if (key !== 'Parent') push(value);
  }
  // Inherited attributes live on tree nodes; their referenced objects belong to the pages too.
  for (const num of structural) {
    const node = file.object(num);
    if (node instanceof PdfDict && node.name('Type') !== 'Catalog') for (const key of INHERITABLE) push(node.get(key));
  }
  while (queue.length) {
    if (reached.size > maxObjects) throw new PdfTooComplexError('the pages use too many objects');
    const value = file.object(queue.pop() as number);
    push(value instanceof PdfStream ? value.dict : value);
  }
  return [...reached].sort((a, b) => a - b);
}

function collectRefs(value: PdfValue | undefined, found: (ref: PdfRef) => void): void {
  if (value instanceof PdfRef) found(value);
  else if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (value instanceof PdfDict) for (const item of value.entries.values()) collectRefs(item, found);
  else if (value instanceof PdfStream) collectRefs(value.dict, found);
}
