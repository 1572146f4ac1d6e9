import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { MultipartFields, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';
import { CommonErrorCode } from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, unacceptableInput, type AppConfig, type FieldProblem } from '@ecabinet/api/platform';
import { AuditService } from '@ecabinet/api/audit';
import { PaperVersionEntity } from './entities';
import { paperErrors } from './papers.errors';
import { PaperRefusedError, type InspectedPaper } from './pdf/paper-inspector';
import { uploadedFileName } from './file-names';
import { PaperTexts } from './paper-texts.service';
import { PdfWorkers } from './pdf-workers';
import { FileStore, storeKeys } from './storage/file-store';

/** An upload streamed to a temporary file: never held whole in memory. */
export interface ReceivedFile {
  tempPath: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  /** The text parts of the form (title, classification, readerIds). */
  fields: Record<string, string>;
}

/** Where a refused upload was headed, for its audit entry. */
export type IntakeTarget = { meetingId: string; itemId: string; paperId?: string } | { ballotId: string } | { taskId: string };

/** Counts what else refers to a stored file by its SHA-256, as its file or as the bytes received (another domain's attachments). */
export type StoredFileUsage = (sha256: string) => Promise<number>;

/** Objects of one file beyond this count make it too complex to prepare (memory). */
const MAX_OBJECTS = 500_000;

/**
 * An upload taken in: the file copies are made from (the one received, or its repaired or
 * decrypted rewrite) and its index. `received` is set when the bytes received differ from that
 * file: they are stored too, as evidence.
 */
export interface AcceptedPaper extends InspectedPaper {
  sha256: string;
  sizeBytes: number;
  received: { sha256: string; sizeBytes: number } | null;
  repaired: boolean;
  decrypted: boolean;
  /** Where the file to store lies until `store` moves it. */
  path: string;
}

/**
 * Takes a paper in: receives the multipart upload into a temporary file under DATA_DIR (hashing
 * it on the way), has it inspected once in a worker thread, and stores the file and its index
 * in the content-addressed store. Refusals become 422 with a message a secretary can act on;
 * nothing of a refused upload remains.
 */
@Injectable()
export class PaperIntake implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaperIntake.name);
  private readonly usages: StoredFileUsage[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workers: PdfWorkers,
    private readonly files: FileStore,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly texts: PaperTexts,
  ) {}

  get tempDir(): string {
    return join(this.config.dataDir, 'tmp');
  }

  /** Temporary files a crash left behind (a day old: another instance may share DATA_DIR). */
  async onApplicationBootstrap(): Promise<void> {
    const names = await readdir(this.tempDir).catch(() => [] as string[]);
    const dayAgo = Date.now() - 24 * 3600 * 1000;
    for (const name of names.filter((n) => /^(upload|book)-[0-9a-f-]{36}(\.repaired)?\.(part|pdf)(\.rebuilt)?$/.test(n))) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < dayAgo) await rm(path, { force: true });
    }
  }

  /** Streams the `file` part of a multipart request to disk, with the configured size limit. */
  async receive(request: FastifyRequest): Promise<ReceivedFile> {
    if (typeof request.isMultipart !== 'function' || !request.isMultipart()) throw paperErrors.notMultipart();
    // A boundary the parser cannot use (none, empty, longer than RFC 2046's 70 characters) is
    // refused before parsing: the parser's complaint about it was lost when it came while the body
    // was still arriving, and the request then hung.
    if (!usableBoundary(request.headers['content-type'])) throw paperErrors.malformedForm();
    const maxBytes = this.config.papers.maxBytes;
    await mkdir(this.tempDir, { recursive: true });
    const part: MultipartFile | undefined = await request
      .file({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 256 * 1024, parts: 12 }, throwFileSizeLimit: false })
      .catch((error: unknown) => Promise.reject(asMalformedForm(error)));
    if (!part) throw paperErrors.fileMissing();
    // A form cut off inside the file, whose whole body had arrived before this point: the parser
    // has already given up on it and destroyed the stream, which would never end. From here to the
    // pipeline nothing waits, so a later destruction is seen by the pipeline.
    if (part.file.destroyed) throw paperErrors.malformedForm();
    const tempPath = join(this.tempDir, `upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(part.file, counter, createWriteStream(tempPath));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw asMalformedForm(error);
    }
    const received: ReceivedFile = {
      tempPath,
      fileName: uploadedFileName(part.filename),
      sizeBytes,
      sha256: hash.digest('hex'),
      fields: textFields(part.fields),
    };
    if (part.file.truncated) {
      await this.discard(received);
      throw paperErrors.tooLarge(maxBytes);
    }
    return received;
  }

  /** A file the server made itself (the demo papers), taken in exactly like an upload. */
  async fromBytes(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): Promise<ReceivedFile> {
    await mkdir(this.tempDir, { recursive: true });
    const tempPath = join(this.tempDir, `upload-${randomUUID()}.part`);
    await writeFile(tempPath, bytes);
    return { tempPath, fileName: uploadedFileName(fileName), sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), fields };
  }

  /**
   * Reads the file once in a worker (type by content, structure, encryption, page count, how far
   * its streams inflate); a damaged file, or one with an owner password only, is rewritten there
   * by qpdf. Returns the file to store and its index; a refusal is audited and thrown as a domain
   * error, and nothing of it remains.
   */
  async inspect(received: ReceivedFile, audit: IntakeTarget): Promise<AcceptedPaper> {
    const rewrittenPath = received.tempPath.replace(/\.part$/, '') + '.repaired.part';
    try {
      if (received.sizeBytes === 0) throw new PaperRefusedError('not-pdf', 'the file is empty');
      const { papers } = this.config;
      const taken = await this.workers.run(
        {
          kind: 'inspect',
          path: received.tempPath,
          outputPath: rewrittenPath,
          limits: { maxPages: papers.maxPages, maxObjects: MAX_OBJECTS, inflation: { maxStreamBytes: papers.maxInflatedBytes, maxTotalBytes: 8 * papers.maxInflatedBytes } },
        },
        { timeoutMs: papers.parseTimeoutMs },
      );
      const { rewritten, pageCount, index } = taken;
      if (!rewritten || rewritten.sha256 === received.sha256) {
        await rm(rewrittenPath, { force: true });
        return { pageCount, index, sha256: received.sha256, sizeBytes: received.sizeBytes, received: null, repaired: false, decrypted: false, path: received.tempPath };
      }
      return {
        pageCount,
        index,
        sha256: rewritten.sha256,
        sizeBytes: rewritten.sizeBytes,
        received: { sha256: received.sha256, sizeBytes: received.sizeBytes },
        repaired: rewritten.repaired,
        decrypted: rewritten.decrypted,
        path: rewrittenPath,
      };
    } catch (error) {
      await rm(rewrittenPath, { force: true });
      if (!(error instanceof PaperRefusedError)) throw error;
      this.logger.log(`paper refused (${error.reason}): ${error.message}`);
      await this.audit.record({
        action: 'paper.upload.refused',
        targetType: 'ballotId' in audit ? 'ballot' : 'taskId' in audit ? 'task' : 'meeting',
        targetId: 'ballotId' in audit ? audit.ballotId : 'taskId' in audit ? audit.taskId : audit.meetingId,
        details: { ...audit, reason: error.reason, fileName: received.fileName, sizeBytes: received.sizeBytes, sha256: received.sha256 },
      });
      switch (error.reason) {
        case 'not-pdf':
          throw received.sizeBytes === 0 ? paperErrors.empty() : paperErrors.notPdf();
        case 'encrypted':
          throw paperErrors.encrypted();
        case 'too-complex':
          throw paperErrors.tooComplex(this.config.papers.maxPages);
        case 'oversized-stream':
          throw paperErrors.overInflated(this.config.papers.maxInflatedBytes);
        case 'damaged':
          throw paperErrors.damaged();
      }
    }
  }

  /** Moves the file into the store (once per content) with its index, and the bytes received when they differ. */
  async store(received: ReceivedFile, accepted: AcceptedPaper): Promise<void> {
    await this.files.putBytes(storeKeys.index(accepted.sha256), Buffer.from(JSON.stringify(accepted.index)));
    await this.files.putFile(storeKeys.paper(accepted.sha256), accepted.path);
    if (accepted.received) await this.files.putFile(storeKeys.received(accepted.received.sha256), received.tempPath);
  }

  /** What the audit entry of an upload says of the file. */
  static auditDetails(accepted: AcceptedPaper): Record<string, unknown> {
    return { repaired: accepted.repaired, decrypted: accepted.decrypted, receivedSha256: accepted.received?.sha256 ?? null, receivedSizeBytes: accepted.received?.sizeBytes ?? null };
  }

  /** Another domain that keeps files here (ballot papers) says how to count its uses of one. */
  registerUsage(usage: StoredFileUsage): void {
    this.usages.push(usage);
  }

  /**
   * After a failed database write or a removal: deletes the stored files of an upload (the file
   * copies are made from and the bytes received) unless something still refers to them.
   */
  async forgetIfUnused(sha256: string, receivedSha256: string | null = null): Promise<void> {
    for (const hash of receivedSha256 && receivedSha256 !== sha256 ? [sha256, receivedSha256] : [sha256]) {
      if (await this.inUse(hash)) continue;
      await this.files.delete(storeKeys.paper(hash));
      await this.files.delete(storeKeys.index(hash));
      await this.files.delete(storeKeys.received(hash));
      await this.texts.forget(hash);
    }
  }

  /** Whether a paper version or another domain's file refers to `sha256`, as its file or as the bytes received. */
  private async inUse(sha256: string): Promise<boolean> {
    const versions = this.dataSource.getRepository(PaperVersionEntity);
    if ((await versions.count({ where: [{ sha256 }, { receivedSha256: sha256 }] })) > 0) return true;
    for (const usage of this.usages) if ((await usage(sha256)) > 0) return true;
    return false;
  }

  async discard(received: ReceivedFile): Promise<void> {
    await rm(received.tempPath, { force: true });
  }
}

function usableBoundary(contentType: string | undefined): boolean {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2] ?? '';
  return boundary.length >= 1 && boundary.length <= 70;
}

/**
 * The multipart parser (busboy) rejects a form it cannot read (no or an unusable boundary, a
 * form cut off) with a plain Error: that is the client's mistake, a 400, not a 500. Errors
 * with a code (the disk, the parser's own limits) keep their meaning.
 */
function asMalformedForm(error: unknown): unknown {
  const plain = error instanceof Error && error.constructor === Error && !('code' in error) && !('statusCode' in error);
  return plain && /multipart|boundary|needle/i.test(error.message) ? paperErrors.malformedForm() : error;
}

function textFields(fields: MultipartFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first && first.type === 'field' && typeof first.value === 'string') out[name] = first.value;
  }
  return out;
}

/** The text parts of an upload, validated like a JSON body (whitelist, no unknown fields). */
export function readUploadFields<T extends object>(type: ClassConstructor<T>, fields: Record<string, string>): T {
  const invalid = (problems: FieldProblem[]) => new DomainError(CommonErrorCode.VALIDATION_FAILED, 'The request is not valid.', problems);
  const unacceptable = unacceptableInput(fields);
  if (unacceptable.length) throw invalid(unacceptable);
  const dto = plainToInstance(type, fields);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw invalid(errors.map((error: ValidationError) => ({ field: error.property, problems: Object.values(error.constraints ?? {}) })));
  return dto;
}
