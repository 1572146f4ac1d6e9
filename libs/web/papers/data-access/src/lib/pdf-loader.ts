import { Injectable } from '@angular/core';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

/** The size of the parts a large paper is fetched in (pdf.js asks for whole parts). */
export const PART_BYTES = 65_536;

/** A range of a file's bytes, both ends included. */
export interface ByteSpan {
  start: number;
  end: number;
}

/** Where the web build puts pdf.js's worker (apps/web/project.json, assets). */
export const PDF_WORKER_URL = '/pdfjs/pdf.worker.min.mjs';

/**
 * pdf.js, loaded on first use only (it is a large module the other pages never need), with its
 * parsing in a worker so a 300-page paper never blocks the page. Scripting and eval are off: a
 * paper is read, never run.
 */
@Injectable({ providedIn: 'root' })
export class PdfLoader {
  private library: Promise<PdfJs> | null = null;

  pdfjs(): Promise<PdfJs> {
    this.library ??= import('pdfjs-dist').then((pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = PDF_WORKER_URL;
      return pdfjs;
    });
    return this.library;
  }

  /** Every page's text, in page order (index 0 is page 1), told page by page to `progress`. */
  async pageTexts(document: PDFDocumentProxy, progress?: (done: number, total: number) => void): Promise<string[]> {
    const texts: string[] = [];
    progress?.(0, document.numPages);
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
      progress?.(number, document.numPages);
    }
    return texts;
  }

  async open(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
    const pdfjs = await this.pdfjs();
    return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, enableXfa: false, stopAtErrors: false }).promise;
  }

  /**
   * A document of `length` bytes read by parts: pdf.js asks for the parts it needs to show a
   * page (the first page shows long before a large file has arrived), and `fetch` brings them.
   * `initial` is the file's first part, already fetched.
   */
  async openByParts(length: number, initial: ArrayBuffer, fetch: (start: number, end: number) => Promise<ArrayBuffer>, readFirst?: readonly ByteSpan[]): Promise<PDFDocumentProxy> {
    const parts = withEndsFirst(length, initial.byteLength, fetch, readFirst);
    const pdfjs = await this.pdfjs();
    const transport = new pdfjs.PDFDataRangeTransport(length, new Uint8Array(initial));
    transport.requestDataRange = (begin: number, end: number) => {
      // pdf.js's end is exclusive; a part that fails is asked for once more.
      parts(begin, end)
        .catch(() => fetch(begin, end - 1))
        .then(
          (bytes) => transport.onDataRange(begin, new Uint8Array(bytes)),
          () => transport.abort(),
        );
    };
    return pdfjs.getDocument({ range: transport, rangeChunkSize: PART_BYTES, disableAutoFetch: true, disableStream: true, isEvalSupported: false, enableXfa: false, stopAtErrors: false }).promise;
  }
}

/** Without the server's list of what the first page needs, how much of a file's start and end is asked for at once. */
export const PREFETCH_BYTES = 524_288;
/** What pdf.js reads of a file's end before anything else (the trailer and `startxref`). */
const END_BYTES = 1024;

/**
 * pdf.js reads a file from its end (the trailer and the cross-reference), then the objects of
 * the first page, asking for parts one after another, each waiting for the last to be parsed:
 * on a slow link the round trips add up. So what the first page needs is asked for at once, as
 * soon as the file is opened: the end, and `readFirst`, the server's list of the bytes the first
 * page needs (a member's copy names them), each run of neighbouring parts in one request. Without
 * that list, the first and last PREFETCH_BYTES are asked for. Returns what pdf.js's range
 * requests ([begin, end), end exclusive, whole parts) are served by; `fetch` takes inclusive ends.
 */
export function withEndsFirst(
  length: number,
  initialLength: number,
  fetch: (start: number, end: number) => Promise<ArrayBuffer>,
  readFirst?: readonly ByteSpan[],
): (begin: number, end: number) => Promise<ArrayBuffer> {
  const early = new Map<number, Promise<ArrayBuffer>>();
  const partEnd = (begin: number) => Math.min(begin + PART_BYTES, length);
  // The parts each span touches, less those the first part holds and those already asked for.
  const wanted = new Set<number>();
  const spans = readFirst?.length ? [{ start: length - END_BYTES, end: length - 1 }, ...readFirst] : [{ start: length - PREFETCH_BYTES, end: length - 1 }, { start: 0, end: PREFETCH_BYTES - 1 }];
  for (const span of spans) {
    const from = Math.max(0, Math.floor(span.start / PART_BYTES) * PART_BYTES);
    for (let begin = from; begin <= Math.min(span.end, length - 1); begin += PART_BYTES) if (partEnd(begin) > initialLength) wanted.add(begin);
  }
  // Neighbouring parts in one request, handed to pdf.js part by part.
  const begins = [...wanted].sort((a, b) => a - b);
  for (let i = 0; i < begins.length; ) {
    let j = i;
    while (j + 1 < begins.length && begins[j + 1] === begins[j] + PART_BYTES) j++;
    const first = begins[i];
    const run = fetch(first, partEnd(begins[j]) - 1);
    run.catch(() => undefined);
    for (let k = i; k <= j; k++) {
      const begin = begins[k];
      const part = run.then((bytes) => bytes.slice(begin - first, partEnd(begin) - first));
      part.catch(() => undefined);
      early.set(begin, part);
    }
    i = j + 1;
  }
  return async (begin, end) => {
    // pdf.js asks for several neighbouring parts at once: those asked for ahead come from their
    // requests, the others in one request per run.
    const pieces: Promise<ArrayBuffer>[] = [];
    let missing: number | null = null;
    for (let at = begin; at < end; at += PART_BYTES) {
      const kept = early.get(at);
      if (kept && partEnd(at) <= end) {
        if (missing !== null) pieces.push(fetch(missing, at - 1));
        missing = null;
        early.delete(at);
        pieces.push(kept);
      } else if (missing === null) missing = at;
    }
    if (missing !== null) pieces.push(fetch(missing, end - 1));
    const parts = await Promise.all(pieces);
    if (parts.length === 1) return parts[0];
    const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(new Uint8Array(part), offset);
      offset += part.byteLength;
    }
    return joined.buffer;
  };
}

/** `x-copy-read-first`: "start-end" ranges, comma-separated, within a file of `length` bytes. */
export function readFirstRanges(header: string | null, length: number): ByteSpan[] {
  const spans: ByteSpan[] = [];
  for (const item of (header ?? '').split(',').slice(0, 256)) {
    const match = /^\s*(\d+)-(\d+)\s*$/.exec(item);
    if (!match) continue;
    const start = Number(match[1]);
    const end = Math.min(Number(match[2]), length - 1);
    if (start <= end) spans.push({ start, end });
  }
  return spans;
}
