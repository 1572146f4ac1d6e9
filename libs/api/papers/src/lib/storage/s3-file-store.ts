import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import { DomainError, type S3Config } from '@ecabinet/api/platform';
import { type ByteRange, FileStore } from './file-store';

/** A part of a large upload; at most UPLOAD_QUEUE parts are held in memory at once. */
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE = 2;
const CONNECT_TIMEOUT_MS = 5_000;
/** Readiness gives the store 3 s; its probe is one HeadBucket given up just before, never retried. */
const PROBE_TIMEOUT_MS = 2_500;

/**
 * The file store in an S3 bucket (AWS S3, or an S3-compatible service such as MinIO or Ceph RGW
 * at S3_ENDPOINT, addressed path-style), through the AWS SDK: its credential chain when no keys
 * are configured, its retries (503 SlowDown, time-outs, dropped connections) up to
 * S3_MAX_ATTEMPTS, and a request time-out so that a hung bucket cannot hang an upload. Keys are
 * content addresses, so a put of an existing key is skipped. Worker threads read from local
 * paths, so `localPath` downloads to DATA_DIR/tmp and deletes the copy on release.
 *
 * A bucket that cannot be reached, or answers with a server error after the retries, gives
 * 503 STORAGE_UNAVAILABLE: the caller is told to try again and nothing half-stored is kept.
 */
export class S3FileStore extends FileStore implements OnModuleDestroy {
  private readonly client: S3Client;

  constructor(
    private readonly config: S3Config,
    private readonly tempDir: string,
  ) {
    super();
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      maxAttempts: config.maxAttempts,
      requestHandler: {
        connectionTimeout: CONNECT_TIMEOUT_MS,
        // Until the answer's headers; without throwOnRequestTimeout the SDK only logs a warning.
        requestTimeout: config.requestTimeoutMs,
        throwOnRequestTimeout: true,
        // Silence on the socket at any point, the body included: an object whose bytes stop
        // coming is given up, not awaited forever (requestTimeout ends with the headers).
        socketTimeout: config.requestTimeoutMs,
      },
    });
  }

  private checkedKey(key: string): string {
    if (key.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) throw new Error(`not a store key: ${key}`);
    return key;
  }

  /** Sends one command; failures other than "no such key" become STORAGE_UNAVAILABLE. */
  private async send<T>(operation: string, key: string, work: () => Promise<T>): Promise<T> {
    this.checkedKey(key);
    try {
      return await work();
    } catch (error) {
      throw unavailable(operation, key, error);
    }
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    if (!(await this.exists(key))) {
      await this.send('put', key, () =>
        new Upload({
          client: this.client,
          params: { Bucket: this.config.bucket, Key: key, Body: createReadStream(sourcePath), ContentType: contentType(key) },
          partSize: UPLOAD_PART_BYTES,
          queueSize: UPLOAD_QUEUE,
          leavePartsOnError: false,
        }).done(),
      );
    }
    await unlink(sourcePath).catch(() => undefined);
  }

  async putBytes(key: string, bytes: Buffer): Promise<void> {
    await this.send('put', key, () => this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: bytes, ContentType: contentType(key) })));
  }

  async read(key: string): Promise<Buffer> {
    const object = await this.send('get', key, () => this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key })));
    return Buffer.from(await this.send('get', key, () => (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()));
  }

  stream(key: string, range?: ByteRange): Readable {
    return Readable.from(this.chunks(key, range));
  }

  private async *chunks(key: string, range?: ByteRange): AsyncGenerator<Buffer> {
    const object = await this.send('get', key, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) })),
    );
    for await (const chunk of object.Body as Readable) yield chunk as Buffer;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.send('head', key, () => this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key })));
      return true;
    } catch (error) {
      if (error instanceof S3ObjectMissing) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.send('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key })));
    } catch (error) {
      if (!(error instanceof S3ObjectMissing)) throw error;
    }
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

  /**
   * HEAD of the bucket: reads nothing, writes nothing; throws when it cannot be reached. Aborted
   * after PROBE_TIMEOUT_MS (an abort is not retried), so that polling the public readiness route
   * cannot pile up requests waiting on a hung bucket.
   */
  async checkReachable(): Promise<void> {
    await this.send('head', 'bucket', () => this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }), { abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }));
  }

  /** Closes the SDK's kept-alive connections when the application stops. */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}

/** A key the bucket does not hold: an answer, not an outage. */
export class S3ObjectMissing extends Error {}

function unavailable(operation: string, key: string, error: unknown): Error {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') return new S3ObjectMissing(`S3 ${operation} ${key}: no such key`);
  // The service's code and status only: never a request's signature or the secret.
  const detail = status ? `HTTP ${status} ${name}` : name;
  return new DomainError(CommonErrorCode.STORAGE_UNAVAILABLE, 'The file store is not answering. Nothing was saved; try again in a few minutes.', {
    operation,
    cause: detail,
  });
}

function contentType(key: string): string {
  if (key.endsWith('.pdf')) return 'application/pdf';
  if (key.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
