import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { checkInflation, countInflation, PdfInflationError, type InflationLimits } from './inflation-guard';
import { buildPaperIndex, PdfTooComplexError, type PaperIndex } from './paper-index';
import { PaperRepairError, qpdfPageCount, repairPaper, type RewriteOptions } from './paper-repair';
import { PdfEncryptedError, PdfFile } from './pdf-file';
import { PdfName } from './pdf-syntax';
import { declaredPageCount, scanObjects } from './xref-rebuild';

/**
 * Why an upload cannot be a paper; the service turns each into an error code and a message.
 * `encrypted` is a file that needs a password to open; one with an owner password only is
 * decrypted on the way in.
 */
export type PaperRefusal = 'not-pdf' | 'damaged' | 'encrypted' | 'too-complex' | 'oversized-stream';

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
  /** How far compressed streams may inflate; DEFAULT_INFLATION_LIMITS when not given. */
  inflation?: InflationLimits;
}

/** 256 MiB for one stream (a 600 dpi A3 colour page is about 100 MiB), 2 GiB for all of them. */
export const DEFAULT_INFLATION_LIMITS: InflationLimits = { maxStreamBytes: 256 * 1024 * 1024, maxTotalBytes: 2048 * 1024 * 1024 };

export interface InspectedPaper {
  pageCount: number;
  index: PaperIndex;
}

/** A paper taken in: the file the index describes is the one received, or its repaired rewrite. */
export interface TakenInPaper extends InspectedPaper {
  /** Null when the received file is kept as it is; otherwise the file written at the output path. */
  rewritten: { repaired: boolean; decrypted: boolean; sizeBytes: number; sha256: string } | null;
}

/** A PDF starts with `%PDF-` (readers accept it within the first 1,024 bytes). */
export function looksLikePdf(head: Uint8Array): boolean {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 1024)).includes('%PDF-', 0, 'latin1');
}

/**
 * Takes in the upload at `path`, the way viewers open it: the file is read strictly
 * (inspectPaper); when that finds it damaged or encrypted, or the header is not at byte 0, qpdf
 * rewrites it into `outputPath` (repaired, decrypted when only an owner password protects it),
 * and the rewrite is read strictly in turn. A file that needs a password to open is refused as
 * encrypted, one nothing can read as damaged (not a PDF when it has no header either). Runs in
 * a worker thread; the caller removes `outputPath` whatever happens.
 */
export async function takeInPaper(path: string, outputPath: string, limits: InspectLimits): Promise<TakenInPaper> {
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new PaperRefusedError('not-pdf', 'the file is empty');
  const header = looksLikePdf(bytes.subarray(0, 1024));
  let reason: PaperRefusal = 'damaged';
  if (header) {
    try {
      return { ...(await inspectPaper(bytes, limits)), rewritten: null };
    } catch (error) {
      const refusal = classify(error);
      if (refusal.reason !== 'damaged' && refusal.reason !== 'encrypted') throw refusal;
      reason = refusal.reason;
    }
  }
  // Viewers (poppler, qpdf) also open a file whose header is further in, or missing.
  const unreadable = (message: string) => new PaperRefusedError(header ? 'damaged' : 'not-pdf', message);
  // Before qpdf reads it (it inflates object streams to read them), every compressed stream the
  // scan finds is counted: a bomb in a damaged file is refused here.
  const scan = scanObjects(bytes);
  try {
    const streams = scan.streams.map(({ num, dict, dataStart, dataEnd }) => {
      const filter = dict.get('Filter');
      return { num, filters: Array.isArray(filter) ? filter : filter instanceof PdfName ? [filter] : [], data: scan.bytes.subarray(dataStart, dataEnd) };
    });
    await countInflation(streams, limits.inflation ?? DEFAULT_INFLATION_LIMITS);
  } catch (error) {
    throw classify(error);
  }
  const rewrite = async (options: RewriteOptions) => {
    try {
      const outcome = await repairPaper(bytes, path, outputPath, options, scan);
      const rewritten = readFileSync(outputPath);
      return { outcome, rewritten, inspected: await inspectPaper(rewritten, limits, () => qpdfPageCount(outputPath)) };
    } catch (error) {
      if (error instanceof PaperRepairError) {
        if (error.failure === 'needs-password') throw new PaperRefusedError('encrypted', 'the file needs a password to open');
        throw unreadable(error.message);
      }
      const refusal = classify(error);
      throw refusal.reason === 'damaged' || refusal.reason === 'encrypted' ? unreadable(`after qpdf: ${refusal.message}`) : refusal;
    }
  };
  // When qpdf's rewrite does not read strictly: once more without object streams (pdf-lib, the
  // second opinion, reads some badly).
  const attempts: RewriteOptions[] = [{ objectStreams: 'preserve' }, { objectStreams: 'disable' }];
  let result;
  for (const [i, options] of attempts.entries()) {
    try {
      result = await rewrite(options);
      break;
    } catch (error) {
      const retry = error instanceof PaperRefusedError && error.reason === (header ? 'damaged' : 'not-pdf') && error.message.startsWith('after qpdf');
      if (!retry || i === attempts.length - 1) throw error;
    }
  }
  if (!result) throw unreadable('qpdf could not rewrite the file');
  const { outcome, rewritten, inspected } = result;
  // The qpdf build embedded here has no recovery of its own: a rewrite that lost pages the
  // upload's page tree declares, or that pdf-lib finds in it (object by object, ignoring the
  // cross-reference), is not a repair: refused rather than stored short.
  const found = Math.max(
    declaredPageCount(scan) ?? 0,
    await pdfLibPageCount(bytes.subarray(Math.max(0, bytes.indexOf('%PDF-', 0, 'latin1'))), true).catch(() => 0),
  );
  if (found > inspected.pageCount) throw unreadable(`the repair keeps ${inspected.pageCount} of the ${found} pages the upload declares`);
  return {
    ...inspected,
    rewritten: {
      repaired: outcome.repaired || reason === 'damaged',
      decrypted: outcome.decrypted,
      sizeBytes: rewritten.length,
      sha256: createHash('sha256').update(rewritten).digest('hex'),
    },
  };
}

/**
 * Reads a file once, strictly: through its cross-reference as viewers do (every entry must point
 * at its object, every object the pages use must parse), and a second time with pdf-lib, which
 * must agree on the page count (or, when it cannot read it, `thirdOpinion`: qpdf for its own rewrite); then inflates every compressed stream, counting, within bounds.
 * Returns what later copies and books need (the index).
 */
export async function inspectPaper(bytes: Buffer, limits: InspectLimits, thirdOpinion?: ThirdOpinion): Promise<InspectedPaper> {
  if (bytes.length === 0) throw new PaperRefusedError('not-pdf', 'the file is empty');
  if (!looksLikePdf(bytes.subarray(0, 1024))) throw new PaperRefusedError('not-pdf', 'the file does not start like a PDF');
  let index: PaperIndex;
  let file: PdfFile;
  try {
    file = new PdfFile(bytes);
    index = buildPaperIndex(file, limits);
  } catch (error) {
    throw classify(error);
  }
  let count: number;
  try {
    count = await pdfLibPageCount(bytes);
  } catch (error) {
    // pdf-lib cannot read some files viewers read; for qpdf's own rewrite, qpdf may count instead.
    const refusal = classify(error);
    if (refusal.reason !== 'damaged' || !thirdOpinion) throw refusal;
    const other = await thirdOpinion();
    if (other === null) throw refusal;
    count = other;
  }
  // For qpdf's own rewrite, pdf-lib is outvoted when qpdf counts what the cross-reference gives.
  if (count !== index.pages.length && (!thirdOpinion || (await thirdOpinion()) !== index.pages.length)) {
    throw new PaperRefusedError('damaged', `readers disagree on the page count (${index.pages.length} through the cross-reference, ${count} by another reader)`);
  }
  const pageCount = index.pages.length;
  try {
    await checkInflation(file, limits.inflation ?? DEFAULT_INFLATION_LIMITS);
  } catch (error) {
    throw classify(error);
  }
  return { pageCount, index };
}

/** Another reader's page count of the same file (qpdf for its own rewrite), asked when pdf-lib cannot read it. */
export type ThirdOpinion = () => Promise<number | null>;

async function pdfLibPageCount(bytes: Buffer, ignoreEncryption = false): Promise<number> {
  return (await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption })).getPageCount();
}

function classify(error: unknown): PaperRefusedError {
  if (error instanceof PaperRefusedError) return error;
  if (error instanceof PdfEncryptedError || error instanceof EncryptedPDFError) return new PaperRefusedError('encrypted', 'the file is encrypted');
  if (error instanceof PdfInflationError) return new PaperRefusedError('oversized-stream', error.message);
  if (error instanceof PdfTooComplexError) return new PaperRefusedError('too-complex', error.message);
  if (error instanceof RangeError) return new PaperRefusedError('too-complex', error.message);
  return new PaperRefusedError('damaged', error instanceof Error ? error.message : String(error));
}
