import { inflateSync } from 'node:zlib';
import { unpredictPng } from './pdf-file';
import { PdfDict, PdfLexer, PdfName, PdfParser, PdfRef, serializeValue, Tok, type PdfValue } from './pdf-syntax';

/** What a scan of the file found: enough for a reader to open it, or null when there is no catalog. */
export interface RebuiltFile {
  bytes: Buffer;
  objects: number;
}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Rebuilds the cross-reference of a file whose own one is missing, truncated or points at the
 * wrong bytes, the way pdf.js (`XRef.indexObjects`) and poppler do: scans the bytes for
 * `n g obj`, skipping stream data, lets a later definition of an object win (incremental
 * updates), finds the trailer (the last `trailer` dictionary or cross-reference stream, else the
 * catalog), lists the members of object streams, and appends one cross-reference stream that
 * points at all of it. The result is read by qpdf, which decrypts and rewrites it cleanly; the
 * qpdf compiled to WebAssembly that the API embeds does not reconstruct damaged files itself.
 *
 * Bytes before `%PDF-` are dropped first, so that offsets count from the header as writers meant.
 */
/** What a scan of the objects of a (possibly damaged) file finds, without its cross-reference. */
export interface ScannedFile {
  /** The bytes from `%PDF-` on (all of them when there is no header). */
  bytes: Buffer;
  /** The last definition of each object: where it starts. */
  offsets: Map<number, { offset: number; gen: number }>;
  trailer: PdfDict;
  catalog: PdfRef | null;
  objectStreams: number[];
  /** Every stream object found, with where its data lies up to `endstream`. */
  streams: { num: number; offset: number; dict: PdfDict; dataStart: number; dataEnd: number }[];
  /** Objects whose last definition does not parse (qpdf may still read them; if not, they can be left out). */
  unparsable: Set<number>;
}

export function rebuildCrossReference(input: Buffer): RebuiltFile | null {
  return rebuildFromScan(scanObjects(input));
}

/** Scans the bytes for `n g obj`, skipping stream data; a later definition of an object wins. */
export function scanObjects(input: Buffer): ScannedFile {
  const header = input.indexOf('%PDF-', 0, 'latin1');
  const bytes = header > 0 ? input.subarray(header) : input;
  const offsets = new Map<number, { offset: number; gen: number }>();
  const trailer = new PdfDict();
  let catalog: PdfRef | null = null;
  const objectStreams: number[] = [];
  const streams: { num: number; offset: number; dict: PdfDict; dataStart: number; dataEnd: number }[] = [];
  const unparsable = new Set<number>();

  let at = 0;
  for (;;) {
    const found = bytes.indexOf('obj', at, 'latin1');
    if (found < 0) break;
    at = found + 3;
    const start = objectStart(bytes, found);
    if (start === null) continue;
    const { num, gen, offset } = start;
    let dict: PdfDict | null = null;
    let streamEnd = -1;
    try {
      const parser = new PdfParser(bytes, found + 3);
      const value: PdfValue = parser.parseValue();
      if (value instanceof PdfDict) dict = value;
      const lexer = parser.lexer;
      lexer.next();
      if (dict && lexer.isKeyword('stream')) {
        const end = bytes.indexOf('endstream', lexer.end, 'latin1');
        streamEnd = end < 0 ? bytes.length : end + 9;
        let dataStart = lexer.end;
        if (bytes[dataStart] === 0x0d) dataStart++;
        if (bytes[dataStart] === 0x0a) dataStart++;
        let dataEnd = end < 0 ? bytes.length : end;
        if (dataEnd > dataStart && bytes[dataEnd - 1] === 0x0a) dataEnd--;
        if (dataEnd > dataStart && bytes[dataEnd - 1] === 0x0d) dataEnd--;
        streams.push({ num, offset, dict, dataStart, dataEnd });
      } else {
        at = Math.max(at, lexer.start);
      }
      unparsable.delete(num);
    } catch {
      // An object that does not parse is still listed: qpdf decides what to make of it.
      unparsable.add(num);
    }
    offsets.set(num, { offset, gen });
    if (dict) {
      const type = dict.name('Type');
      if (type === 'Catalog') catalog = new PdfRef(num, gen);
      if (type === 'ObjStm') objectStreams.push(num);
      if (type === 'XRef') mergeTrailer(trailer, dict);
    }
    if (streamEnd > at) at = streamEnd;
  }

  for (let t = bytes.indexOf('trailer', 0, 'latin1'); t >= 0; t = bytes.indexOf('trailer', t + 7, 'latin1')) {
    try {
      const value = new PdfParser(bytes, t + 7).parseValue();
      if (value instanceof PdfDict) mergeTrailer(trailer, value);
    } catch {
      // A truncated trailer: the scan may still find the catalog.
    }
  }
  return { bytes, offsets, trailer, catalog, objectStreams, streams, unparsable };
}

/**
 * The page count the document's own page tree declares (/Count of the catalog's /Pages), read
 * from the scan; null when the scan cannot say (no catalog, or it is in an object stream).
 */
export function declaredPageCount(scan: ScannedFile): number | null {
  const read = (num: number): PdfValue => {
    const at = scan.offsets.get(num);
    if (!at) return null;
    try {
      const parser = new PdfParser(scan.bytes, at.offset);
      parser.parseValue();
      parser.parseValue();
      parser.lexer.next();
      return parser.parseValue();
    } catch {
      return null;
    }
  };
  const root = scan.trailer.get('Root');
  const catalog = read(root instanceof PdfRef ? root.num : (scan.catalog?.num ?? -1));
  const pages = catalog instanceof PdfDict ? catalog.get('Pages') : null;
  const tree = pages instanceof PdfRef ? read(pages.num) : null;
  const count = tree instanceof PdfDict ? tree.get('Count') : null;
  return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : null;
}

/**
 * The rebuilt file from a scan (see rebuildCrossReference). `leaveOutUnparsable`: objects that
 * do not parse are listed as free (references to them read as null, as poppler reads a broken
 * object), for when qpdf stops at one.
 */
export function rebuildFromScan(scan: ScannedFile, leaveOutUnparsable = false): RebuiltFile | null {
  const { bytes, trailer, catalog, objectStreams, streams } = scan;
  const offsets = new Map(scan.offsets);
  if (leaveOutUnparsable) for (const num of scan.unparsable) if (num !== (scan.trailer.get('Root') as PdfRef | undefined)?.num) offsets.delete(num);
  // Compressed objects: the header of each (unencrypted) object stream names its members.
  const compressed = new Map<number, { stream: number; index: number }>();
  for (const stream of objectStreams) for (const [index, num] of membersOf(bytes, offsets.get(stream)?.offset ?? -1).entries()) {
    if (!offsets.has(num) && !compressed.has(num)) compressed.set(num, { stream, index });
  }
  // The cross-reference streams the scan found still say which objects are compressed where
  // (an encrypted file's object streams cannot be read before qpdf decrypts them): newest first.
  for (const stream of [...streams].reverse()) {
    if (stream.dict.name('Type') !== 'XRef') continue;
    for (const [num, member] of compressedEntries(bytes, stream)) {
      if (!offsets.has(num) && !compressed.has(num) && offsets.has(member.stream)) compressed.set(num, member);
    }
  }
  const root = trailer.get('Root');
  const rootRef = root instanceof PdfRef && (offsets.has(root.num) || compressed.has(root.num)) ? root : catalog;
  if (!rootRef || offsets.size === 0) return null;

  // A stream whose /Length is wrong (poppler finds `endstream` instead; this qpdf build does not):
  // a copy of the object with the right length is appended, and the cross-reference points at it.
  const appended: Buffer[] = [Buffer.from('\n', 'latin1')];
  let end = bytes.length + 1;
  for (const stream of streams) {
    const current = offsets.get(stream.num);
    if (!current || current.offset !== stream.offset || lengthFits(bytes, offsets, stream.dict.get('Length'), stream.dataStart)) continue;
    const fixed = new PdfDict();
    for (const [key, value] of stream.dict.entries) fixed.entries.set(key, value);
    fixed.entries.set('Length', stream.dataEnd - stream.dataStart);
    const head = Buffer.from(`${stream.num} ${current.gen} obj\n${serializeValue(fixed)}\nstream\n`, 'latin1');
    const tail = Buffer.from('\nendstream\nendobj\n', 'latin1');
    offsets.set(stream.num, { offset: end, gen: current.gen });
    appended.push(head, bytes.subarray(stream.dataStart, stream.dataEnd), tail);
    end += head.length + (stream.dataEnd - stream.dataStart) + tail.length;
  }

  const highest = Math.max(...offsets.keys(), ...compressed.keys());
  const xrefNum = highest + 1;
  const size = xrefNum + 1;
  const xrefOffset = end;
  const rows = Buffer.alloc(size * 7);
  for (let num = 0; num < size; num++) {
    const row = num * 7;
    const direct = offsets.get(num);
    const member = compressed.get(num);
    if (num === xrefNum) writeRow(rows, row, 1, xrefOffset, 0);
    else if (direct) writeRow(rows, row, 1, direct.offset, direct.gen);
    else if (member) writeRow(rows, row, 2, member.stream, member.index);
    else writeRow(rows, row, 0, 0, num === 0 ? 65535 : 0);
  }
  const entries = [`/Type/XRef/Size ${size}/W[1 4 2]/Length ${rows.length}/Root ${rootRef.num} ${rootRef.gen} R`];
  for (const key of ['Info', 'Encrypt', 'ID'] as const) {
    const value = trailer.get(key);
    if (value !== undefined) entries.push(`/${key} ${serializeValue(value)}`);
  }
  const head = Buffer.from(`${xrefNum} 0 obj\n<<${entries.join('')}>>\nstream\n`, 'latin1');
  const tail = Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1');
  return { bytes: Buffer.concat([bytes, ...appended, head, rows, tail]), objects: offsets.size + compressed.size };
}

/** Whether the declared /Length (direct, or an object found by the scan) ends the data right before `endstream`. */
function lengthFits(bytes: Buffer, offsets: Map<number, { offset: number }>, declared: PdfValue | undefined, dataStart: number): boolean {
  let length = declared;
  if (length instanceof PdfRef) {
    const target = offsets.get(length.num);
    try {
      const parser = new PdfParser(bytes, target?.offset ?? bytes.length);
      parser.parseValue();
      parser.parseValue();
      parser.lexer.next();
      length = parser.parseValue();
    } catch {
      return false;
    }
  }
  if (typeof length !== 'number' || length < 0 || dataStart + length > bytes.length) return false;
  const lexer = new PdfLexer(bytes, dataStart + length);
  lexer.next();
  return lexer.isKeyword('endstream');
}

/** `found` is where `obj` starts: the two integers before it give the object's number and offset. */
function objectStart(bytes: Buffer, found: number): { num: number; gen: number; offset: number } | null {
  const after = bytes[found + 3];
  if (after !== undefined && !WHITE.has(after) && after !== 0x3c && after !== 0x5b && after !== 0x2f && after !== 0x28 && after !== 0x25) return null;
  let i = found - 1;
  if (i < 0 || !WHITE.has(bytes[i])) return null;
  while (i >= 0 && WHITE.has(bytes[i])) i--;
  const genEnd = i + 1;
  while (i >= 0 && isDigit(bytes[i])) i--;
  const genStart = i + 1;
  if (genStart === genEnd || genEnd - genStart > 5 || i < 0 || !WHITE.has(bytes[i])) return null;
  while (i >= 0 && WHITE.has(bytes[i])) i--;
  const numEnd = i + 1;
  while (i >= 0 && isDigit(bytes[i])) i--;
  const numStart = i + 1;
  if (numStart === numEnd || numEnd - numStart > 10 || (i >= 0 && !WHITE.has(bytes[i]) && bytes[i] !== 0x3e)) return null;
  const num = Number(bytes.toString('latin1', numStart, numEnd));
  const gen = Number(bytes.toString('latin1', genStart, genEnd));
  if (num <= 0 || num > 8_388_607 || gen > 65535) return null;
  return { num, gen, offset: numStart };
}

/** A later trailer (or cross-reference stream) overrides an earlier one, key by key. */
function mergeTrailer(into: PdfDict, from: PdfDict): void {
  for (const key of ['Root', 'Info', 'Encrypt', 'ID']) {
    const value = from.get(key);
    if (value !== undefined) into.entries.set(key, value);
  }
}

/** The object numbers listed in the header of the object stream at `offset` (empty when unreadable). */
function membersOf(bytes: Buffer, offset: number): number[] {
  if (offset < 0) return [];
  try {
    const parser = new PdfParser(bytes, offset);
    const lexer = parser.lexer;
    lexer.next();
    lexer.next();
    lexer.next();
    const dict = parser.parseValue();
    if (!(dict instanceof PdfDict) || dict.get('Encrypt') !== undefined) return [];
    const count = dict.get('N');
    const filter = dict.get('Filter');
    if (typeof count !== 'number' || count > 100_000) return [];
    lexer.next();
    if (!lexer.isKeyword('stream')) return [];
    let start = lexer.end;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const end = bytes.indexOf('endstream', start, 'latin1');
    if (end < 0) return [];
    let data: Buffer = bytes.subarray(start, end);
    if (filter instanceof PdfName && filter.name === 'FlateDecode') {
      data = inflateSync(data, { maxOutputLength: 64 * 1024 * 1024, finishFlush: 2 });
    } else if (filter !== undefined) {
      return [];
    }
    const headerLexer = new PdfLexer(data);
    const members: number[] = [];
    for (let i = 0; i < count; i++) {
      if (headerLexer.next() !== Tok.NUMBER) break;
      members.push(headerLexer.number);
      if (headerLexer.next() !== Tok.NUMBER) break;
    }
    return members;
  } catch {
    return [];
  }
}

/** The type-2 entries (object → object stream, index) of a cross-reference stream; empty when unreadable. */
function compressedEntries(bytes: Buffer, stream: { dict: PdfDict; dataStart: number; dataEnd: number }): Map<number, { stream: number; index: number }> {
  const entries = new Map<number, { stream: number; index: number }>();
  try {
    const { dict } = stream;
    const widths = dict.get('W');
    const size = dict.get('Size');
    if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => typeof w === 'number' && w >= 0 && w <= 8) || typeof size !== 'number') return entries;
    const [w0, w1, w2] = widths as number[];
    const index = dict.get('Index');
    const ranges = Array.isArray(index) && index.every((n) => typeof n === 'number') ? (index as number[]) : [0, size];
    let data: Buffer = bytes.subarray(stream.dataStart, stream.dataEnd);
    const filter = dict.get('Filter');
    if (filter instanceof PdfName && filter.name === 'FlateDecode') data = inflateSync(data, { maxOutputLength: 64 * 1024 * 1024, finishFlush: 2 });
    else if (filter !== undefined) return entries;
    const parms = dict.get('DecodeParms');
    if (parms instanceof PdfDict && typeof parms.get('Predictor') === 'number' && (parms.get('Predictor') as number) >= 10) {
      const columns = parms.get('Columns');
      data = unpredictPng(data, typeof columns === 'number' ? columns : 1);
    }
    const row = w0 + w1 + w2;
    const read = (at: number, width: number) => {
      let value = 0;
      for (let i = 0; i < width; i++) value = value * 256 + data[at + i];
      return value;
    };
    let at = 0;
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      for (let i = 0; i < ranges[r + 1] && at + row <= data.length; i++, at += row) {
        if ((w0 === 0 ? 1 : read(at, w0)) === 2) entries.set(ranges[r] + i, { stream: read(at + w0, w1), index: read(at + w0 + w1, w2) });
      }
    }
  } catch {
    // An unreadable cross-reference stream adds nothing.
  }
  return entries;
}

function writeRow(rows: Buffer, at: number, type: number, field: number, extra: number): void {
  rows[at] = type;
  rows.writeUInt32BE(field >>> 0, at + 1);
  rows.writeUInt16BE(extra & 0xffff, at + 5);
}
