import { inflateSync } from 'node:zlib';
import { PdfInflationError } from './inflation-guard';
import { PdfDict, PdfLexer, PdfName, PdfParser, PdfRef, PdfStream, PdfString, PdfSyntaxError, Tok, type PdfValue } from './pdf-syntax';

/** Where an object lives: at a byte offset, or inside an object stream. */
export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

export interface Trailer {
  root: PdfRef;
  info: PdfRef | null;
  /** The two parts of /ID as PDF source text, when present. */
  id: [string, string] | null;
  size: number;
  encrypted: boolean;
}

/** The file is encrypted (a password or certificate protects it). */
export class PdfEncryptedError extends Error {
  constructor() {
    super('the file is encrypted');
    this.name = 'PdfEncryptedError';
  }
}

const MAX_SECTIONS = 1000;
/** Object streams and cross-reference streams may not inflate beyond this (a zip bomb guard). */
const MAX_INFLATED = 256 * 1024 * 1024;

/**
 * A PDF read through its cross-reference: the same view of the file that every conforming
 * reader (pdf.js, Chromium, qpdf) takes, which is what an incremental update builds on.
 * Opening checks the cross-reference chain and that every entry points at its object.
 */
export class PdfFile {
  readonly entries = new Map<number, XrefEntry>();
  readonly trailer: Trailer;
  /** Offset of the newest cross-reference section (the future /Prev). */
  readonly startxref: number;
  /** Whether the newest section is a cross-reference stream (then an update writes one too). */
  readonly xrefIsStream: boolean;
  /** Offsets of every cross-reference section, the newest first (a reader reads them all on opening). */
  readonly sections: readonly number[];
  private readonly objects = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, { data: Buffer; spans: Map<number, [number, number]> }>();

  constructor(readonly bytes: Buffer) {
    this.startxref = findStartXref(bytes);
    const trailers: PdfDict[] = [];
    let xrefIsStream = false;
    const seen = new Set<number>();
    // The newest section that mentions an object decides it, a free entry included.
    const decided = new Map<number, XrefEntry | null>();
    let offset: number | null = this.startxref;
    while (offset !== null) {
      if (seen.has(offset) || seen.size >= MAX_SECTIONS) throw new PdfSyntaxError('cross-reference sections form a loop', offset);
      seen.add(offset);
      const section = this.readSection(offset);
      if (seen.size === 1) xrefIsStream = section.isStream;
      for (const [num, entry] of section.entries) if (!decided.has(num)) decided.set(num, entry);
      trailers.push(section.trailer);
      const prev = section.trailer.get('Prev');
      offset = typeof prev === 'number' ? prev : null;
    }
    for (const [num, entry] of decided) if (entry) this.entries.set(num, entry);
    this.sections = [...seen];
    this.xrefIsStream = xrefIsStream;
    this.trailer = mergeTrailers(trailers);
    if (this.trailer.encrypted) throw new PdfEncryptedError();
    this.checkOffsets();
  }

  // --- the cross-reference ---------------------------------------------------------------------

  private readSection(offset: number): { entries: Map<number, XrefEntry | null>; trailer: PdfDict; isStream: boolean } {
    const lexer = new PdfLexer(this.bytes, offset);
    lexer.next();
    if (lexer.isKeyword('xref')) return this.readTable(lexer);
    lexer.pos = offset;
    const { value } = this.readIndirectAt(offset, null);
    if (!(value instanceof PdfStream) || value.dict.name('Type') !== 'XRef') {
      throw new PdfSyntaxError('startxref does not point at a cross-reference', offset);
    }
    return { entries: this.readXrefStream(value), trailer: value.dict, isStream: true };
  }

  private readTable(lexer: PdfLexer): { entries: Map<number, XrefEntry | null>; trailer: PdfDict; isStream: boolean } {
    const entries = new Map<number, XrefEntry | null>();
    for (;;) {
      const mark = lexer.pos;
      lexer.next();
      if (lexer.isKeyword('trailer')) break;
      if (lexer.type !== Tok.NUMBER) throw new PdfSyntaxError('malformed cross-reference table', lexer.start);
      const first = lexer.number;
      if (lexer.next() !== Tok.NUMBER) throw new PdfSyntaxError('malformed cross-reference subsection', mark);
      const count = lexer.number;
      if (count > this.bytes.length / 18) throw new PdfSyntaxError('cross-reference subsection larger than the file', mark);
      for (let i = 0; i < count; i++) {
        const a = lexer.next() === Tok.NUMBER ? lexer.number : NaN;
        const g = lexer.next() === Tok.NUMBER ? lexer.number : NaN;
        lexer.next();
        const kind = lexer.isKeyword('n') ? 'n' : lexer.isKeyword('f') ? 'f' : null;
        if (Number.isNaN(a) || Number.isNaN(g) || !kind) throw new PdfSyntaxError('malformed cross-reference entry', lexer.start);
        const num = first + i;
        if (num === 0) continue;
        if (!entries.has(num)) entries.set(num, kind === 'n' ? { type: 1, offset: a, gen: g } : null);
      }
    }
    const parser = new PdfParser(this.bytes, lexer.pos);
    const trailer = parser.parseValue();
    if (!(trailer instanceof PdfDict)) throw new PdfSyntaxError('trailer is not a dictionary', lexer.pos);
    // A hybrid file: a cross-reference stream completes the table (compressed objects).
    const xrefStm = trailer.get('XRefStm');
    if (typeof xrefStm === 'number') {
      const { value } = this.readIndirectAt(xrefStm, null);
      if (!(value instanceof PdfStream) || value.dict.name('Type') !== 'XRef') throw new PdfSyntaxError('XRefStm does not point at a cross-reference stream', xrefStm);
      for (const [num, entry] of this.readXrefStream(value)) if (!entries.get(num) && entry) entries.set(num, entry);
    }
    return { entries, trailer, isStream: false };
  }

  private readXrefStream(stream: PdfStream): Map<number, XrefEntry | null> {
    const { dict } = stream;
    const widths = dict.get('W');
    const size = dict.get('Size');
    if (!Array.isArray(widths) || widths.length !== 3 || !widths.every((w) => typeof w === 'number' && w >= 0 && w <= 8) || typeof size !== 'number') {
      throw new PdfSyntaxError('malformed cross-reference stream dictionary');
    }
    const [w0, w1, w2] = widths as number[];
    const index = dict.get('Index');
    const ranges: number[] = Array.isArray(index) ? (index as number[]) : [0, size];
    const data = this.decodeStream(stream);
    const rowLength = w0 + w1 + w2;
    const entries = new Map<number, XrefEntry | null>();
    let row = 0;
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r];
      const count = ranges[r + 1];
      for (let i = 0; i < count; i++, row++) {
        const at = row * rowLength;
        if (at + rowLength > data.length) throw new PdfSyntaxError('cross-reference stream shorter than its index');
        const type = w0 === 0 ? 1 : readInt(data, at, w0);
        const f1 = readInt(data, at + w0, w1);
        const f2 = readInt(data, at + w0 + w1, w2);
        const num = first + i;
        if (num === 0 || entries.has(num)) continue;
        if (type === 1) entries.set(num, { type: 1, offset: f1, gen: f2 });
        else if (type === 2) entries.set(num, { type: 2, stream: f1, index: f2 });
        else if (type === 0) entries.set(num, null);
      }
    }
    return entries;
  }

  /** Every object the cross-reference lists at an offset must start there with its own number. */
  private checkOffsets(): void {
    const lexer = new PdfLexer(this.bytes);
    for (const [num, entry] of this.entries) {
      if (entry.type === 2) {
        const container = this.entries.get(entry.stream);
        if (!container || container.type !== 1) throw new PdfSyntaxError(`object ${num} is in object stream ${entry.stream}, which is missing`);
        continue;
      }
      if (entry.offset >= this.bytes.length) throw new PdfSyntaxError(`object ${num} lies beyond the end of the file`, entry.offset);
      lexer.pos = entry.offset;
      const ok =
        lexer.next() === Tok.NUMBER &&
        lexer.number === num &&
        lexer.next() === Tok.NUMBER &&
        lexer.number === entry.gen &&
        lexer.next() === Tok.KEYWORD &&
        lexer.isKeyword('obj');
      if (!ok) throw new PdfSyntaxError(`the cross-reference entry of object ${num} does not point at it`, entry.offset);
    }
  }

  // --- objects ---------------------------------------------------------------------------------

  /** The object numbered `num` (null when free or missing, as the standard says). */
  object(num: number): PdfValue {
    if (this.objects.has(num)) return this.objects.get(num) ?? null;
    const entry = this.entries.get(num);
    let value: PdfValue = null;
    if (entry?.type === 1) value = this.readIndirectAt(entry.offset, num).value;
    else if (entry?.type === 2) value = this.readCompressed(num);
    this.objects.set(num, value);
    return value;
  }

  resolve(value: PdfValue | undefined): PdfValue {
    let current: PdfValue = value ?? null;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops > 32) throw new PdfSyntaxError('references form a loop');
      current = this.object(current.num);
    }
    return current;
  }

  /** The stream stored at the offset of object `num` (null for other objects), read without keeping it. */
  streamAt(num: number): PdfStream | null {
    const entry = this.entries.get(num);
    if (entry?.type !== 1) return null;
    const cached = this.objects.get(num);
    if (cached !== undefined) return cached instanceof PdfStream ? cached : null;
    const { value } = this.readIndirectAt(entry.offset, num);
    return value instanceof PdfStream ? value : null;
  }

  /** Where an uncompressed object's body (after `obj`) and its stream data lie, for copying. */
  span(num: number): { bodyStart: number; bodyEnd: number; stream: { start: number; end: number } | null } {
    const entry = this.entries.get(num);
    if (entry?.type !== 1) throw new PdfSyntaxError(`object ${num} is not stored at an offset`);
    return this.readIndirectAt(entry.offset, num).span;
  }

  /** The source text of a compressed object (inside an object stream). */
  compressedText(num: number): Buffer {
    const entry = this.entries.get(num);
    if (entry?.type !== 2) throw new PdfSyntaxError(`object ${num} is not compressed`);
    const container = this.objectStream(entry.stream);
    const span = container.spans.get(num);
    if (!span) throw new PdfSyntaxError(`object ${num} is not in object stream ${entry.stream}`);
    return container.data.subarray(span[0], span[1]);
  }

  private readIndirectAt(offset: number, expected: number | null) {
    const parser = new PdfParser(this.bytes, offset);
    const lexer = parser.lexer;
    const header = lexer.next() === Tok.NUMBER && (expected === null || lexer.number === expected) && lexer.next() === Tok.NUMBER && lexer.next() === Tok.KEYWORD && lexer.isKeyword('obj');
    if (!header) throw new PdfSyntaxError(`no object header${expected === null ? '' : ` for object ${expected}`}`, offset);
    const bodyStart = lexer.pos;
    const value = parser.parseValue();
    const bodyEnd = lexer.pos;
    lexer.next();
    if (value instanceof PdfDict && lexer.isKeyword('stream')) {
      let start = lexer.end;
      if (this.bytes[start] === 0x0d) start++;
      if (this.bytes[start] === 0x0a) start++;
      const length = this.resolve(value.get('Length'));
      if (typeof length !== 'number' || length < 0 || start + length > this.bytes.length) {
        throw new PdfSyntaxError('stream length is missing or beyond the end of the file', offset);
      }
      const end = start + length;
      lexer.pos = end;
      lexer.next();
      if (!lexer.isKeyword('endstream')) throw new PdfSyntaxError('stream length does not match its data', offset);
      return { value: new PdfStream(value, start, end) as PdfValue, span: { bodyStart, bodyEnd, stream: { start, end } } };
    }
    if (!lexer.isKeyword('endobj') && lexer.type !== Tok.EOF && !(lexer.type === Tok.NUMBER)) {
      throw new PdfSyntaxError('object is not followed by endobj', lexer.start);
    }
    return { value, span: { bodyStart, bodyEnd, stream: null } };
  }

  private objectStream(num: number) {
    let container = this.objectStreams.get(num);
    if (container) return container;
    const stream = this.object(num);
    if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'ObjStm') throw new PdfSyntaxError(`object ${num} is not an object stream`);
    const count = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof count !== 'number' || typeof first !== 'number') throw new PdfSyntaxError(`object stream ${num} lacks /N or /First`);
    const data = this.decodeStream(stream);
    const lexer = new PdfLexer(data, 0, Math.min(first, data.length));
    const members: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      if (lexer.next() !== Tok.NUMBER) throw new PdfSyntaxError(`object stream ${num} has a malformed header`);
      const objectNumber = lexer.number;
      if (lexer.next() !== Tok.NUMBER || first + lexer.number > data.length) throw new PdfSyntaxError(`object stream ${num} has a malformed header`);
      members.push([objectNumber, first + lexer.number]);
    }
    members.sort((a, b) => a[1] - b[1]);
    const spans = new Map<number, [number, number]>();
    members.forEach(([objectNumber, start], i) => spans.set(objectNumber, [start, members[i + 1]?.[1] ?? data.length]));
    container = { data, spans };
    this.objectStreams.set(num, container);
    return container;
  }

  private readCompressed(num: number): PdfValue {
    return new PdfParser(this.compressedText(num)).parseValue();
  }

  /** Decodes a stream filtered with nothing or FlateDecode (with PNG predictors), as xref and object streams are. */
  decodeStream(stream: PdfStream): Buffer {
    const raw = this.bytes.subarray(stream.dataStart, stream.dataEnd);
    const filter = this.resolve(stream.dict.get('Filter'));
    const filters = filter === null ? [] : Array.isArray(filter) ? filter : [filter];
    if (filters.length === 0) return raw;
    if (filters.length !== 1 || !(filters[0] instanceof PdfName) || filters[0].name !== 'FlateDecode') {
      throw new PdfSyntaxError('unsupported filter on a structural stream');
    }
    let data: Buffer;
    try {
      data = inflateSync(raw, { maxOutputLength: MAX_INFLATED });
    } catch (error) {
      if (error instanceof RangeError) throw new PdfInflationError(`a structural stream inflates to more than ${MAX_INFLATED} bytes`, MAX_INFLATED);
      throw new PdfSyntaxError('a compressed structural stream cannot be decompressed', stream.dataStart);
    }
    const parms = this.resolve(stream.dict.get('DecodeParms'));
    const params = Array.isArray(parms) ? this.resolve(parms[0]) : parms;
    if (params instanceof PdfDict) {
      const predictor = params.get('Predictor');
      if (typeof predictor === 'number' && predictor >= 10) {
        const columns = params.get('Columns');
        data = unpredictPng(data, typeof columns === 'number' ? columns : 1);
      } else if (typeof predictor === 'number' && predictor > 1) {
        throw new PdfSyntaxError('unsupported predictor on a structural stream');
      }
    }
    return data;
  }
}

function readInt(data: Uint8Array, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i];
  return value;
}

/** Reverses PNG row filters (predictors 10–15), one filter-type byte per row. */
export function unpredictPng(data: Buffer, columns: number): Buffer {
  const rowLength = columns + 1;
  const rows = Math.floor(data.length / rowLength);
  const out = Buffer.alloc(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLength];
    for (let c = 0; c < columns; c++) {
      const raw = data[r * rowLength + 1 + c];
      const left = c > 0 ? out[r * columns + c - 1] : 0;
      const up = r > 0 ? out[(r - 1) * columns + c] : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] : 0;
      let value: number;
      switch (type) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + left;
          break;
        case 2:
          value = raw + up;
          break;
        case 3:
          value = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw new PdfSyntaxError('unknown PNG predictor in a cross-reference stream');
      }
      out[r * columns + c] = value & 0xff;
    }
  }
  return out;
}

/** The offset after the last `startxref` keyword, near the end of the file. */
function findStartXref(bytes: Buffer): number {
  // Some producers append a little junk after %%EOF; readers look a little way back.
  const tail = Math.max(0, bytes.length - 64 * 1024);
  const at = bytes.lastIndexOf('startxref', bytes.length, 'latin1');
  if (at < tail || at < 0) throw new PdfSyntaxError('no startxref at the end of the file (is it truncated?)');
  const lexer = new PdfLexer(bytes, at + 9);
  if (lexer.next() !== Tok.NUMBER || !lexer.integer) throw new PdfSyntaxError('startxref is not followed by an offset', at);
  const offset = lexer.number;
  if (offset <= 0 || offset >= bytes.length) throw new PdfSyntaxError('startxref points outside the file', at);
  if (bytes.indexOf('%%EOF', at, 'latin1') < 0) throw new PdfSyntaxError('no %%EOF marker after startxref (is it truncated?)', at);
  return offset;
}

function mergeTrailers(trailers: PdfDict[]): Trailer {
  const first = <T>(pick: (dict: PdfDict) => T | undefined): T | undefined => {
    for (const dict of trailers) {
      const value = pick(dict);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const root = first((d) => (d.get('Root') instanceof PdfRef ? (d.get('Root') as PdfRef) : undefined));
  if (!root) throw new PdfSyntaxError('the trailer names no document catalog (/Root)');
  const size = first((d) => (typeof d.get('Size') === 'number' ? (d.get('Size') as number) : undefined)) ?? 0;
  const info = first((d) => (d.get('Info') instanceof PdfRef ? (d.get('Info') as PdfRef) : undefined)) ?? null;
  const idValue = first((d) => (Array.isArray(d.get('ID')) ? (d.get('ID') as PdfValue[]) : undefined));
  const id = idValue && idValue.length === 2 && idValue.every((part) => part instanceof PdfString) ? ([(idValue[0] as PdfString).source, (idValue[1] as PdfString).source] as [string, string]) : null;
  const encrypted = trailers.some((d) => d.get('Encrypt') !== undefined && d.get('Encrypt') !== null);
  return { root, info, id, size, encrypted };
}
