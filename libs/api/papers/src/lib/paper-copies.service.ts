import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { PaperTraceResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, DEFAULT_TIMEZONE, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { MeetingEntity, MeetingStore } from '@ecabinet/api/meetings';
import { fontBytes } from '@ecabinet/api/pdf';
import { contentDisposition, copyFileName } from './file-names';
import { PaperEntity, PaperReadEntity, PaperTraceEntity, PaperVersionEntity } from './entities';
import { PaperAccess } from './paper-access';
import { paperErrors } from './papers.errors';
import type { PaperIndex } from './pdf/paper-index';
import { copyFirstPageRanges, watermarkUpdate, type WatermarkUpdate } from './pdf/watermark';
import { type ByteRange, FileStore, storeKeys } from './storage/file-store';

/** Why a copy is made: read in the app, or downloaded as a file. */
export type CopyPurpose = 'view' | 'download';
/**
 * A meeting's paper may also be kept on the member's device to read offline (encrypted there):
 * only a paper he may download, and storing it is not reading it.
 */
export type PaperCopyPurpose = CopyPurpose | 'offline';

/** A member's copy, ready to stream: the stored bytes followed by the watermark update. */
export interface PaperCopy {
  stream: Readable;
  /** Bytes `start` to `end` of the copy (both included): the stored file's, then the update's. */
  slice(range: ByteRange): Readable;
  length: number;
  fileName: string;
  disposition: 'inline' | 'attachment';
  traceCode: string;
  /** For a meeting's paper: the version copied. */
  version?: number;
  /**
   * Besides the file's first part, the bytes a reader fetching by ranges needs to draw the first
   * page, ascending (sent as `x-copy-read-first`): see copyFirstPageRanges.
   */
  readFirst?: ByteRange[];
}


/** Who and what a trace of another domain's copy names (a ballot's papers). */
export type TraceSubject = (trace: PaperTraceEntity) => Promise<{ container: { id: string; title: string }; paper: { id: string; title: string; version: number } | null }>;

const COPY_AUDIT_ACTIONS = { view: 'paper.viewed', download: 'paper.downloaded', offline: 'paper.stored-offline' } as const;

/** How many copies' watermark updates are kept for readers fetching by parts (each a few KB to a few hundred). */
const WATERMARKS_KEPT = 32;

/** Crockford's base-32: no I, L, O or U, so a code read off paper is typed back right. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTraceCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 8; i++) code = ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)] + code;
  return code;
}

/** "k7q2 9xmd", "K7Q2-9XMD", "K7O2-9XMD" all name the same copy. */
export function normalizeTraceCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export const formatTraceCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** "22/11/2026 10:15" on the clock of `timeZone` (the TIMEZONE setting; Hanoi time by default). */
export function formatWatermarkTime(at: Date, timeZone: string = DEFAULT_TIMEZONE): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts['day']}/${parts['month']}/${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

/**
 * Members' copies of papers (and of the meeting book): every view and download goes through the
 * access check, gets a fresh trace code stored with who, what and when, is audited, and is
 * watermarked on every page with the reader's name, the time and the code.
 */
@Injectable()
export class PaperCopies {
  private readonly indexes = new Map<string, PaperIndex>();
  /** Watermark updates of recent copies, by trace code, oldest first (see watermark()). */
  private readonly watermarks = new Map<string, WatermarkUpdate>();
  private readonly subjects = new Map<string, TraceSubject>();

  constructor(
    private readonly store: MeetingStore,
    private readonly access: PaperAccess,
    private readonly files: FileStore,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async paper(meetingId: string, paperId: string, user: AuthenticatedUser, purpose: PaperCopyPurpose, requestedVersion?: number, reusedTrace?: string): Promise<PaperCopy> {
    const { context, paper } = await this.access.readable(meetingId, paperId, user);
    if (reusedTrace) return this.reopened(paperId, paper, user, reusedTrace);
    if (purpose !== 'view' && !this.access.canDownload(paper)) throw paperErrors.downloadForbidden();
    const wanted = requestedVersion ?? paper.currentVersion;
    if (wanted !== paper.currentVersion && !context.secretariat) throw paperErrors.earlierVersions();
    const version = await this.store.manager.getRepository(PaperVersionEntity).findOne({ where: { paperId, version: wanted } });
    if (!version) throw paperErrors.versionNotFound();

    const now = this.clock.now();
    const code = await this.record(
      { kind: 'paper', purpose, userId: user.id, meetingId, paperId, paperVersion: wanted, sha256: version.sha256, createdAt: now },
      async (manager, traceCode) => {
        if (purpose !== 'offline') {
          const reads = manager.getRepository(PaperReadEntity);
          const previous = await reads.findOne({ where: { paperId, userId: user.id } });
          if (!previous || previous.version < wanted) await reads.save({ paperId, userId: user.id, version: wanted, readAt: now });
        }
        await this.audit.record(
          {
            action: COPY_AUDIT_ACTIONS[purpose],
            targetType: 'paper',
            targetId: paperId,
            details: { meetingId, version: wanted, classification: paper.classification, traceCode },
          },
          manager,
        );
      },
    );
    const suffix = wanted === paper.currentVersion ? '' : ` (v${wanted})`;
    const copy = await this.copy(storeKeys.paper(version.sha256), await this.index(version.sha256), user, code, now, `${paper.title}${suffix}.pdf`, purpose);
    return { ...copy, version: wanted };
  }

  /**
   * The copy the caller opened for reading, the same bytes again (its watermark is made from its
   * trace: the name, the time it was opened, the code), with no new trace or audit entry: a reader
   * that fetches a large paper by ranges asks for it many times. Only the caller's own copy of
   * this paper, and only while he may still read the paper.
   */
  private async reopened(paperId: string, paper: PaperEntity, user: AuthenticatedUser, reusedTrace: string): Promise<PaperCopy> {
    const code = normalizeTraceCode(reusedTrace);
    const trace = await this.store.manager.getRepository(PaperTraceEntity).findOne({ where: { code, kind: 'paper', purpose: 'view', userId: user.id, paperId } });
    const version = trace?.paperVersion ? await this.store.manager.getRepository(PaperVersionEntity).findOne({ where: { paperId, version: trace.paperVersion } }) : null;
    if (!trace || !version) throw paperErrors.traceNotFound();
    const suffix = version.version === paper.currentVersion ? '' : ` (v${version.version})`;
    return this.copy(storeKeys.paper(version.sha256), await this.index(version.sha256), user, code, trace.createdAt, `${paper.title}${suffix}.pdf`, 'view');
  }

  /**
   * The caller's copy of a meeting book or a ballot's paper opened for reading, again by its trace
   * code (a reader fetching it by ranges): the same bytes, no new trace or audit entry. Only his
   * own copy, of this book or paper; the caller checks he may still see it.
   */
  async reopen(kind: 'book' | 'ballot', ownerId: string, paperId: string | null, user: AuthenticatedUser, reusedTrace: string, fileName: string): Promise<PaperCopy> {
    const code = normalizeTraceCode(reusedTrace);
    const trace = await this.store.manager
      .getRepository(PaperTraceEntity)
      .findOne({ where: { code, kind, purpose: 'view', userId: user.id, meetingId: ownerId, ...(paperId ? { paperId } : {}) } });
    const key = trace?.sha256 ? (kind === 'book' ? storeKeys.book(trace.sha256) : storeKeys.paper(trace.sha256)) : null;
    // A book compiled again since (its papers changed) may be gone: the reader opens a new copy.
    if (!trace?.sha256 || !key || !(await this.files.exists(key))) throw paperErrors.traceNotFound();
    return this.copy(key, await this.index(trace.sha256), user, code, trace.createdAt, fileName, 'view');
  }

  /**
   * A version's bytes as they were received, when it was repaired or decrypted on the way in
   * (otherwise the stored file is those bytes): evidence for the secretariat, unchanged and
   * unwatermarked, audited.
   */
  async received(meetingId: string, paperId: string, user: AuthenticatedUser, requestedVersion?: number): Promise<{ stream: Readable; length: number; fileName: string }> {
    const { context, paper } = await this.access.readable(meetingId, paperId, user);
    if (!context.secretariat) throw paperErrors.receivedForbidden();
    const wanted = requestedVersion ?? paper.currentVersion;
    const version = await this.store.manager.getRepository(PaperVersionEntity).findOne({ where: { paperId, version: wanted } });
    if (!version) throw paperErrors.versionNotFound();
    const key = version.receivedSha256 ? storeKeys.received(version.receivedSha256) : storeKeys.paper(version.sha256);
    await this.audit.record({
      action: 'paper.received.downloaded',
      targetType: 'paper',
      targetId: paperId,
      details: { meetingId, version: wanted, sha256: version.receivedSha256 ?? version.sha256, repaired: version.repaired, decrypted: version.decrypted },
    });
    return { stream: this.files.stream(key), length: version.receivedSizeBytes ?? version.sizeBytes, fileName: version.fileName };
  }

  /** Writes the trace (and whatever `more` adds) in one transaction; returns the new code. */
  async record(trace: Omit<PaperTraceEntity, 'code'>, more: (manager: EntityManager, code: string) => Promise<void>): Promise<string> {
    const code = newTraceCode();
    await this.transactions.run(async (manager) => {
      await manager.getRepository(PaperTraceEntity).insert({ ...trace, code });
      await more(manager, formatTraceCode(code));
    });
    return code;
  }

  /** The stored file followed by a watermark update made for this reader and code. */
  async copy(key: string, index: PaperIndex, user: AuthenticatedUser, code: string, at: Date, fileName: string, purpose: PaperCopyPurpose): Promise<PaperCopy> {
    const update = await this.watermark(index, user, code, at);
    const tail = update.bytes;
    const files = this.files;
    async function* bytes() {
      yield* files.stream(key);
      yield tail;
    }
    async function* sliced({ start, end }: ByteRange) {
      if (start < index.fileLength) yield* files.stream(key, { start, end: Math.min(end, index.fileLength - 1) });
      if (end >= index.fileLength) yield tail.subarray(Math.max(0, start - index.fileLength), end - index.fileLength + 1);
    }
    return {
      stream: Readable.from(bytes()),
      slice: (range) => Readable.from(sliced(range)),
      length: index.fileLength + tail.length,
      fileName: copyFileName(fileName),
      disposition: purpose === 'download' ? 'attachment' : 'inline',
      traceCode: formatTraceCode(code),
      readFirst: copyFirstPageRanges(index, update).map(([start, end]) => ({ start, end })),
    };
  }

  /**
   * The watermark update of a copy. A reader fetching a large paper by parts asks for the same
   * copy many times in a few seconds: the last few updates are kept (by trace code) rather than
   * made again for each part; each is a pure function of its inputs, so a rebuilt one is the same.
   */
  private async watermark(index: PaperIndex, user: AuthenticatedUser, code: string, at: Date): Promise<WatermarkUpdate> {
    const kept = this.watermarks.get(code);
    if (kept) {
      this.watermarks.delete(code);
      this.watermarks.set(code, kept);
      return kept;
    }
    const tail = await watermarkUpdate({
      index,
      lines: [user.fullName, `${formatWatermarkTime(at, this.config.timeZone)} · ${formatTraceCode(code)}`],
      seed: code,
      fontBytes: fontBytes('NotoSans-Regular'),
    });
    this.watermarks.set(code, tail);
    if (this.watermarks.size > WATERMARKS_KEPT) this.watermarks.delete(this.watermarks.keys().next().value as string);
    return tail;
  }

  /** A stored PDF's index, read from the store once and kept (a few dozen). */
  async index(sha256: string): Promise<PaperIndex> {
    const cached = this.indexes.get(sha256);
    if (cached) return cached;
    const index = JSON.parse((await this.files.read(storeKeys.index(sha256))).toString('utf8')) as PaperIndex;
    this.indexes.set(sha256, index);
    if (this.indexes.size > 32) this.indexes.delete(this.indexes.keys().next().value as string);
    return index;
  }

  /** Another domain whose copies carry trace codes says how to name what a trace of its kind refers to. */
  registerTraceSubject(kind: PaperTraceEntity['kind'], subject: TraceSubject): void {
    this.subjects.set(kind, subject);
  }

  /** The admin's look-up: whose copy a leaked page came from. */
  async trace(input: string): Promise<PaperTraceResponse> {
    const code = normalizeTraceCode(input);
    const trace = await this.store.manager.getRepository(PaperTraceEntity).findOne({ where: { code } });
    if (!trace) throw paperErrors.traceNotFound();
    const [users, subject] = await Promise.all([this.store.users([trace.userId]), (this.subjects.get(trace.kind) ?? ((t: PaperTraceEntity) => this.meetingSubject(t)))(trace)]);
    const user = users.get(trace.userId);
    await this.audit.record({ action: 'paper.trace.looked-up', targetType: 'paper_trace', targetId: formatTraceCode(code), details: { userId: trace.userId } });
    return {
      code: formatTraceCode(trace.code),
      kind: trace.kind,
      purpose: trace.purpose,
      createdAt: trace.createdAt.toISOString(),
      user: { id: trace.userId, username: user?.username ?? '', fullName: user?.fullName ?? '' },
      meeting: subject.container,
      paper: subject.paper,
    };
  }

  private async meetingSubject(trace: PaperTraceEntity): ReturnType<TraceSubject> {
    const [meeting, paper] = await Promise.all([
      this.store.manager.getRepository(MeetingEntity).findOne({ where: { id: trace.meetingId } }),
      trace.paperId ? this.store.manager.getRepository(PaperEntity).findOne({ where: { id: trace.paperId } }) : Promise.resolve(null),
    ]);
    return {
      container: { id: trace.meetingId, title: meeting?.title ?? '' },
      paper: trace.paperId ? { id: trace.paperId, title: paper?.title ?? '', version: trace.paperVersion ?? 0 } : null,
    };
  }
}

/** A copy as the HTTP answer: never cached, its trace code in a header. */
/**
 * The one range of a `Range: bytes=…` header within a file of `length` bytes: null to send the
 * whole file (no header, another unit, several ranges), 'unsatisfiable' when it starts past the end.
 */
export function byteRange(header: string | undefined, length: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  if (start >= length) return 'unsatisfiable';
  return end < start ? null : { start, end };
}

/** A copy to read in the app, whole or the one range asked for (206), for pdf.js to fetch a large paper page by page. */
export async function sendCopyRange(reply: FastifyReply, copy: PaperCopy, rangeHeader: string | undefined): Promise<void> {
  void reply
    .header('cache-control', 'private, no-store')
    .header('x-trace-code', copy.traceCode)
    .header('accept-ranges', 'bytes')
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(copy.disposition, copy.fileName));
  if (copy.readFirst?.length) void reply.header('x-copy-read-first', copy.readFirst.map(({ start, end }) => `${start}-${end}`).join(','));
  const range = byteRange(rangeHeader, copy.length);
  if (range === 'unsatisfiable') {
    await reply.status(416).header('content-range', `bytes */${copy.length}`).send();
  } else if (range) {
    await reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${copy.length}`)
      .header('content-length', range.end - range.start + 1)
      .send(copy.slice(range));
  } else {
    await reply.header('content-length', copy.length).send(copy.stream);
  }
}

export function sendCopy(reply: FastifyReply, copy: PaperCopy): StreamableFile {
  void reply.header('cache-control', 'private, no-store');
  void reply.header('x-trace-code', copy.traceCode);
  return new StreamableFile(copy.stream, { type: 'application/pdf', length: copy.length, disposition: contentDisposition(copy.disposition, copy.fileName) });
}
