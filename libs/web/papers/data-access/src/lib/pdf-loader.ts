import { Injectable } from '@angular/core';
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

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
}
