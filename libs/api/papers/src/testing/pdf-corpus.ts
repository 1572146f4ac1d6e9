import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createDeflate } from 'node:zlib';
import { breakXref, emptyPages, encryptWithQpdf, samplePaper } from './pdf-fixtures';

/** What the intake must make of a corpus file. */
export type CorpusOutcome = 'accepted' | 'repaired' | 'decrypted' | 'encrypted' | 'damaged' | 'not-pdf' | 'oversized-stream';

export interface CorpusFile {
  name: string;
  bytes: Buffer;
  expected: CorpusOutcome;
  /** Pages of an accepted file. */
  pages?: number;
  /** Why a file viewers open is refused on purpose (left out of the viewers' rule). */
  refusedOnPurpose?: string;
}

/**
 * Real-world breakage, made here in a few lines each (no file to download, nothing to install:
 * encryption by qpdf compiled to WebAssembly, the same qpdf the API embeds): damaged
 * cross-reference tables and streams, missing trailers, junk before the header, owner-password
 * files (RC4 40 and 128 bits, AES 128 and 256), a user-password file, both at once with damage,
 * and decompression bombs. Each says what the intake must make of it.
 */
export async function realWorldCorpus(): Promise<CorpusFile[]> {
  const classic = await samplePaper({ pages: 4, title: 'Bao cao', objectStreams: false });
  const compressed = await samplePaper({ pages: 3, title: 'To trinh', objectStreams: true });
  const text = classic.toString('latin1');
  const latin1 = (value: string) => Buffer.from(value, 'latin1');
  const xrefAt = text.lastIndexOf('\nxref') + 1;
  const files: CorpusFile[] = [
    { name: 'valid classic', bytes: classic, expected: 'accepted', pages: 4 },
    { name: 'valid object streams', bytes: compressed, expected: 'accepted', pages: 3 },
    { name: 'xref offsets shifted', bytes: breakXref(classic), expected: 'repaired', pages: 4 },
    { name: 'xref offsets all wrong', bytes: latin1(text.slice(0, xrefAt) + text.slice(xrefAt).replace(/\d{10} 00000 n/g, '0000000001 00000 n')), expected: 'repaired', pages: 4 },
    { name: 'xref truncated', bytes: latin1(text.slice(0, xrefAt + 60)), expected: 'repaired', pages: 4 },
    { name: 'trailer missing', bytes: latin1(text.slice(0, text.lastIndexOf('trailer'))), expected: 'repaired', pages: 4 },
    { name: 'startxref wrong', bytes: latin1(text.replace(/startxref\s+\d+/, 'startxref\n999999')), expected: 'repaired', pages: 4 },
    { name: 'xref stream offset wrong', bytes: wrongStartxref(compressed), expected: 'repaired', pages: 3 },
    { name: 'stream lengths wrong', bytes: latin1(text.replace(/\/Length (\d+)/g, (_, n: string) => `/Length ${Number(n) + 5000}`)), expected: 'repaired', pages: 4 },
    {
      name: 'stream lengths wrong, owner password',
      bytes: latin1((await encryptWithQpdf(classic, '', 'owner', '256', [], ['--object-streams=disable'])).toString('latin1').replace(/\/Length (\d+)/g, (_, n: string) => `/Length ${Number(n) + 3}`)),
      expected: 'decrypted',
      pages: 4,
    },
    { name: 'page tree kid missing', bytes: latin1(text.replace(/\/Kids\s*\[/, '/Kids [999 0 R ')), expected: 'repaired', pages: 4 },
    { name: 'MediaBox empty (viewers show US Letter)', bytes: latin1(emptyPages(2).toString('latin1').replace('/MediaBox [0 0 595 842]', '/MediaBox [0 0 000 000]')), expected: 'accepted', pages: 2 },
    { name: 'junk before header', bytes: Buffer.concat([latin1('From: so-tai-chinh@gov.vn\r\nContent-Type: application/pdf\r\n\r\n'), classic]), expected: 'repaired', pages: 4 },
    { name: 'junk beyond 1024 bytes', bytes: Buffer.concat([Buffer.alloc(3000, 0x20), classic]), expected: 'repaired', pages: 4 },
    { name: 'owner password RC4 40-bit', bytes: await encryptWithQpdf(classic, '', 'owner', '40'), expected: 'decrypted', pages: 4 },
    { name: 'owner password RC4 128-bit', bytes: await encryptWithQpdf(classic, '', 'owner', '128', ['--use-aes=n']), expected: 'decrypted', pages: 4 },
    { name: 'owner password AES 128-bit', bytes: await encryptWithQpdf(compressed, '', 'owner', '128', ['--use-aes=y']), expected: 'decrypted', pages: 3 },
    { name: 'owner password AES 256-bit', bytes: await encryptWithQpdf(classic, '', 'owner', '256'), expected: 'decrypted', pages: 4 },
    { name: 'owner password, xref broken', bytes: breakXref(await encryptWithQpdf(classic, '', 'owner', '128', ['--use-aes=y'], ['--object-streams=disable'])), expected: 'decrypted', pages: 4 },
    { name: 'owner password AES 256-bit, object streams, startxref wrong', bytes: wrongStartxref(await encryptWithQpdf(compressed, '', 'owner', '256', [], ['--object-streams=generate'])), expected: 'decrypted', pages: 3 },
    { name: 'user password AES 256-bit', bytes: await encryptWithQpdf(classic, 'user', 'owner', '256'), expected: 'encrypted' },
    { name: 'user password RC4 128-bit, xref broken', bytes: breakXref(await encryptWithQpdf(classic, 'user', 'owner', '128', ['--use-aes=n'], ['--object-streams=disable'])), expected: 'encrypted' },
    {
      name: 'a page object destroyed',
      bytes: latin1(text.replace(/\n(\d+) 0 obj(\s*<<[^>]*\/Type \/Page\b)/, '\n$1 0 xbj$2')),
      expected: 'damaged',
      refusedOnPurpose: 'poppler counts the lost page and shows it blank; a paper stored with fewer pages than it declares would mislead its readers',
    },
    { name: 'header only', bytes: Buffer.concat([latin1('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)]), expected: 'damaged' },
    { name: 'first bytes only', bytes: classic.subarray(0, 200), expected: 'damaged' },
    { name: 'html', bytes: latin1('<!DOCTYPE html><html><body><p>Not a PDF.</p></body></html>\n'), expected: 'not-pdf' },
    { name: 'flate bomb 300 MiB', bytes: await flateBomb(300), expected: 'oversized-stream' },
    { name: 'double flate bomb 300 MiB', bytes: await flateBomb(300, 2), expected: 'oversized-stream' },
    { name: 'flate bomb 300 MiB, xref broken', bytes: breakXref(await flateBomb(300)), expected: 'oversized-stream' },
    { name: 'flate bomb 300 MiB, hex-encoded around it', bytes: await hexWrappedFlateBomb(300), expected: 'oversized-stream' },
    { name: 'LZW bomb 300 MiB', bytes: lzwBomb(300), expected: 'oversized-stream' },
    { name: 'LZW bomb 300 MiB, xref broken', bytes: breakXref(lzwBomb(300)), expected: 'oversized-stream' },
    { name: 'LZW-compressed page (1 MiB)', bytes: lzwBomb(1), expected: 'accepted', pages: 1 },
  ];
  return files;
}

/** Points startxref of a file with a cross-reference stream somewhere else. */
function wrongStartxref(pdf: Buffer): Buffer {
  return Buffer.from(pdf.toString('latin1').replace(/startxref\s+\d+/, 'startxref\n12'), 'latin1');
}

/**
 * A one-page PDF whose page content is a FlateDecode stream of `mebibytes` MiB of spaces
 * (compressed `rounds` times): a few hundred kilobytes that inflate past any reasonable bound.
 */
export async function flateBomb(mebibytes: number, rounds = 1): Promise<Buffer> {
  let data = await deflateRepeated(Buffer.alloc(1024 * 1024, 0x20), mebibytes);
  for (let round = 1; round < rounds; round++) data = await deflateRepeated(data, 1);
  return onePagePdf(rounds === 1 ? '/FlateDecode' : `[${Array(rounds).fill('/FlateDecode').join(' ')}]`, data);
}

/** The same bomb, deflated once and then hex-encoded: `[/ASCIIHexDecode /FlateDecode]`. */
export async function hexWrappedFlateBomb(mebibytes: number): Promise<Buffer> {
  const data = await deflateRepeated(Buffer.alloc(1024 * 1024, 0x20), mebibytes);
  return onePagePdf('[/AHx /Fl]', Buffer.from(`${data.toString('hex')}>`, 'latin1'));
}

/** A page whose content is `mebibytes` MiB of spaces in LZWDecode (about 1,300 times smaller). */
export function lzwBomb(mebibytes: number): Buffer {
  return onePagePdf('/LZWDecode', lzwRun(0x20, mebibytes * 1024 * 1024));
}

/**
 * LZW codes of `bytes` copies of one byte, written straight: each code after the first names
 * the entry the decoder is about to make (one byte longer each time), up to a full table, then
 * a clear code. What encoding that much data byte by byte would give, without the time.
 */
export function lzwRun(byte: number, bytes: number): Buffer {
  const bits = new BitWriter();
  let width = 9;
  let next = 258;
  let index = 0;
  let written = 0;
  bits.write(256, width);
  while (written < bytes) {
    bits.write(index === 0 ? byte : next, width);
    written += index + 1;
    if (index > 0) {
      next++;
      if (next + 1 >= 1 << width && width < 12) width++;
    }
    index++;
    if (next >= 4094) {
      bits.write(256, width);
      width = 9;
      next = 258;
      index = 0;
    }
  }
  bits.write(257, width);
  return bits.end();
}

class BitWriter {
  private readonly out: number[] = [];
  private buffer = 0;
  private buffered = 0;

  write(code: number, width: number): void {
    this.buffer = (this.buffer << width) | code;
    this.buffered += width;
    while (this.buffered >= 8) {
      this.buffered -= 8;
      this.out.push((this.buffer >>> this.buffered) & 0xff);
    }
    this.buffer &= (1 << this.buffered) - 1;
  }

  end(): Buffer {
    if (this.buffered > 0) this.out.push((this.buffer << (8 - this.buffered)) & 0xff);
    return Buffer.from(this.out);
  }
}

/**
 * LZW as PDF writes it (LZWDecode, /EarlyChange 1: 9 to 12-bit codes, a clear code when the
 * table is full, the end code last) of `times` copies of `chunk`, for test files.
 */
export function lzwEncode(chunk: Buffer, times = 1): Buffer {
  const writer = new BitWriter();
  let bits = 9;
  const emit = (code: number) => writer.write(code, bits);
  let table = new Map<string, number>();
  let next = 258;
  emit(256);
  let current = -1;
  for (let copy = 0; copy < times; copy++) {
    for (const byte of chunk) {
      if (current < 0) {
        current = byte;
        continue;
      }
      const key = `${current},${byte}`;
      const known = table.get(key);
      if (known !== undefined) {
        current = known;
        continue;
      }
      emit(current);
      table.set(key, next++);
      // The decoder makes each entry one code later than here: with /EarlyChange 1 it widens then.
      if (next >= 1 << bits && bits < 12) bits++;
      if (next >= 4094) {
        emit(256);
        table = new Map();
        next = 258;
        bits = 9;
      }
      current = byte;
    }
  }
  if (current >= 0) {
    emit(current);
    if (++next >= 1 << bits && bits < 12) bits++;
  }
  emit(257);
  return writer.end();
}

/** A one-page PDF whose page content is `data` under `filter`. */
export function onePagePdf(filter: string, data: Buffer): Buffer {
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Count 1/Kids[3 0 R]>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  const push = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.length;
  };
  objects.forEach((body, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
  });
  offsets.push(length);
  push(Buffer.from(`4 0 obj\n<</Length ${data.length}/Filter ${filter}>>\nstream\n`, 'latin1'));
  push(data);
  push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  const xref = length;
  push(Buffer.from(`xref\n0 5\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Deflates `times` copies of `chunk` as one stream, never holding the inflated whole. */
function deflateRepeated(chunk: Buffer, times: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
    const out: Buffer[] = [];
    deflate.on('data', (part: Buffer) => out.push(part));
    deflate.on('end', () => resolve(Buffer.concat(out)));
    deflate.on('error', reject);
    let written = 0;
    const write = () => {
      while (written < times) {
        written++;
        if (!deflate.write(chunk)) return void deflate.once('drain', write);
      }
      deflate.end();
    };
    write();
  });
}

/**
 * Whether the viewers of reference open the file: `qpdf --check` (exit 0 or 3) or poppler's
 * `pdftoppm` rendering page 1. Null when neither tool is installed (the corpus' expectations
 * still hold; the oracle is what the hidden corpus of real files is judged by).
 */
export function viewersOpen(pdf: Buffer): boolean | null {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-oracle-'));
  try {
    const path = join(dir, 'file.pdf');
    writeFileSync(path, pdf);
    const qpdf = spawnSync('qpdf', ['--check', path], { timeout: 60_000 });
    const poppler = spawnSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '10', '-png', path, join(dir, 'page')], { timeout: 60_000 });
    if (qpdf.error && poppler.error) return null;
    return (!qpdf.error && (qpdf.status === 0 || qpdf.status === 3)) || (!poppler.error && poppler.status === 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
