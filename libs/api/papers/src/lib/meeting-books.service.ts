import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { In } from 'typeorm';
import type { MeetingKind, MeetingRole } from '@ecabinet/shared/contracts';
import { APP_CONFIG, canonicalJson, DomainEvents, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { MeetingEntity, MeetingStore, toAgendaResponses } from '@ecabinet/api/meetings';
import { AuditService } from '@ecabinet/api/audit';
import { fontBytes } from '@ecabinet/api/pdf';
import { MeetingBookEntity, PaperEntity, PaperVersionEntity } from './entities';
import { PaperAccess } from './paper-access';
import { PaperCopies, type CopyPurpose, type PaperCopy } from './paper-copies.service';
import type { BookText } from './pdf/meeting-book';
import type { CompiledBook } from './pdf/pdf-jobs';
import { PdfWorkers } from './pdf-workers';
import { FileStore, storeKeys } from './storage/file-store';

const BOOK_TIMEOUT_MS = 10 * 60 * 1000;
/** Papers often change in bursts (an item's papers uploaded one after another): wait for quiet. */
const PREPARE_AFTER_MS = 1500;

const KIND_LABEL: Record<MeetingKind, string> = { regular: 'Phiên họp thường kỳ', extraordinary: 'Phiên họp bất thường', thematic: 'Phiên họp chuyên đề' };
const ROLE_LABEL: Record<MeetingRole, string> = { chair: 'Chủ tọa', member: 'Thành viên', delegate: 'Người được ủy quyền', observer: 'Khách mời', secretary: 'Thư ký' };

/** What goes into one book: the same composition always gives the same book (cached by its hash). */
interface Composition {
  text: BookText;
  items: { number: string; title: string; papers: { id: string; version: number; sha256: string; title: string }[] }[];
}

/** What every reader's composition of one meeting is chosen from, read once. */
interface MeetingMaterial {
  text: BookText;
  items: { id: string; number: string; title: string }[];
  papers: PaperEntity[];
  versions: PaperVersionEntity[];
}

const keyOf = (composition: Composition) => createHash('sha256').update(canonicalJson(composition)).digest('hex');
const paperCount = (composition: Composition) => composition.items.reduce((sum, item) => sum + item.papers.length, 0);

/**
 * The meeting book: one PDF per meeting and reader, with the papers that reader may read (and,
 * for a download, without the confidential ones). Books are compiled in a worker thread and kept
 * by the hash of their composition, so readers with the same papers share one compiled book;
 * each copy is then watermarked for its reader like a paper.
 */
@Injectable()
export class MeetingBooks implements OnApplicationShutdown {
  private readonly logger = new Logger(MeetingBooks.name);
  private readonly compiling = new Map<string, Promise<MeetingBookEntity>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly preparing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: MeetingStore,
    private readonly access: PaperAccess,
    private readonly copies: PaperCopies,
    private readonly workers: PdfWorkers,
    private readonly files: FileStore,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async copy(meetingId: string, user: AuthenticatedUser, purpose: CopyPurpose, reusedTrace?: string): Promise<PaperCopy> {
    const context = await this.access.context(meetingId, user);
    const meeting = context.meeting.meeting;
    if (reusedTrace) return this.copies.reopen('book', meetingId, null, user, reusedTrace, `${meeting.title}.pdf`);
    const material = await this.material(meeting);
    const composition = this.compose(material, (paper) => this.access.canRead(context, paper) && (purpose === 'view' || this.access.canDownload(paper)));
    const book = await this.compiled(meetingId, keyOf(composition), composition);
    const now = this.store.now();
    const code = await this.copies.record(
      { kind: 'book', purpose, userId: user.id, meetingId, paperId: null, paperVersion: null, sha256: book.sha256, createdAt: now },
      (manager, traceCode) =>
        this.audit
          .record(
            {
              action: purpose === 'view' ? 'meeting.book.viewed' : 'meeting.book.downloaded',
              targetType: 'meeting',
              targetId: meetingId,
              details: { traceCode, sha256: book.sha256, papers: composition.items.flatMap((item) => item.papers.map((p) => ({ id: p.id, version: p.version }))) },
            },
            manager,
          )
          .then(() => undefined),
    );
    return this.copies.copy(storeKeys.book(book.sha256), await this.copies.index(book.sha256), user, code, now, `${meeting.title}.pdf`, purpose);
  }

  /**
   * After papers change: compiles in the background each distinct book the meeting's
   * participants will open, telling its readers the progress live (`book:progress`).
   */
  schedule(meetingId: string): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(meetingId));
    const timer = setTimeout(() => {
      this.timers.delete(meetingId);
      const run = (this.preparing.get(meetingId) ?? Promise.resolve())
        .then(() => this.prepare(meetingId))
        .catch((error: unknown) => {
          if (!this.closed) this.logger.warn(`meeting book preparation failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      this.preparing.set(meetingId, run);
      void run.finally(() => {
        if (this.preparing.get(meetingId) === run) this.preparing.delete(meetingId);
      });
    }, PREPARE_AFTER_MS);
    timer.unref();
    this.timers.set(meetingId, timer);
  }

  /** Resolves when no background preparation of this meeting is waiting or running (tests, shutdown). */
  async settled(meetingId: string): Promise<void> {
    while (this.timers.has(meetingId) || this.preparing.has(meetingId)) {
      await (this.preparing.get(meetingId) ?? new Promise((resolve) => setTimeout(resolve, 50)));
    }
  }

  private async prepare(meetingId: string): Promise<void> {
    const meeting = await this.store.manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
    if (!meeting || meeting.status === 'draft' || this.closed) return;
    const material = await this.material(meeting);
    const participants = await this.store.participants(meetingId);
    const users = await this.store.users(participants.map((p) => p.userId));
    const books = new Map<string, { composition: Composition; userIds: string[] }>();
    for (const participant of participants) {
      const user = users.get(participant.userId);
      if (!user || user.disabled) continue;
      const reader: AuthenticatedUser = { id: user.id, username: user.username, fullName: user.fullName, roles: user.roles };
      const context = await this.access.context(meetingId, reader);
      const composition = this.compose(material, (paper) => this.access.canRead(context, paper));
      const key = keyOf(composition);
      const book = books.get(key) ?? { composition, userIds: [] };
      book.userIds.push(user.id);
      books.set(key, book);
    }
    for (const [key, { composition, userIds }] of books) {
      if (this.closed) return;
      const total = paperCount(composition);
      const progress = (state: 'compiling' | 'ready' | 'failed', done: number) =>
        this.events.publish('papers.book-progress', { userIds, progress: { meetingId, state, done, total } });
      if (await this.store.manager.getRepository(MeetingBookEntity).exists({ where: { key } })) {
        progress('ready', total);
        continue;
      }
      progress('compiling', 0);
      try {
        await this.compiled(meetingId, key, composition, (done) => progress('compiling', done));
        progress('ready', total);
      } catch (error) {
        progress('failed', 0);
        throw error;
      }
    }
  }

  /** The meeting's agenda, papers and the words of the cover: read once, shared by every reader's book. */
  private async material(meeting: MeetingEntity): Promise<MeetingMaterial> {
    const manager = this.store.manager;
    const items = toAgendaResponses(await this.store.items(meeting.id));
    const papers = (await manager.getRepository(PaperEntity).find({ where: { meetingId: meeting.id } })).sort((a, b) => a.position - b.position);
    const versions = papers.length ? await manager.getRepository(PaperVersionEntity).find({ where: { paperId: In(papers.map((p) => p.id)) } }) : [];
    const participants = await this.store.participants(meeting.id);
    const users = await this.store.users(participants.map((p) => p.userId));
    const order: MeetingRole[] = ['chair', 'member', 'delegate', 'observer', 'secretary'];
    const when = new Intl.DateTimeFormat('vi-VN', { timeZone: this.config.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(meeting.startsAt);
    return {
      items: items.map((item) => ({ id: item.id, number: item.number, title: item.title })),
      papers,
      versions,
      text: {
        heading: 'TÀI LIỆU PHIÊN HỌP',
        title: meeting.title,
        details: [KIND_LABEL[meeting.kind], `Thời gian: ${when}`, ...(meeting.place ? [`Địa điểm: ${meeting.place}`] : [])],
        participantsHeading: 'Thành phần',
        participants: [...participants]
          .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || (users.get(a.userId)?.fullName ?? '').localeCompare(users.get(b.userId)?.fullName ?? ''))
          .map((p) => {
            const person = users.get(p.userId);
            return `${person?.fullName ?? ''}${person?.title ? `, ${person.title}` : ''} — ${ROLE_LABEL[p.role]}`;
          }),
        contentsHeading: 'MỤC LỤC',
        pageLabel: 'Trang {x}/{n}',
        contentsBookmark: 'Mục lục',
        footer: meeting.title,
      },
    };
  }

  /** One reader's book: every item, with the current version of each paper `include` lets through. */
  private compose(material: MeetingMaterial, include: (paper: PaperEntity) => boolean): Composition {
    return {
      text: material.text,
      items: material.items.map((item) => ({
        number: item.number,
        title: item.title,
        papers: material.papers
          .filter((paper) => paper.itemId === item.id && include(paper))
          .map((paper) => {
            const version = material.versions.find((v) => v.paperId === paper.id && v.version === paper.currentVersion) as PaperVersionEntity;
            return { id: paper.id, version: version.version, sha256: version.sha256, title: paper.title };
          }),
      })),
    };
  }

  /** The stored book for this composition, compiling it once (also across concurrent requests). */
  private async compiled(meetingId: string, key: string, composition: Composition, onProgress?: (done: number) => void): Promise<MeetingBookEntity> {
    const existing = await this.store.manager.getRepository(MeetingBookEntity).findOne({ where: { key } });
    if (existing) return existing;
    let pending = this.compiling.get(key);
    if (!pending) {
      pending = this.compile(meetingId, key, composition, onProgress).finally(() => this.compiling.delete(key));
      this.compiling.set(key, pending);
    }
    return pending;
  }

  private async compile(meetingId: string, key: string, composition: Composition, onProgress?: (done: number) => void): Promise<MeetingBookEntity> {
    const tempDir = join(this.config.dataDir, 'tmp');
    await mkdir(tempDir, { recursive: true });
    const outputPath = join(tempDir, `book-${randomUUID()}.pdf`);
    const held: { release: () => Promise<void> }[] = [];
    try {
      const items = [];
      for (const item of composition.items) {
        const papers = [];
        for (const paper of item.papers) {
          const file = await this.files.localPath(storeKeys.paper(paper.sha256));
          const index = await this.files.localPath(storeKeys.index(paper.sha256));
          held.push(file, index);
          papers.push({ title: paper.title, path: file.path, indexPath: index.path });
        }
        items.push({ number: item.number, title: item.title, papers });
      }
      const result: CompiledBook = await this.workers.run(
        { kind: 'book', outputPath, text: composition.text, items, fontBytes: fontBytes('NotoSans-Regular'), seed: key },
        { timeoutMs: BOOK_TIMEOUT_MS, onProgress: (done) => onProgress?.(done) },
      );
      await this.files.putBytes(storeKeys.index(result.sha256), Buffer.from(JSON.stringify(result.index)));
      await this.files.putFile(storeKeys.book(result.sha256), outputPath);
      const book = this.store.manager.getRepository(MeetingBookEntity).create({
        key,
        meetingId,
        sha256: result.sha256,
        pageCount: result.pageCount,
        sizeBytes: result.sizeBytes,
        createdAt: this.store.now(),
      });
      await this.store.manager.getRepository(MeetingBookEntity).upsert(book, ['key']);
      return book;
    } finally {
      await Promise.all(held.map((h) => h.release()));
      await rm(outputPath, { force: true });
    }
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
