import type { Readable } from 'node:stream';

/** Bytes `start` to `end` of a file, both included (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where paper files, their indexes and compiled books are kept. Files are content-addressed
 * (their SHA-256 is their name), so storing a file twice keeps one copy and a stored file never
 * changes. Local disk under DATA_DIR is the default (LocalFileStore); S3FileStore keeps them in
 * an S3-compatible bucket when S3_BUCKET is set.
 */
export abstract class FileStore {
  /** Moves a finished file into the store under `key` (the source is consumed; an existing file is kept). */
  abstract putFile(key: string, sourcePath: string): Promise<void>;
  abstract putBytes(key: string, bytes: Buffer): Promise<void>;
  abstract read(key: string): Promise<Buffer>;
  /** The file, or only the bytes of `range`. */
  abstract stream(key: string, range?: ByteRange): Readable;
  abstract exists(key: string): Promise<boolean>;
  abstract delete(key: string): Promise<void>;
  /** Reads, never writes: throws when the store cannot be reached (readiness; public, so called often). */
  abstract checkReachable(): Promise<void>;
  /** A path on this machine from which a worker thread can read `key`; call `release` when done. */
  abstract localPath(key: string): Promise<{ path: string; release: () => Promise<void> }>;
}

const SHA256 = /^[0-9a-f]{64}$/;

function checked(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return sha256;
}

/** Keys of what the papers module stores. */
export const storeKeys = {
  paper: (sha256: string) => `papers/${checked(sha256).slice(0, 2)}/${sha256}.pdf`,
  /** The page index of a stored PDF (a paper version or a book); format 1. */
  index: (sha256: string) => `indexes/${checked(sha256).slice(0, 2)}/${sha256}.v1.json`,
  book: (sha256: string) => `books/${checked(sha256).slice(0, 2)}/${sha256}.pdf`,
  /** An upload as received, when it was repaired or decrypted before being stored (evidence). */
  received: (sha256: string) => `received/${checked(sha256).slice(0, 2)}/${sha256}.pdf`,
};
