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

  async open(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
    const pdfjs = await this.pdfjs();
    return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, enableXfa: false, stopAtErrors: false }).promise;
  }

  /**
   * A document of `length` bytes read by parts: pdf.js asks for the parts it needs to show a
   * page (the first page shows long before a large file has arrived), and `fetch` brings them.
   * `initial` is the file's first part, already fetched.
   */
  async openByParts(length: number, initial: ArrayBuffer, fetch: (start: number, end: number) => Promise<ArrayBuffer>): Promise<PDFDocumentProxy> {
    const pdfjs = await this.pdfjs();
    const transport = new pdfjs.PDFDataRangeTransport(length, new Uint8Array(initial));
    transport.requestDataRange = (begin: number, end: number) => {
      // pdf.js's end is exclusive; a part that fails is asked for once more.
      const part = () => fetch(begin, end - 1);
      part()
        .catch(part)
        .then(
          (bytes) => transport.onDataRange(begin, new Uint8Array(bytes)),
          () => transport.abort(),
        );
    };
    return pdfjs.getDocument({ range: transport, rangeChunkSize: PART_BYTES, disableAutoFetch: true, disableStream: true, isEvalSupported: false, enableXfa: false, stopAtErrors: false }).promise;
  }
}
