import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { fontBytes } from '@ecabinet/api/pdf';
import { runQpdf } from '../lib/pdf/qpdf';

export interface SamplePaperOptions {
  pages?: number;
  title?: string;
  /** Object streams and a cross-reference stream (pdf-lib's default) or a classic table. */
  objectStreams?: boolean;
  /** Page sizes cycle through these; rotations too. */
  sizes?: [number, number][];
  rotations?: number[];
}

/** A small, valid PDF with a line of text on every page ("<title> – page n"). */
export async function samplePaper(options: SamplePaperOptions = {}): Promise<Buffer> {
  const { pages = 3, title = 'Sample paper', objectStreams = false, sizes = [[595.28, 841.89]], rotations = [0] } = options;
  const document = await PDFDocument.create({ updateMetadata: false });
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = document.addPage(sizes[i % sizes.length]);
    page.setRotation(degrees(rotations[i % rotations.length]));
    page.drawText(`${title} - page ${i + 1}`, { x: 50, y: page.getHeight() - 80, size: 14, font });
  }
  return Buffer.from(await document.save({ useObjectStreams: objectStreams }));
}

/** A PDF whose pages carry the given Vietnamese text (Noto Sans, embedded with its Unicode map, as office suites write). */
export async function textPaper(pages: readonly string[]): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const font = await document.embedFont(fontBytes('NotoSans-Regular'), { subset: true });
  for (const text of pages) {
    const page = document.addPage([595.28, 841.89]);
    text.split('\n').forEach((line, index) => page.drawText(line, { x: 50, y: 780 - index * 20, size: 12, font }));
  }
  return Buffer.from(await document.save());
}

/** Files a secretary might upload by mistake or a hostile one on purpose (brokenXref is repaired on the way in; the others are refused). */
export async function badPapers(): Promise<Record<'empty' | 'html' | 'truncated' | 'brokenXref' | 'encrypted' | 'garbage', Buffer>> {
  const valid = await samplePaper({ pages: 4, objectStreams: false });
  return {
    empty: Buffer.alloc(0),
    html: Buffer.from('<!DOCTYPE html><html><head><title>To trinh</title></head><body><p>Not a PDF.</p></body></html>\n'),
    truncated: valid.subarray(0, Math.floor(valid.length * 0.6)),
    brokenXref: breakXref(valid),
    encrypted: await encryptWithQpdf(valid, 'secret', 'owner-secret', '256'),
    garbage: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)]),
  };
}

/** Shifts every in-use offset of a classic cross-reference table, as a careless rewrite would. */
export function breakXref(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const start = text.lastIndexOf('\nxref');
  if (start < 0) throw new Error('breakXref needs a classic cross-reference table');
  const fixed = text.slice(start).replace(/(\d{10}) (\d{5}) n/g, (_, offset: string, gen: string) => `${String(Number(offset) + 7).padStart(10, '0')} ${gen} n`);
  return Buffer.from(text.slice(0, start) + fixed, 'latin1');
}

/** The file encrypted by qpdf (WebAssembly): an empty user password means it opens without one; `write` are qpdf's other options. */
export async function encryptWithQpdf(pdf: Buffer, user: string, owner: string, bits: '40' | '128' | '256', options: string[] = [], write: string[] = []): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-encrypt-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const weak = bits === '256' ? [] : ['--allow-weak-crypto'];
    const run = await runQpdf(dir, [...weak, ...write, '--encrypt', user, owner, bits, ...options, '--', '/work/in.pdf', '/work/out.pdf']);
    if (run.code !== 0) throw new Error(`qpdf --encrypt: ${run.messages.join('; ')}`);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A PDF of `count` empty pages, written directly (pdf-lib would take seconds for 10,000). */
export function emptyPages(count: number): Buffer {
  const objects: string[] = [];
  objects[1] = '<</Type/Catalog/Pages 2 0 R>>';
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  objects[2] = `<</Type/Pages/Count ${count}/Kids [${kids}]/MediaBox [0 0 595 842]>>`;
  for (let i = 0; i < count; i++) objects[i + 3] = '<</Type/Page/Parent 2 0 R>>';
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = out.length;
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f\r\n`;
  for (let n = 1; n < objects.length; n++) out += `${String(offsets[n]).padStart(10, '0')} 00000 n\r\n`;
  out += `trailer\n<</Size ${objects.length}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** `qpdf --check`: exit code 0 means no errors and no warnings (3 is warnings, 2 errors). */
export function qpdfCheck(pdf: Buffer): { status: number | null; output: string } {
  return withTempFiles((dir) => {
    writeFileSync(join(dir, 'check.pdf'), pdf);
    const result = spawnSync('qpdf', ['--check', join(dir, 'check.pdf')]);
    return { status: result.status, output: `${result.stdout.toString()}${result.stderr.toString()}` };
  });
}

/** The document outline as qpdf reads it: title, page (from 1) and children. */
export interface OutlineEntry {
  title: string;
  page: number;
  kids: OutlineEntry[];
}

export function pdfOutline(pdf: Buffer): OutlineEntry[] {
  return withTempFiles((dir) => {
    writeFileSync(join(dir, 'outline.pdf'), pdf);
    const result = spawnSync('qpdf', ['--json', '--json-key=outlines', join(dir, 'outline.pdf')]);
    if (result.status !== 0) throw new Error(`qpdf --json failed: ${result.stderr.toString()}`);
    type Raw = { title: string; destpageposfrom1: number; kids: Raw[] };
    const simplify = (entries: Raw[]): OutlineEntry[] => entries.map((e) => ({ title: e.title, page: e.destpageposfrom1, kids: simplify(e.kids) }));
    return simplify((JSON.parse(result.stdout.toString()) as { outlines: Raw[] }).outlines);
  });
}

/** The text poppler's pdftotext extracts (UTF-8), in reading order or keeping the layout. */
export function pdfText(pdf: Buffer, pages?: { first: number; last: number }, layout = false): string {
  return withTempFiles((dir) => {
    writeFileSync(join(dir, 'text.pdf'), pdf);
    const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
    const result = spawnSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), ...range, join(dir, 'text.pdf'), '-']);
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr.toString()}`);
    return result.stdout.toString('utf8');
  });
}

/** A word poppler finds on a page, with its box in points (y grows downwards from the top edge). */
export interface PdfWordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  pageHeight: number;
}

/** Every word of every page with its box (`pdftotext -bbox`): one array per page. */
export function pdfWordBoxes(pdf: Buffer): PdfWordBox[][] {
  const html = withTempFiles((dir) => {
    writeFileSync(join(dir, 'boxes.pdf'), pdf);
    const result = spawnSync('pdftotext', ['-enc', 'UTF-8', '-bbox', join(dir, 'boxes.pdf'), '-']);
    if (result.status !== 0) throw new Error(`pdftotext -bbox failed: ${result.stderr.toString()}`);
    return result.stdout.toString('utf8');
  });
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...html.matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map(([, height, body]) =>
    [...body.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((word) => ({
      text: unescape(word[5]),
      xMin: Number(word[1]),
      yMin: Number(word[2]),
      xMax: Number(word[3]),
      yMax: Number(word[4]),
      pageHeight: Number(height),
    })),
  );
}

function withTempFiles<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-pdf-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
