import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { QPDF_DIR, runQpdf, type QpdfRun } from './qpdf';
import { rebuildFromScan, scanObjects, type ScannedFile } from './xref-rebuild';

/** How a file that the strict reader refused was made readable. */
export interface RepairOutcome {
  /** qpdf warned while reading, or the cross-reference had to be rebuilt. */
  repaired: boolean;
  /** The file was encrypted with an owner password only (it opens without one). */
  decrypted: boolean;
}

/** Why qpdf could not make the file readable. */
export type RepairFailure = 'needs-password' | 'unreadable';

export class PaperRepairError extends Error {
  constructor(
    readonly failure: RepairFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PaperRepairError';
  }
}

/**
 * Rewrites the file at `inputPath` into `outputPath` (same directory) with qpdf: encryption
 * without a user password is removed (qpdf opens such a file with the empty password, as every
 * viewer does), the cross-reference is written anew, object streams are kept (or written out as
 * plain objects), and stream data
 * is copied as it is (`--decode-level=none`: qpdf inflates nothing it does not need to read the
 * objects). When qpdf cannot read the file, its cross-reference is rebuilt by scanning the
 * objects (rebuildCrossReference) and qpdf tries once more. Throws PaperRepairError.
 */
/** How qpdf writes: object streams kept, or written out as plain objects. */
export interface RewriteOptions {
  objectStreams: 'preserve' | 'disable';
}

export async function repairPaper(
  bytes: Buffer,
  inputPath: string,
  outputPath: string,
  options: RewriteOptions = { objectStreams: 'preserve' },
  scan?: ScannedFile,
): Promise<RepairOutcome> {
  const dir = dirname(outputPath);
  if (dirname(inputPath) !== dir) throw new Error('repairPaper needs its input and output in one directory');
  const output = `${QPDF_DIR}/${basename(outputPath)}`;

  const direct = await rewrite(dir, `${QPDF_DIR}/${basename(inputPath)}`, output, options);
  if (direct.code !== 2) return { repaired: direct.code === 3 || !bytes.subarray(0, 5).equals(Buffer.from('%PDF-')), decrypted: await isEncrypted(dir, basename(inputPath)) };
  if (needsPassword(direct)) throw new PaperRepairError('needs-password', direct.messages.join('; '));

  const scanned = scan ?? scanObjects(bytes);
  const rebuiltName = `${basename(outputPath)}.rebuilt`;
  // With every object first; then, if qpdf stops at an object that does not parse, without those.
  const tries = scanned.unparsable.size > 0 ? [false, true] : [false];
  let failure = `qpdf: ${direct.messages.join('; ')}; no objects and catalog found`;
  for (const leaveOut of tries) {
    const rebuilt = rebuildFromScan(scanned, leaveOut);
    if (!rebuilt) break;
    writeFileSync(join(dir, rebuiltName), rebuilt.bytes);
    try {
      const run = await rewrite(dir, `${QPDF_DIR}/${rebuiltName}`, output, options);
      if (needsPassword(run)) throw new PaperRepairError('needs-password', run.messages.join('; '));
      if (run.code !== 2) return { repaired: true, decrypted: await isEncrypted(dir, rebuiltName) };
      failure = `qpdf: ${run.messages.join('; ')}`;
    } finally {
      rmSync(join(dir, rebuiltName), { force: true });
    }
  }
  throw new PaperRepairError('unreadable', failure);
}

function rewrite(dir: string, input: string, output: string, options: RewriteOptions): Promise<QpdfRun> {
  return runQpdf(dir, ['--decrypt', '--decode-level=none', `--object-streams=${options.objectStreams}`, '--no-original-object-ids', input, output]);
}

/** `qpdf --is-encrypted` exits 0 for an encrypted file. */
async function isEncrypted(dir: string, name: string): Promise<boolean> {
  return (await runQpdf(dir, ['--is-encrypted', `${QPDF_DIR}/${name}`])).code === 0;
}

function needsPassword(run: QpdfRun): boolean {
  return run.code === 2 && run.messages.some((message) => /invalid password/i.test(message));
}

/** The number of pages qpdf finds in `path` (a file it wrote), or null when it cannot say. */
export async function qpdfPageCount(path: string): Promise<number | null> {
  const run = await runQpdf(dirname(path), ['--show-npages', `${QPDF_DIR}/${basename(path)}`]);
  const count = Number(run.messages.at(-1));
  return run.code !== 2 && Number.isInteger(count) ? count : null;
}
