import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { type ItemExclusionsResponse, type PaperResponse, type UpdatePaperRequest } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { MeetingStore, ParticipantEntity, SessionService, toAgendaResponses } from '@ecabinet/api/meetings';
import { ItemExclusionEntity, PaperEntity, PaperReadEntity, PaperReaderEntity, PaperVersionEntity } from './entities';
import { MeetingBooks } from './meeting-books.service';
import { PaperAccess, type ReaderContext } from './paper-access';
import { PaperTexts } from './paper-texts.service';
import { titleFromFileName } from './file-names';
import { PaperIntake, readUploadFields, type AcceptedPaper, type ReceivedFile } from './paper-intake';
import { UploadPaperFieldsDto } from './papers.dto';
import { paperErrors } from './papers.errors';
import { toPaperResponse } from './papers.mappers';

/**
 * Papers of a meeting's agenda items: adding one, replacing it by a new version (earlier versions
 * stay readable to the secretariat), changing its title, classification and readers, and the
 * per-item exclusions. Every change runs through MeetingStore.change: locked meeting, audit
 * entry and the `papers` live event in one transaction; then the meeting books are recompiled
 * in the background.
 */
@Injectable()
export class PapersService {
  constructor(
    private readonly store: MeetingStore,
    private readonly access: PaperAccess,
    private readonly intake: PaperIntake,
    private readonly books: MeetingBooks,
    private readonly session: SessionService,
    private readonly texts: PaperTexts,
  ) {}

  /** Checked before the upload is read, so a refused caller never sends 100 MB for nothing. */
  async assertCanAdd(meetingId: string, itemId: string, user: AuthenticatedUser): Promise<void> {
    const { meeting } = await this.store.access(meetingId, user);
    if (meeting.status === 'closed') throw paperErrors.meetingClosed();
    await this.store.item(meetingId, itemId);
  }

  async assertCanReplace(meetingId: string, paperId: string, user: AuthenticatedUser): Promise<void> {
    const { meeting } = await this.store.access(meetingId, user);
    if (meeting.status === 'closed') throw paperErrors.meetingClosed();
    await this.paper(this.store.manager, meetingId, paperId);
  }

  async create(meetingId: string, itemId: string, received: ReceivedFile, user: AuthenticatedUser): Promise<PaperResponse> {
    const fields = readUploadFields(UploadPaperFieldsDto, received.fields);
    const accepted = await this.intake.inspect(received, { meetingId, itemId });
    await this.intake.store(received, accepted);
    try {
      return await this.afterwards(meetingId, this.store.change(meetingId, async ({ manager, meeting }) => {
        if (meeting.status === 'closed') throw paperErrors.meetingClosed();
        await this.store.item(meetingId, itemId, manager);
        const readerIds = [...new Set(fields.readerIds ?? [])];
        await this.assertParticipants(manager, meetingId, readerIds);
        const now = this.store.now();
        const paper = manager.getRepository(PaperEntity).create({
          id: randomUUID(),
          meetingId,
          itemId,
          title: (fields.title ?? titleFromFileName(received.fileName)).trim(),
          classification: fields.classification ?? 'normal',
          position: await manager.getRepository(PaperEntity).count({ where: { itemId } }),
          currentVersion: 1,
          revision: 1,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        });
        await manager.getRepository(PaperEntity).insert(paper);
        const version = this.newVersion(manager, paper.id, 1, received, accepted, user, now);
        await manager.getRepository(PaperVersionEntity).insert(version);
        if (readerIds.length) await manager.getRepository(PaperReaderEntity).insert(readerIds.map((userId) => ({ paperId: paper.id, userId })));
        return {
          result: toPaperResponse({ paper, versions: [version], readerIds, lastReadVersion: null, secretariat: true }),
          event: { kind: 'papers', data: { itemId, paperId: paper.id, version: 1, change: 'added' } },
          audit: {
            action: 'paper.uploaded',
            targetType: 'paper',
            targetId: paper.id,
            details: { meetingId, itemId, title: paper.title, classification: paper.classification, readerIds, ...versionDetails(version) },
          },
        };
      }));
    } catch (error) {
      await this.intake.forgetIfUnused(accepted.sha256, accepted.received?.sha256);
      throw error;
    }
  }

  /** A new version replaces the current one; participants are told live. */
  async addVersion(meetingId: string, paperId: string, received: ReceivedFile, user: AuthenticatedUser): Promise<PaperResponse> {
    const existing = await this.paper(this.store.manager, meetingId, paperId);
    const accepted = await this.intake.inspect(received, { meetingId, itemId: existing.itemId, paperId });
    await this.intake.store(received, accepted);
    try {
      return await this.afterwards(meetingId, this.store.change(meetingId, async ({ manager, meeting }) => {
        if (meeting.status === 'closed') throw paperErrors.meetingClosed();
        const paper = await this.paper(manager, meetingId, paperId);
        const now = this.store.now();
        const version = this.newVersion(manager, paper.id, paper.currentVersion + 1, received, accepted, user, now);
        await manager.getRepository(PaperVersionEntity).insert(version);
        paper.currentVersion = version.version;
        paper.updatedAt = now;
        await manager.getRepository(PaperEntity).update({ id: paper.id }, { currentVersion: paper.currentVersion, updatedAt: now });
        return {
          result: (await this.views(manager, [paper], null))[0],
          event: { kind: 'papers', data: { itemId: paper.itemId, paperId, version: version.version, change: 'replaced' } },
          audit: { action: 'paper.version.uploaded', targetType: 'paper', targetId: paper.id, details: { meetingId, itemId: paper.itemId, ...versionDetails(version) } },
        };
      }));
    } catch (error) {
      await this.intake.forgetIfUnused(accepted.sha256, accepted.received?.sha256);
      throw error;
    }
  }

  update(meetingId: string, paperId: string, request: UpdatePaperRequest): Promise<PaperResponse> {
    return this.afterwards(meetingId, this.store.change(meetingId, async ({ manager, meeting }) => {
      if (meeting.status === 'closed') throw paperErrors.meetingClosed();
      const paper = await this.paper(manager, meetingId, paperId);
      if (paper.revision !== request.revision) throw paperErrors.stale((await this.views(manager, [paper], null))[0]);
      const changes: Record<string, unknown> = {};
      if (request.title !== undefined) paper.title = changes['title'] = request.title.trim();
      if (request.classification !== undefined) paper.classification = changes['classification'] = request.classification;
      if (request.readerIds !== undefined) {
        const readerIds = [...new Set(request.readerIds)];
        await this.assertParticipants(manager, meetingId, readerIds);
        await manager.getRepository(PaperReaderEntity).delete({ paperId });
        if (readerIds.length) await manager.getRepository(PaperReaderEntity).insert(readerIds.map((userId) => ({ paperId, userId })));
        changes['readerIds'] = readerIds;
      }
      paper.revision += 1;
      paper.updatedAt = this.store.now();
      await manager.getRepository(PaperEntity).update(
        { id: paperId },
        { title: paper.title, classification: paper.classification, revision: paper.revision, updatedAt: paper.updatedAt },
      );
      return {
        result: (await this.views(manager, [paper], null))[0],
        event: { kind: 'papers', data: { itemId: paper.itemId, paperId, version: paper.currentVersion, change: 'updated' } },
        audit: { action: 'paper.updated', targetType: 'paper', targetId: paperId, details: { meetingId, changes } },
      };
    }));
  }

  /** The papers the caller may read, in agenda order. */
  async list(meetingId: string, user: AuthenticatedUser): Promise<PaperResponse[]> {
    const context = await this.access.context(meetingId, user);
    const manager = this.store.manager;
    const order = new Map(toAgendaResponses(await this.store.items(meetingId)).map((item, index) => [item.id, index]));
    const papers = (await manager.getRepository(PaperEntity).find({ where: { meetingId } }))
      .filter((paper) => this.access.canRead(context, paper))
      .sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0) || a.position - b.position);
    return this.views(manager, papers, context);
  }

  async get(meetingId: string, paperId: string, user: AuthenticatedUser): Promise<PaperResponse> {
    const { context, paper } = await this.access.readable(meetingId, paperId, user);
    return (await this.views(this.store.manager, [paper], context))[0];
  }

  async exclusions(meetingId: string, itemId: string, user: AuthenticatedUser): Promise<ItemExclusionsResponse> {
    await this.store.access(meetingId, user);
    await this.store.item(meetingId, itemId);
    const rows = await this.store.manager.getRepository(ItemExclusionEntity).find({ where: { itemId } });
    return { itemId, userIds: rows.map((row) => row.userId).sort() };
  }

  /**
   * Who is excluded from an item (conflict of interest): kept from its papers, and from giving a
   * position, asking for the floor and voting on it. Every screen is told who is excluded (deputies
   * of those named included); the session follows in the same change ({@link SessionService.applyExclusions}).
   */
  setExclusions(meetingId: string, itemId: string, userIds: string[]): Promise<ItemExclusionsResponse> {
    return this.afterwards(meetingId, this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.store.item(meetingId, itemId, manager);
      const unique = [...new Set(userIds)].sort();
      await this.assertParticipants(manager, meetingId, unique);
      await manager.getRepository(ItemExclusionEntity).delete({ itemId });
      if (unique.length) await manager.getRepository(ItemExclusionEntity).insert(unique.map((userId) => ({ itemId, userId, meetingId })));
      const excluded = await this.store.excludedFrom(meetingId, itemId, manager);
      return {
        result: { itemId, userIds: unique },
        event: { kind: 'exclusions', data: { itemId, userIds: [...excluded].sort() } },
        alsoEvents: await this.session.applyExclusions(manager, meeting, itemId),
        audit: { action: 'agenda.item.exclusions.set', targetType: 'agenda_item', targetId: itemId, details: { meetingId, userIds: unique } },
      };
    }));
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Once a change is committed, the meeting's books are out of date: recompile in the background. */
  private async afterwards<T>(meetingId: string, change: Promise<T>): Promise<T> {
    const result = await change;
    this.books.schedule(meetingId);
    this.texts.kick();
    return result;
  }

  async paper(manager: EntityManager, meetingId: string, paperId: string): Promise<PaperEntity> {
    const paper = await manager.getRepository(PaperEntity).findOne({ where: { id: paperId, meetingId } });
    if (!paper) throw paperErrors.paperNotFound();
    return paper;
  }

  /** Responses for papers; `context` null means the secretariat's full view. */
  private async views(manager: EntityManager, papers: PaperEntity[], context: ReaderContext | null): Promise<PaperResponse[]> {
    if (papers.length === 0) return [];
    const ids = papers.map((p) => p.id);
    const secretariat = context === null || context.secretariat;
    const [versions, readers, reads] = await Promise.all([
      manager.getRepository(PaperVersionEntity).find({ where: { paperId: In(ids) } }),
      secretariat ? manager.getRepository(PaperReaderEntity).find({ where: { paperId: In(ids) } }) : Promise.resolve([]),
      context ? manager.getRepository(PaperReadEntity).find({ where: { paperId: In(ids), userId: context.user.id } }) : Promise.resolve([]),
    ]);
    return papers.map((paper) =>
      toPaperResponse({
        paper,
        versions: versions.filter((v) => v.paperId === paper.id && (secretariat || v.version === paper.currentVersion)),
        readerIds: readers.filter((r) => r.paperId === paper.id).map((r) => r.userId),
        lastReadVersion: reads.find((r) => r.paperId === paper.id)?.version ?? null,
        secretariat,
      }),
    );
  }

  private newVersion(manager: EntityManager, paperId: string, version: number, received: ReceivedFile, accepted: AcceptedPaper, user: AuthenticatedUser, now: Date): PaperVersionEntity {
    return manager.getRepository(PaperVersionEntity).create({
      paperId,
      version,
      sha256: accepted.sha256,
      sizeBytes: accepted.sizeBytes,
      pageCount: accepted.pageCount,
      receivedSha256: accepted.received?.sha256 ?? null,
      receivedSizeBytes: accepted.received?.sizeBytes ?? null,
      repaired: accepted.repaired,
      decrypted: accepted.decrypted,
      fileName: received.fileName,
      uploadedBy: user.id,
      uploadedAt: now,
    });
  }

  private async assertParticipants(manager: EntityManager, meetingId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const found = await manager.getRepository(ParticipantEntity).find({ where: { meetingId, userId: In(userIds) } });
    const known = new Set(found.map((p) => p.userId));
    const unknown = userIds.filter((id) => !known.has(id));
    if (unknown.length) throw paperErrors.invalidReaders(unknown);
  }
}

function versionDetails(version: PaperVersionEntity): Record<string, unknown> {
  return {
    version: version.version,
    sha256: version.sha256,
    sizeBytes: version.sizeBytes,
    pageCount: version.pageCount,
    fileName: version.fileName,
    // What was done to the upload on the way in; the bytes received are kept when they differ.
    repaired: version.repaired,
    decrypted: version.decrypted,
    receivedSha256: version.receivedSha256,
    receivedSizeBytes: version.receivedSizeBytes,
  };
}

