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
  info: string | null;
  id: [string, string] | null;
  pages: IndexedPage[];
  /** Objects the pages use (fonts, images, annotations…), not the pages themselves, ascending. */
  closure: number[];
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
      for (const kid of kids) {
        // A kid that is null or names a missing object is skipped, as viewers (poppler, qpdf) do.
        if (kid === null || (kid instanceof PdfRef && file.object(kid.num) === null)) continue;
        if (!(kid instanceof PdfRef)) throw new PdfSyntaxError('a page tree kid is not a reference');
        visit(kid, passed, depth + 1);
      }
      return;
    }
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
    info: file.trailer.info?.toString() ?? null,
    id: file.trailer.id,
    pages,
    closure: closureOf(file, pages, structural, pageNumbers, limits.maxObjects),
  };
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
