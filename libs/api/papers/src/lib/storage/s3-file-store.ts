import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { S3Config } from '@ecabinet/api/platform';
import { FileStore } from './file-store';
import { UNSIGNED_PAYLOAD, sha256Hex, signS3Request } from './s3-signer';

/** A request the store could not complete: the status and the service's error code, never the secret. */
export class S3StoreError extends Error {
  constructor(
    readonly operation: string,
    readonly key: string,
    readonly status: number,
    detail: string,
  ) {
    super(`S3 ${operation} ${key} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`);
  }
}

/**
 * The file store in an S3-compatible bucket (MinIO, Ceph RGW, AWS S3...), spoken to directly
 * with fetch and signature V4, path-style (`endpoint/bucket/key`). Keys are content addresses,
 * so a put of an existing key is skipped. Worker threads read from local paths, so `localPath`
 * downloads to DATA_DIR/tmp and deletes the copy on release.
 */
export class S3FileStore extends FileStore {
  constructor(
    private readonly config: S3Config,
    private readonly tempDir: string,
  ) {
    super();
  }

  private url(key: string): URL {
    if (key.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) throw new Error(`not a store key: ${key}`);
    return new URL(`${this.config.endpoint}/${this.config.bucket}/${key}`);
  }

  private async send(operation: string, method: string, key: string, init: { body?: Buffer | Readable; payloadHash?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = this.url(key);
    const headers = signS3Request(this.config, { method, url, payloadHash: init.payloadHash ?? sha256Hex(''), headers: init.headers });
    const body = init.body instanceof Readable ? (Readable.toWeb(init.body) as ReadableStream) : init.body;
    const response = await fetch(url, { method, headers, body, ...(init.body instanceof Readable ? { duplex: 'half' } : {}) } as RequestInit);
    return response;
  }

  private async fail(operation: string, key: string, response: Response): Promise<never> {
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
    throw new S3StoreError(operation, key, response.status, code);
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    if (!(await this.exists(key))) {
      const { size } = await stat(sourcePath);
      const response = await this.send('put', 'PUT', key, {
        body: createReadStream(sourcePath),
        payloadHash: UNSIGNED_PAYLOAD,
        headers: { 'content-length': String(size), 'content-type': contentType(key) },
      });
      if (!response.ok) await this.fail('put', key, response);
      await response.arrayBuffer();
    }
    await unlink(sourcePath).catch(() => undefined);
  }

  async putBytes(key: string, bytes: Buffer): Promise<void> {
    const response = await this.send('put', 'PUT', key, { body: bytes, payloadHash: sha256Hex(bytes), headers: { 'content-length': String(bytes.length), 'content-type': contentType(key) } });
    if (!response.ok) await this.fail('put', key, response);
    await response.arrayBuffer();
  }

  async read(key: string): Promise<Buffer> {
    const response = await this.send('get', 'GET', key);
    if (!response.ok) await this.fail('get', key, response);
    return Buffer.from(await response.arrayBuffer());
  }

  stream(key: string): Readable {
    return Readable.from(this.chunks(key));
  }

  private async *chunks(key: string): AsyncGenerator<Buffer> {
    const response = await this.send('get', 'GET', key);
    if (!response.ok || !response.body) await this.fail('get', key, response);
    for await (const chunk of Readable.fromWeb(response.body as WebReadableStream)) yield chunk as Buffer;
  }

  async exists(key: string): Promise<boolean> {
    const response = await this.send('head', 'HEAD', key);
    if (response.status === 404) return false;
    if (!response.ok) await this.fail('head', key, response);
    return true;
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('delete', 'DELETE', key);
    if (!response.ok && response.status !== 404) await this.fail('delete', key, response);
    await response.arrayBuffer();
  }

  async localPath(key: string): Promise<{ path: string; release: () => Promise<void> }> {
    await mkdir(this.tempDir, { recursive: true });
    const path = join(this.tempDir, `s3-${randomUUID()}.tmp`);
    try {
      await pipeline(this.stream(key), createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, release: () => rm(path, { force: true }) };
  }

  /** A HEAD of a key that need not exist: 404 is an answer, a refusal or no answer throws. */
  async checkReachable(): Promise<void> {
    await this.exists('health/ready');
  }
}

function contentType(key: string): string {
  if (key.endsWith('.pdf')) return 'application/pdf';
  if (key.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
