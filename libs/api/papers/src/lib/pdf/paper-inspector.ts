import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { buildPaperIndex, PdfTooComplexError, type PaperIndex } from './paper-index';
import { PdfEncryptedError, PdfFile } from './pdf-file';

/** Why an upload cannot be a paper; the service turns each into an error code and a message. */
export type PaperRefusal = 'not-pdf' | 'damaged' | 'encrypted' | 'too-complex';

export class PaperRefusedError extends Error {
  constructor(
    readonly reason: PaperRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'PaperRefusedError';
  }
}

export interface InspectLimits {
  maxPages: number;
  maxObjects: number;
}

export interface InspectedPaper {
  pageCount: number;
  index: PaperIndex;
}

/** A PDF starts with `%PDF-` (readers accept it within the first 1,024 bytes). */
export function looksLikePdf(head: Uint8Array): boolean {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 1024)).includes('%PDF-', 0, 'latin1');
}

/**
 * Reads an uploaded file once, strictly: through its cross-reference as viewers do (every entry
 * must point at its object, every object the pages use must parse), and a second time with
 * pdf-lib, which must agree on the page count. Runs in a worker thread with a time and memory
 * bound; returns what later copies and books need (the index).
 */
export async function inspectPaper(bytes: Buffer, limits: InspectLimits): Promise<InspectedPaper> {
  if (bytes.length === 0) throw new PaperRefusedError('not-pdf', 'the file is empty');
  if (!looksLikePdf(bytes.subarray(0, 1024))) throw new PaperRefusedError('not-pdf', 'the file does not start like a PDF');
  let index: PaperIndex;
  try {
    index = buildPaperIndex(new PdfFile(bytes), limits);
  } catch (error) {
    throw classify(error);
  }
  let pageCount: number;
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false });
    pageCount = document.getPageCount();
  } catch (error) {
    throw classify(error);
  }
  if (pageCount !== index.pages.length) {
    throw new PaperRefusedError('damaged', `readers disagree on the page count (${index.pages.length} through the cross-reference, ${pageCount} object by object)`);
  }
  return { pageCount, index };
}

function classify(error: unknown): PaperRefusedError {
  if (error instanceof PaperRefusedError) return error;
  if (error instanceof PdfEncryptedError || error instanceof EncryptedPDFError) return new PaperRefusedError('encrypted', 'the file is encrypted');
  if (error instanceof PdfTooComplexError) return new PaperRefusedError('too-complex', error.message);
  if (error instanceof RangeError) return new PaperRefusedError('too-complex', error.message);
  return new PaperRefusedError('damaged', error instanceof Error ? error.message : String(error));
}
