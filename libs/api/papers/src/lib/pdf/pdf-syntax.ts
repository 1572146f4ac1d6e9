/**
 * The PDF object syntax (ISO 32000-1 §7.2–7.3): a byte-level lexer, a small value model and its
 * serialisation. Hand-written because the papers pipeline must work on the stored bytes as they
 * are (byte offsets, raw stream data, references renumbered in place), which pdf-lib's object
 * model does not expose; pdf-lib still loads every upload once as a second opinion.
 */

export class PdfName {
  private static readonly cache = new Map<string, PdfName>();
  private constructor(readonly name: string) {}

  static of(name: string): PdfName {
    let cached = PdfName.cache.get(name);
    if (!cached) {
      cached = new PdfName(name);
      if (PdfName.cache.size < 10_000) PdfName.cache.set(name, cached);
    }
    return cached;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A literal or hexadecimal string, kept as its source text (delimiters and escapes included). */
export class PdfString {
  constructor(readonly source: string) {}
}

export class PdfDict {
  readonly entries = new Map<string, PdfValue>();

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }

  name(key: string): string | undefined {
    const value = this.entries.get(key);
    return value instanceof PdfName ? value.name : undefined;
  }
}

/** A stream object: its dictionary and where its (still encoded) data lies in the file. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataStart: number,
    readonly dataEnd: number,
  ) {}
}

export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfDict | PdfStream | PdfValue[];

/** The file is not a well-formed PDF; the message says where, for the log. */
export class PdfSyntaxError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'PdfSyntaxError';
  }
}

// Character classes: 0 regular, 1 white-space, 2 delimiter.
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

export const Tok = {
  EOF: 0,
  NUMBER: 1,
  NAME: 2,
  STRING: 3,
  HEX: 4,
  DICT_OPEN: 5,
  DICT_CLOSE: 6,
  ARRAY_OPEN: 7,
  ARRAY_CLOSE: 8,
  KEYWORD: 9,
  BRACE: 10,
} as const;
export type TokType = (typeof Tok)[keyof typeof Tok];

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * Splits bytes into tokens without allocating: after `next()`, `type`, `start` and `end` describe
 * the token. Comments are skipped as white-space.
 */
export class PdfLexer {
  type: TokType = Tok.EOF;
  start = 0;
  end = 0;
  /** For NUMBER tokens: the value, and whether it was written as an integer. */
  number = 0;
  integer = false;

  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly limit = bytes.length,
  ) {}

  skipSpace(): void {
    const { bytes, limit } = this;
    let pos = this.pos;
    while (pos < limit) {
      const c = bytes[pos];
      if (CLASS[c] === 1) pos++;
      else if (c === 0x25) {
        while (pos < limit && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
      } else break;
    }
    this.pos = pos;
  }

  next(): TokType {
    this.skipSpace();
    const { bytes, limit } = this;
    let pos = this.pos;
    this.start = pos;
    if (pos >= limit) return this.set(Tok.EOF, pos);
    const c = bytes[pos];
    switch (c) {
      case 0x2f: {
        // /Name
        pos++;
        while (pos < limit && CLASS[bytes[pos]] === 0) pos++;
        return this.set(Tok.NAME, pos);
      }
      case 0x28: {
        // (literal string) with balanced parentheses and backslash escapes
        let depth = 1;
        pos++;
        while (pos < limit && depth > 0) {
          const d = bytes[pos++];
          if (d === 0x5c) pos++;
          else if (d === 0x28) depth++;
          else if (d === 0x29) depth--;
        }
        if (depth > 0) throw new PdfSyntaxError('unterminated string', this.start);
        return this.set(Tok.STRING, pos);
      }
      case 0x3c: {
        if (bytes[pos + 1] === 0x3c) return this.set(Tok.DICT_OPEN, pos + 2);
        pos++;
        while (pos < limit && bytes[pos] !== 0x3e) pos++;
        if (pos >= limit) throw new PdfSyntaxError('unterminated hex string', this.start);
        return this.set(Tok.HEX, pos + 1);
      }
      case 0x3e: {
        if (bytes[pos + 1] === 0x3e) return this.set(Tok.DICT_CLOSE, pos + 2);
        throw new PdfSyntaxError('unexpected ">"', pos);
      }
      case 0x5b:
        return this.set(Tok.ARRAY_OPEN, pos + 1);
      case 0x5d:
        return this.set(Tok.ARRAY_CLOSE, pos + 1);
      case 0x7b:
      case 0x7d:
        return this.set(Tok.BRACE, pos + 1);
      case 0x29:
        throw new PdfSyntaxError('unexpected ")"', pos);
    }
    // A number or a keyword: a run of regular characters.
    const first = pos;
    while (pos < limit && CLASS[bytes[pos]] === 0) pos++;
    if (this.scanNumber(first, pos)) return this.set(Tok.NUMBER, pos);
    return this.set(Tok.KEYWORD, pos);
  }

  private set(type: TokType, end: number): TokType {
    this.type = type;
    this.end = end;
    this.pos = end;
    return type;
  }

  private scanNumber(from: number, to: number): boolean {
    const { bytes } = this;
    let i = from;
    const negative = bytes[i] === 0x2d;
    if (negative || bytes[i] === 0x2b) i++;
    let value = 0;
    let digits = 0;
    while (i < to && isDigit(bytes[i])) {
      value = value * 10 + (bytes[i] - 0x30);
      i++;
      digits++;
    }
    let integer = true;
    if (i < to && bytes[i] === 0x2e) {
      integer = false;
      i++;
      while (i < to && isDigit(bytes[i])) {
        i++;
        digits++;
      }
    }
    if (i !== to || digits === 0) return false;
    // Decimals go through Number() so that 595.28 stays 595.28.
    this.number = integer ? (negative ? -value : value) : Number(latin1(bytes, from, to));
    if (Number.isNaN(this.number)) this.number = 0;
    this.integer = integer;
    return true;
  }

  /** The current token's bytes as text (latin1). */
  text(): string {
    return latin1(this.bytes, this.start, this.end);
  }

  isKeyword(word: string): boolean {
    if (this.type !== Tok.KEYWORD || this.end - this.start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (this.bytes[this.start + i] !== word.charCodeAt(i)) return false;
    return true;
  }
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** Decodes `#xx` escapes of a name token (without its slash). */
function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : raw;
}

const MAX_DEPTH = 64;

/** Parses values from a lexer; references (`n g R`) are recognised by looking two tokens ahead. */
export class PdfParser {
  readonly lexer: PdfLexer;

  constructor(bytes: Uint8Array, pos = 0, limit = bytes.length) {
    this.lexer = new PdfLexer(bytes, pos, limit);
  }

  get pos(): number {
    return this.lexer.pos;
  }

  set pos(value: number) {
    this.lexer.pos = value;
  }

  parseValue(depth = 0): PdfValue {
    const lexer = this.lexer;
    lexer.next();
    return this.valueFromToken(depth);
  }

  private valueFromToken(depth: number): PdfValue {
    const lexer = this.lexer;
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('objects nested too deeply', lexer.start);
    switch (lexer.type) {
      case Tok.NUMBER: {
        const value = lexer.number;
        if (!lexer.integer || value < 0) return value;
        const mark = lexer.pos;
        if (lexer.next() === Tok.NUMBER && lexer.integer && lexer.number >= 0) {
          const gen = lexer.number;
          if (lexer.next() === Tok.KEYWORD && lexer.isKeyword('R')) return new PdfRef(value, gen);
        }
        lexer.pos = mark;
        return value;
      }
      case Tok.NAME:
        return PdfName.of(decodeName(latin1(lexer.bytes, lexer.start + 1, lexer.end)));
      case Tok.STRING:
      case Tok.HEX:
        return new PdfString(lexer.text());
      case Tok.ARRAY_OPEN: {
        const items: PdfValue[] = [];
        for (;;) {
          const next = lexer.next();
          if (next === Tok.ARRAY_CLOSE) return items;
          if (next === Tok.EOF) throw new PdfSyntaxError('unterminated array', lexer.start);
          items.push(this.valueFromToken(depth + 1));
        }
      }
      case Tok.DICT_OPEN: {
        const dict = new PdfDict();
        for (;;) {
          const next = lexer.next();
          if (next === Tok.DICT_CLOSE) return dict;
          if (next !== Tok.NAME) throw new PdfSyntaxError('dictionary key is not a name', lexer.start);
          const key = decodeName(latin1(lexer.bytes, lexer.start + 1, lexer.end));
          // A key without a value ends the dictionary: tolerated, as readers do.
          if (lexer.next() === Tok.DICT_CLOSE) return dict;
          dict.entries.set(key, this.valueFromToken(depth + 1));
        }
      }
      case Tok.KEYWORD:
        if (lexer.isKeyword('true')) return true;
        if (lexer.isKeyword('false')) return false;
        if (lexer.isKeyword('null')) return null;
        throw new PdfSyntaxError(`unexpected keyword "${lexer.text().slice(0, 20)}"`, lexer.start);
      case Tok.EOF:
        throw new PdfSyntaxError('unexpected end of data', lexer.start);
      case Tok.DICT_CLOSE:
      case Tok.ARRAY_CLOSE:
      case Tok.BRACE:
        throw new PdfSyntaxError('unexpected delimiter', lexer.start);
    }
    throw new PdfSyntaxError('unexpected token', lexer.start);
  }
}

// --- serialisation -------------------------------------------------------------------------------

const NAME_SAFE = /^[A-Za-z0-9._+\-*:;=?@^`|~!$&']*$/;

export function serializeName(name: string): string {
  if (NAME_SAFE.test(name)) return `/${name}`;
  let out = '/';
  for (const ch of Buffer.from(name, 'latin1')) {
    out += ch > 0x20 && ch < 0x7f && CLASS[ch] === 0 && ch !== 0x23 ? String.fromCharCode(ch) : `#${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function serializeNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const text = value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/** Writes a value back as PDF syntax; `mapRef` may renumber references (null writes `null`). */
export function serializeValue(value: PdfValue, mapRef?: (ref: PdfRef) => string | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return serializeNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof PdfName) return serializeName(value.name);
  if (value instanceof PdfRef) return mapRef ? (mapRef(value) ?? 'null') : `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return value.source;
  if (Array.isArray(value)) return `[${value.map((item) => serializeValue(item, mapRef)).join(' ')}]`;
  if (value instanceof PdfDict) return `<<${serializeEntries(value.entries, mapRef)}>>`;
  throw new PdfSyntaxError('a stream cannot be written as a direct object');
}

export function serializeEntries(entries: Iterable<[string, PdfValue]>, mapRef?: (ref: PdfRef) => string | null): string {
  let out = '';
  for (const [key, value] of entries) out += `${serializeName(key)} ${serializeValue(value, mapRef)}`;
  return out;
}

/** A PDF text string (UTF-16BE with BOM when not plain ASCII), for outlines and metadata. */
export function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/([\\()])/g, '\\$1')})`;
  const utf16 = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  return `<${utf16.toString('hex').toUpperCase()}>`;
}

/**
 * Copies `bytes[start, end)` replacing each reference `n g R` by `mapRef(n, g)` (or `null`),
 * leaving everything else (strings, names, numbers, layout) byte for byte as it was.
 */
export function rewriteRefs(bytes: Uint8Array, start: number, end: number, mapRef: (num: number, gen: number) => string | null): Buffer {
  const lexer = new PdfLexer(bytes, start, end);
  const parts: Buffer[] = [];
  let copied = start;
  // A sliding window over the last two tokens (a, then b), to recognise `int int R`.
  let aInt = false;
  let aNum = 0;
  let aStart = 0;
  let bInt = false;
  let bNum = 0;
  let bStart = 0;
  for (;;) {
    const type = lexer.next();
    if (type === Tok.EOF) break;
    if (type === Tok.KEYWORD && aInt && bInt && lexer.end - lexer.start === 1 && bytes[lexer.start] === 0x52) {
      parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + copied, aStart - copied));
      parts.push(Buffer.from(mapRef(aNum, bNum) ?? 'null', 'latin1'));
      copied = lexer.end;
      aInt = bInt = false;
      continue;
    }
    aInt = bInt;
    aNum = bNum;
    aStart = bStart;
    bInt = type === Tok.NUMBER && lexer.integer && lexer.number >= 0;
    bNum = lexer.number;
    bStart = lexer.start;
  }
  if (parts.length === 0) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + copied, end - copied));
  return Buffer.concat(parts);
}
