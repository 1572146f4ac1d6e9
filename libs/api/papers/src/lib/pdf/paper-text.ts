import { readFileSync } from 'node:fs';

/** A page's text beyond this is left out of the search index (a page of dense text is about 5,000 characters). */
export const MAX_PAGE_CHARS = 20_000;
/** A paper's text beyond this is left out (a 1,000-page paper of dense text is about 5 million characters). */
export const MAX_PAPER_CHARS = 8_000_000;

interface TextItem {
  str?: string;
  hasEOL?: boolean;
}

interface PdfJs {
  getDocument(source: Record<string, unknown>): { promise: Promise<PdfJsDocument>; destroy(): Promise<void> };
}

interface PdfJsDocument {
  numPages: number;
  getPage(page: number): Promise<{ getTextContent(): Promise<{ items: TextItem[] }>; cleanup(): void }>;
  destroy(): Promise<void>;
}

// Kept from webpack and from TypeScript's CommonJS output, which would turn import() into require().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

let pdfjs: Promise<PdfJs> | null = null;

/**
 * pdf.js (the same library the web reader draws pages with) reads a page's text the way a
 * viewer shows it: fonts' Unicode maps applied, so Vietnamese comes out as Vietnamese. Its
 * display half expects a DOMMatrix at load, which text extraction never uses.
 */
function loadPdfJs(): Promise<PdfJs> {
  if (!pdfjs) {
    const scope = globalThis as { DOMMatrix?: unknown };
    scope.DOMMatrix ??= class DOMMatrix {
      a = 1;
      b = 0;
      c = 0;
      d = 1;
      e = 0;
      f = 0;
    };
    // A bare name, resolved from this file (the built worker bundle sits under the app's node_modules' parent).
    pdfjs = importModule('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfJs>;
  }
  return pdfjs;
}

/**
 * The text of each page of the PDF at `path` (index 0 is page 1), Unicode-normalised (NFC),
 * with runs of white space made one. A page without text (a scan) gives an empty string; a
 * page that fails to read gives an empty string too, and the others are still read.
 */
export async function extractPageTexts(path: string, onProgress: (done: number, total: number) => void = () => undefined, maxPages = Infinity): Promise<string[]> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  let total = 0;
  try {
    const last = Math.min(document.numPages, maxPages);
    for (let number = 1; number <= last; number++) {
      let text = '';
      if (total < MAX_PAPER_CHARS) {
        try {
          const page = await document.getPage(number);
          const content = await page.getTextContent();
          text = pageText(content.items).slice(0, Math.min(MAX_PAGE_CHARS, MAX_PAPER_CHARS - total));
          page.cleanup();
        } catch {
          text = '';
        }
      }
      total += text.length;
      pages.push(text);
      if (number % 25 === 0 || number === last) onProgress(number, last);
    }
  } finally {
    await document.destroy();
  }
  return pages;
}

/** One page's text items joined: a line break where pdf.js saw one, white space folded. */
export function pageText(items: readonly TextItem[]): string {
  return items
    .map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : ''))
    .join('')
    .normalize('NFC')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}
