import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, copyFileSync, openSync, readFileSync, writeSync } from 'node:fs';
import { compileMeetingBook, type BookText } from './meeting-book';
import type { PaperIndex } from './paper-index';
import { extractPageTexts } from './paper-text';
import { buildWatermarkUpdate } from './watermark';
import { PaperRefusedError, takeInPaper, type InspectLimits, type PaperRefusal, type TakenInPaper } from './paper-inspector';

/** Work that runs in a PDF worker thread. Inputs are files on local disk; nothing here touches the database. */
export type PdfJob = InspectJob | BookJob | CopyJob | TextJob;

/** Takes in an upload: reads it, and when it must be repaired or decrypted writes the result to `outputPath` (same directory). */
export interface InspectJob {
  kind: 'inspect';
  path: string;
  outputPath: string;
  limits: InspectLimits;
}

export interface BookJob {
  kind: 'book';
  outputPath: string;
  text: BookText;
  items: { number: string; title: string; papers: { title: string; path: string; indexPath: string }[] }[];
  fontBytes: Uint8Array;
  seed: string;
}

/** A member's copy written to a file (the API streams copies instead; the bench and exports use this). */
export interface CopyJob {
  kind: 'copy';
  sourcePath: string;
  indexPath: string;
  outputPath: string;
  lines: [string, string];
  seed: string;
  fontBytes: Uint8Array;
}

/** The text of each page of a stored paper, for search. */
export interface TextJob {
  kind: 'text';
  path: string;
  /** Only the first pages (tests of what a page needs); every page when absent. */
  pages?: number;
}

export interface PaperText {
  /** Index 0 is page 1; a page without text is an empty string. */
  pages: string[];
}

export interface WrittenCopy {
  sizeBytes: number;
}

export interface CompiledBook {
  index: PaperIndex;
  pageCount: number;
  sizeBytes: number;
  sha256: string;
}

export type PdfJobResult<J extends PdfJob> = J extends InspectJob ? TakenInPaper : J extends BookJob ? CompiledBook : J extends TextJob ? PaperText : WrittenCopy;

/** Messages a worker sends back for the job `id`. */
export type PdfWorkerMessage =
  | { id: number; type: 'result'; result: TakenInPaper | CompiledBook | WrittenCopy | PaperText }
  | { id: number; type: 'refused'; reason: PaperRefusal; message: string }
  | { id: number; type: 'failed'; message: string }
  | { id: number; type: 'progress'; done: number; total: number };

export async function runPdfJob(job: PdfJob, onProgress: (done: number, total: number) => void = () => undefined): Promise<TakenInPaper | CompiledBook | WrittenCopy | PaperText> {
  switch (job.kind) {
    case 'inspect':
      return takeInPaper(job.path, job.outputPath, job.limits);
    case 'book':
      return writeBook(job, onProgress);
    case 'copy': {
      const index = JSON.parse(readFileSync(job.indexPath, 'utf8')) as PaperIndex;
      const tail = await buildWatermarkUpdate({ index, lines: job.lines, seed: job.seed, fontBytes: job.fontBytes });
      copyFileSync(job.sourcePath, job.outputPath);
      appendFileSync(job.outputPath, tail);
      return { sizeBytes: index.fileLength + tail.length };
    }
    case 'text':
      return { pages: await extractPageTexts(job.path, onProgress, job.pages) };
  }
}

/** Compiles a book into `outputPath`, hashing as it writes, in 1 MB writes. */
async function writeBook(job: BookJob, onProgress: (done: number, total: number) => void): Promise<CompiledBook> {
  const fd = openSync(job.outputPath, 'w');
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    writeSync(fd, chunk);
    hash.update(chunk);
    pending = [];
    pendingBytes = 0;
  };
  try {
    const result = await compileMeetingBook({
      text: job.text,
      fontBytes: job.fontBytes,
      seed: job.seed,
      onProgress,
      items: job.items.map((item) => ({
        number: item.number,
        title: item.title,
        papers: item.papers.map((paper) => ({
          title: paper.title,
          index: JSON.parse(readFileSync(paper.indexPath, 'utf8')) as PaperIndex,
          read: () => readFileSync(paper.path),
        })),
      })),
      sink: (chunk) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= 1 << 20) flush();
      },
    });
    flush();
    return { index: result.index, pageCount: result.pageCount, sizeBytes: result.length, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

export function refusalMessage(id: number, error: unknown): PdfWorkerMessage {
  if (error instanceof PaperRefusedError) return { id, type: 'refused', reason: error.reason, message: error.message };
  return { id, type: 'failed', message: error instanceof Error ? error.message : String(error) };
}
