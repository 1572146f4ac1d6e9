import { randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { type ByteRange, FileStore } from './file-store';

/** The file store on local disk (DATA_DIR/files by default). Writes are atomic (write, then rename). */
export class LocalFileStore extends FileStore {
  constructor(private readonly root: string) {
    super();
  }

  private path(key: string): string {
    const path = normalize(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`key escapes the store: ${key}`);
    return path;
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const target = this.path(key);
    if (await this.exists(key)) {
      await unlink(sourcePath).catch(() => undefined);
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    await rename(sourcePath, target);
  }

  async putBytes(key: string, bytes: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.part`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  stream(key: string, range?: ByteRange): Readable {
    return createReadStream(this.path(key), range ? { start: range.start, end: range.end } : undefined);
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.path(key)).then(
      (info) => info.isFile(),
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** The store's directory (before the first file, the directory it will be made in) is there and writable; asking writes nothing. */
  async checkReachable(): Promise<void> {
    const existing = await stat(this.root).then(
      () => this.root,
      () => dirname(this.root),
    );
    await access(existing, constants.R_OK | constants.W_OK | constants.X_OK);
  }

  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> }> {
    return { path: this.path(key), release: async () => undefined };
  }
}
