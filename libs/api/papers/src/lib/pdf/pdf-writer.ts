import { createHash } from 'node:crypto';

/** Where written bytes go: memory (a copy's appended section) or a file (a book). */
export type ByteSink = (chunk: Buffer) => void;

export interface TrailerFields {
  size: number;
  root: string;
  info: string | null;
  /** /ID as two PDF strings (source text). */
  id: [string, string];
  /** Offset of the previous cross-reference section, for an incremental update. */
  prev?: number;
}

/**
 * Writes indirect objects, remembering where each starts, then a cross-reference section and a
 * trailer: a whole file, or an update appended after `base` bytes of an existing one.
 */
export class PdfWriter {
  private position: number;
  private readonly offsets = new Map<number, { offset: number; gen: number }>();

  constructor(
    private readonly sink: ByteSink,
    base = 0,
  ) {
    this.position = base;
  }

  get offset(): number {
    return this.position;
  }

  raw(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.sink(chunk);
    this.position += chunk.length;
  }

  /** `num gen obj <body> endobj`; the body is PDF source (latin1) or bytes. */
  object(num: number, body: string | Buffer | readonly Buffer[], gen = 0): void {
    this.offsets.set(num, { offset: this.position, gen });
    this.raw(`${num} ${gen} obj\n`);
    if (typeof body === 'string' || Buffer.isBuffer(body)) this.raw(body);
    else for (const part of body) this.raw(part);
    this.raw('\nendobj\n');
  }

  /** A stream object with unfiltered (or already filtered, see `entries`) data. */
  stream(num: number, entries: string, data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.object(num, [Buffer.from(`<<${entries}/Length ${bytes.length}>>\nstream\n`, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]);
  }

  /** A classic cross-reference table (subsections of the objects written) and the trailer. */
  finishWithTable(trailer: TrailerFields, full: boolean): void {
    const start = this.position;
    const numbers = [...this.offsets.keys()].sort((a, b) => a - b);
    let out = 'xref\n';
    if (full) {
      // A whole file: one section from 0, with free entries for any unused numbers.
      const last = numbers[numbers.length - 1] ?? 0;
      out += `0 ${last + 1}\n0000000000 65535 f\r\n`;
      for (let num = 1; num <= last; num++) {
        const entry = this.offsets.get(num);
        out += entry ? `${pad(entry.offset, 10)} ${pad(entry.gen, 5)} n\r\n` : '0000000000 00000 f\r\n';
      }
    } else {
      for (const run of runs(numbers)) {
        out += `${run[0]} ${run.length}\n`;
        for (const num of run) {
          const entry = this.offsets.get(num) as { offset: number; gen: number };
          out += `${pad(entry.offset, 10)} ${pad(entry.gen, 5)} n\r\n`;
        }
      }
    }
    out += `trailer\n<</Size ${trailer.size}/Root ${trailer.root}${trailer.info ? `/Info ${trailer.info}` : ''}/ID [${trailer.id[0]} ${trailer.id[1]}]${trailer.prev !== undefined ? `/Prev ${trailer.prev}` : ''}>>\n`;
    out += `startxref\n${start}\n%%EOF\n`;
    this.raw(out);
  }

  /** A cross-reference stream (object `num`, unfiltered) for an update of a file that uses them. */
  finishWithStream(num: number, trailer: TrailerFields): void {
    const start = this.position;
    this.offsets.set(num, { offset: start, gen: 0 });
    const numbers = [...this.offsets.keys()].sort((a, b) => a - b);
    const offsetBytes = Math.max(4, Math.ceil(Math.log2(start + 2) / 8));
    const rowLength = 1 + offsetBytes + 2;
    const data = Buffer.alloc(numbers.length * rowLength);
    numbers.forEach((n, row) => {
      const entry = this.offsets.get(n) as { offset: number; gen: number };
      const at = row * rowLength;
      data[at] = 1;
      data.writeUIntBE(entry.offset, at + 1, offsetBytes);
      data.writeUInt16BE(entry.gen, at + 1 + offsetBytes);
    });
    const index = runs(numbers).map((run) => `${run[0]} ${run.length}`).join(' ');
    const size = Math.max(trailer.size, num + 1);
    const entries =
      `/Type/XRef/Size ${size}/W [1 ${offsetBytes} 2]/Index [${index}]/Root ${trailer.root}` +
      `${trailer.info ? `/Info ${trailer.info}` : ''}/ID [${trailer.id[0]} ${trailer.id[1]}]${trailer.prev !== undefined ? `/Prev ${trailer.prev}` : ''}`;
    this.raw(`${num} 0 obj\n<<${entries}/Length ${data.length}>>\nstream\n`);
    this.raw(data);
    this.raw(`\nendstream\nendobj\nstartxref\n${start}\n%%EOF\n`);
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Ascending numbers split into runs of consecutive ones. */
function runs(numbers: readonly number[]): number[][] {
  const out: number[][] = [];
  for (const num of numbers) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === num - 1) last.push(num);
    else out.push([num]);
  }
  return out;
}

/** A fresh file identifier derived from some seed text (hex string source). */
export function fileId(seed: string): string {
  return `<${createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase()}>`;
}
