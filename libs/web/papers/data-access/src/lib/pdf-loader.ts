import { Injectable } from '@angular/core';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

/** The size of the parts a large paper is fetched in. */
export const PART_BYTES = 262_144;

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
  async openByParts(length: number, initial: ArrayBuffer, fetch: (start: number, end: number) => Promise<ArrayBuffer>, readFirst?: { start: number; end: number }): Promise<PDFDocumentProxy> {
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

/** How much of a file's start and end is asked for at once, in parts, when it is opened by parts. */
export const PREFETCH_BYTES = 524_288;

/**
 * pdf.js reads a file from its end (the trailer, the cross-reference and, in most files, the
 * page tree and the pages' content streams; for a member's copy also the watermark update), then
 * the objects of the first page, which are usually near the start. It asks for them one part
 * after another, each waiting for the last to be parsed: on a slow link the round trips add up.
 * So the parts of the first and last PREFETCH_BYTES are all asked for at once, in parallel,
 * and handed over when pdf.js asks for them. Returns what pdf.js's range requests ([begin, end),
 * end exclusive) are served by; `fetch` takes inclusive ends.
 */
export function withEndsFirst(
  length: number,
  initialLength: number,
  fetch: (start: number, end: number) => Promise<ArrayBuffer>,
  readFirst?: { start: number; end: number },
): (begin: number, end: number) => Promise<ArrayBuffer> {
  const early = new Map<number, Promise<ArrayBuffer>>();
  const ask = (begin: number) => {
    if (begin < initialLength || begin >= length || early.has(begin)) return;
    const part = fetch(begin, Math.min(begin + PART_BYTES, length) - 1);
    part.catch(() => undefined);
    early.set(begin, part);
  };
  const lastPart = Math.floor((length - 1) / PART_BYTES) * PART_BYTES;
  // The end first: nothing can be shown before it is read.
  for (let begin = lastPart; begin >= Math.max(0, lastPart - PREFETCH_BYTES + PART_BYTES); begin -= PART_BYTES) ask(begin);
  // What the server says is read next (a copy's original cross-reference, which its own points back to).
  if (readFirst) for (let begin = Math.floor(readFirst.start / PART_BYTES) * PART_BYTES; begin <= readFirst.end; begin += PART_BYTES) ask(begin);
  for (let begin = 0; begin < Math.min(PREFETCH_BYTES, length); begin += PART_BYTES) ask(begin);
  return (begin, end) => {
    const prefetched = early.get(begin);
    if (prefetched && end === Math.min(begin + PART_BYTES, length)) {
      early.delete(begin);
      return prefetched;
    }
    return fetch(begin, end - 1);
  };
}
