import { Transform, type TransformCallback } from 'node:stream';

/**
 * Incremental decoders of the PDF filters besides FlateDecode that can make data larger
 * (LZWDecode by a thousand times, RunLengthDecode by 64, ASCII85Decode by 4 with `z`) or that
 * wrap another filter (ASCIIHexDecode), so that the inflation guard can count what a chain of
 * filters produces without holding it: each decoder takes its input piece by piece and returns
 * what that piece decodes to. Corrupt data ends a decoder (`done`), as readers stop showing it.
 */
export interface IncrementalDecoder {
  readonly done: boolean;
  write(input: Buffer): Buffer;
  end(): Buffer;
}

export type ExpandingFilter = 'LZWDecode' | 'RunLengthDecode' | 'ASCII85Decode' | 'ASCIIHexDecode';

const NAMES: Record<string, ExpandingFilter> = {
  LZWDecode: 'LZWDecode',
  LZW: 'LZWDecode',
  RunLengthDecode: 'RunLengthDecode',
  RL: 'RunLengthDecode',
  ASCII85Decode: 'ASCII85Decode',
  A85: 'ASCII85Decode',
  ASCIIHexDecode: 'ASCIIHexDecode',
  AHx: 'ASCIIHexDecode',
};

/** The filter a name (full or abbreviated) stands for, when it is one of these. */
export function expandingFilter(name: string): ExpandingFilter | null {
  return NAMES[name] ?? null;
}

/** `earlyChange`: LZWDecode's /EarlyChange (1 by default). */
export function createDecoder(filter: ExpandingFilter, earlyChange = 1): IncrementalDecoder {
  switch (filter) {
    case 'LZWDecode':
      return new LzwDecoder(earlyChange === 0 ? 0 : 1);
    case 'RunLengthDecode':
      return new RunLengthDecoder();
    case 'ASCII85Decode':
      return new Ascii85Decoder();
    case 'ASCIIHexDecode':
      return new AsciiHexDecoder();
  }
}

/** Collects output bytes in a buffer that grows as needed. */
class Output {
  private bytes = Buffer.alloc(4096);
  private length = 0;

  push(byte: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = byte;
  }

  fill(byte: number, count: number): void {
    if (this.length + count > this.bytes.length) this.grow(count);
    this.bytes.fill(byte, this.length, this.length + count);
    this.length += count;
  }

  take(): Buffer {
    const out = Buffer.from(this.bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }

  /** Room for `count` more bytes. */
  reserve(count: number): { bytes: Buffer; at: number } {
    if (this.length + count > this.bytes.length) this.grow(count);
    const at = this.length;
    this.length += count;
    return { bytes: this.bytes, at };
  }

  private grow(count: number): void {
    const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.length + count));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }
}

const CLEAR = 256;
const END = 257;

/** LZWDecode: 9- to 12-bit codes, a clear code, an end code, /EarlyChange. */
class LzwDecoder implements IncrementalDecoder {
  done = false;
  private readonly prefix = new Int32Array(4096);
  private readonly suffix = new Uint8Array(4096);
  private readonly lengths = new Uint16Array(4096);
  private readonly firstByte = new Uint8Array(4096);
  private next = 258;
  private bits = 9;
  private previous = -1;
  private buffer = 0;
  private buffered = 0;
  private readonly out = new Output();

  constructor(private readonly earlyChange: number) {
    for (let code = 0; code < 256; code++) {
      this.suffix[code] = code;
      this.firstByte[code] = code;
      this.lengths[code] = 1;
      this.prefix[code] = -1;
    }
  }

  write(input: Buffer): Buffer {
    for (let i = 0; i < input.length && !this.done; i++) {
      this.buffer = ((this.buffer << 8) | input[i]) & 0xfffff;
      this.buffered += 8;
      while (this.buffered >= this.bits && !this.done) {
        this.buffered -= this.bits;
        this.code((this.buffer >>> this.buffered) & ((1 << this.bits) - 1));
      }
    }
    return this.out.take();
  }

  end(): Buffer {
    this.done = true;
    return this.out.take();
  }

  private code(code: number): void {
    if (code === CLEAR) {
      this.next = 258;
      this.bits = 9;
      this.previous = -1;
      return;
    }
    if (code === END) {
      this.done = true;
      return;
    }
    if (this.previous < 0) {
      if (code > 255) {
        this.done = true;
        return;
      }
      this.out.push(code);
      this.previous = code;
      return;
    }
    if (code > this.next || (code === this.next && this.next >= 4096)) {
      this.done = true;
      return;
    }
    // A new entry: the previous string and the first byte of this one (of itself when it is the entry being made).
    if (this.next < 4096) {
      const first = code === this.next ? this.firstByte[this.previous] : this.firstByte[code];
      this.prefix[this.next] = this.previous;
      this.suffix[this.next] = first;
      this.lengths[this.next] = this.lengths[this.previous] + 1;
      this.firstByte[this.next] = this.firstByte[this.previous];
      this.next++;
      if (this.next + this.earlyChange >= 1 << this.bits && this.bits < 12) this.bits++;
    }
    const length = this.lengths[code];
    const { bytes, at } = this.out.reserve(length);
    for (let c = code, i = length - 1; i >= 0; i--, c = this.prefix[c]) bytes[at + i] = this.suffix[c];
    this.previous = code;
  }
}

/** RunLengthDecode: a length byte, then that many literal bytes or one byte repeated; 128 ends. */
class RunLengthDecoder implements IncrementalDecoder {
  done = false;
  private literal = 0;
  private repeat = 0;
  private readonly out = new Output();

  write(input: Buffer): Buffer {
    for (let i = 0; i < input.length && !this.done; i++) {
      const byte = input[i];
      if (this.literal > 0) {
        this.out.push(byte);
        this.literal--;
      } else if (this.repeat > 0) {
        this.out.fill(byte, this.repeat);
        this.repeat = 0;
      } else if (byte < 128) {
        this.literal = byte + 1;
      } else if (byte > 128) {
        this.repeat = 257 - byte;
      } else {
        this.done = true;
      }
    }
    return this.out.take();
  }

  end(): Buffer {
    this.done = true;
    return this.out.take();
  }
}

const isWhite = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;

/** ASCII85Decode: five characters for four bytes, `z` for four zeros, `~>` ends. */
class Ascii85Decoder implements IncrementalDecoder {
  done = false;
  private readonly group: number[] = [];
  private readonly out = new Output();

  write(input: Buffer): Buffer {
    for (let i = 0; i < input.length && !this.done; i++) {
      const byte = input[i];
      if (isWhite(byte)) continue;
      if (byte === 0x7e) {
        this.finish();
      } else if (byte === 0x7a && this.group.length === 0) {
        this.out.fill(0, 4);
      } else if (byte >= 0x21 && byte <= 0x75) {
        this.group.push(byte - 0x21);
        if (this.group.length === 5) this.emit(4);
      } else {
        this.done = true;
      }
    }
    return this.out.take();
  }

  end(): Buffer {
    if (!this.done) this.finish();
    return this.out.take();
  }

  /** A last, partial group of n characters stands for n - 1 bytes. */
  private finish(): void {
    const count = this.group.length;
    if (count > 1) {
      while (this.group.length < 5) this.group.push(84);
      this.emit(count - 1);
    }
    this.group.length = 0;
    this.done = true;
  }

  private emit(count: number): void {
    let value = 0;
    for (const digit of this.group) value = value * 85 + digit;
    this.group.length = 0;
    for (let shift = 24, i = 0; i < count; i++, shift -= 8) this.out.push(Math.floor(value / 2 ** shift) & 0xff);
  }
}

/** ASCIIHexDecode: two hexadecimal digits a byte, white space ignored, `>` ends. */
class AsciiHexDecoder implements IncrementalDecoder {
  done = false;
  private high = -1;
  private readonly out = new Output();

  write(input: Buffer): Buffer {
    for (let i = 0; i < input.length && !this.done; i++) {
      const byte = input[i];
      if (isWhite(byte)) continue;
      if (byte === 0x3e) {
        this.close();
        continue;
      }
      const digit = hexDigit(byte);
      if (digit < 0) {
        this.done = true;
      } else if (this.high < 0) {
        this.high = digit;
      } else {
        this.out.push((this.high << 4) | digit);
        this.high = -1;
      }
    }
    return this.out.take();
  }

  end(): Buffer {
    if (!this.done) this.close();
    return this.out.take();
  }

  /** An odd last digit stands for its byte with a zero after it. */
  private close(): void {
    if (this.high >= 0) this.out.push(this.high << 4);
    this.high = -1;
    this.done = true;
  }
}

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Input is decoded this much at a time: 1 KiB of LZW data makes at most about 1.4 MB. */
const SLICE = 1024;

/**
 * A decoder as a stream stage. Each input chunk is decoded a slice at a time, yielding between
 * slices, so that a counter downstream can stop (destroy) the run before a bomb has expanded.
 */
export class DecoderStream extends Transform {
  constructor(private readonly decoder: IncrementalDecoder) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let at = 0;
    const step = () => {
      if (this.destroyed) return;
      const output = this.decoder.write(chunk.subarray(at, at + SLICE));
      at += SLICE;
      if (output.length > 0) this.push(output);
      if (at < chunk.length && !this.decoder.done) setImmediate(step);
      else callback();
    };
    step();
  }

  override _flush(callback: TransformCallback): void {
    const output = this.decoder.end();
    if (output.length > 0) this.push(output);
    callback();
  }
}
