import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BALLOT_PAPER_CLASSIFICATIONS, type BallotPaperClassification, type BallotPaperResponse } from '@ecabinet/shared/contracts';
import { Clock, Omittable, type AuthenticatedUser } from '@ecabinet/api/platform';
import { AuditService } from '@ecabinet/api/audit';
import { PaperCopies, PaperIntake, PaperTexts, paperErrors, readUploadFields, storeKeys, titleFromFileName, type PaperCopy, type PaperCopyPurpose, type ReceivedFile } from '@ecabinet/api/papers';
import { toBallotPaperResponse } from './ballot-paper.mapper';
import { ballotErrors } from './ballot.errors';
import { BallotAccess } from './ballot-access';
import { BallotLifecycle } from './ballot-lifecycle.service';
import { BallotEntity, BallotPaperEntity } from './entities';

/** The text parts of a ballot paper upload. */
export class UploadBallotPaperFieldsDto {
  @ApiPropertyOptional({ description: 'Defaults to the file name without ".pdf"' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: BALLOT_PAPER_CLASSIFICATIONS, default: 'normal' })
  @Omittable()
  @IsIn(BALLOT_PAPER_CLASSIFICATIONS)
  classification?: BallotPaperClassification;
}

const BALLOT_COPY_AUDIT_ACTIONS = { view: 'ballot.paper.viewed', download: 'ballot.paper.downloaded', offline: 'ballot.paper.stored-offline' } as const;

/**
 * Papers attached to a ballot. They go through the same intake as a meeting's papers (type by
 * content, damaged and encrypted files refused, size and page limits) and are read the same way:
 * each view or download is the reader's own watermarked copy with a trace code. They change only
 * while the ballot is a draft, and each change moves the ballot's version, which is what
 * recipients sign: an answer always refers to one set of papers.
 */
@Injectable()
export class BallotPapers implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BallotAccess,
    private readonly lifecycle: BallotLifecycle,
    private readonly intake: PaperIntake,
    private readonly copies: PaperCopies,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly texts: PaperTexts,
  ) {}

  onModuleInit(): void {
    const papers = this.dataSource.getRepository(BallotPaperEntity);
    this.intake.registerUsage((sha256) => papers.count({ where: [{ sha256 }, { receivedSha256: sha256 }] }));
    this.copies.registerTraceSubject('ballot', async (trace) => {
      const [ballot, paper] = await Promise.all([
        this.dataSource.getRepository(BallotEntity).findOne({ where: { id: trace.meetingId } }),
        trace.paperId ? papers.findOne({ where: { id: trace.paperId } }) : Promise.resolve(null),
      ]);
      return { container: { id: trace.meetingId, title: ballot?.title ?? '' }, paper: trace.paperId ? { id: trace.paperId, title: paper?.title ?? '', version: 1 } : null };
    });
  }

  /** Checked before the upload is read, so a refused caller never sends 100 MB for nothing. */
  async assertCanAdd(ballotId: string, user: AuthenticatedUser): Promise<void> {
    if (!user.roles.includes('secretary')) throw ballotErrors.notFound();
    const ballot = await this.access.visible(ballotId, user);
    if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'given new papers');
  }

  async add(ballotId: string, received: ReceivedFile, user: AuthenticatedUser): Promise<BallotPaperResponse> {
    const fields = readUploadFields(UploadBallotPaperFieldsDto, received.fields);
    const accepted = await this.intake.inspect(received, { ballotId });
    await this.intake.store(received, accepted);
    const paper: BallotPaperEntity = {
      id: randomUUID(),
      ballotId,
      position: 0,
      title: (fields.title ?? titleFromFileName(received.fileName)).trim(),
      classification: fields.classification ?? 'normal',
      sha256: accepted.sha256,
      sizeBytes: accepted.sizeBytes,
      pageCount: accepted.pageCount,
      fileName: received.fileName,
      receivedSha256: accepted.received?.sha256 ?? null,
      receivedSizeBytes: accepted.received?.sizeBytes ?? null,
      repaired: accepted.repaired,
      decrypted: accepted.decrypted,
      uploadedBy: user.id,
      uploadedAt: this.clock.now(),
    };
    try {
      await this.lifecycle.change(ballotId, user, async (manager, ballot) => {
        if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'given new papers');
        paper.position = await manager.getRepository(BallotPaperEntity).count({ where: { ballotId } });
        await manager.getRepository(BallotPaperEntity).insert(paper);
        return { audit: { action: 'ballot.paper.added', details: { paperId: paper.id, title: paper.title, classification: paper.classification, sha256: paper.sha256, pages: paper.pageCount, ...PaperIntake.auditDetails(accepted) } } };
      });
    } catch (error) {
      await this.intake.forgetIfUnused(accepted.sha256, accepted.received?.sha256);
      throw error;
    }
    this.texts.kick();
    return toBallotPaperResponse(paper);
  }

  async remove(ballotId: string, paperId: string, user: AuthenticatedUser): Promise<void> {
    let removed: BallotPaperEntity | null = null;
    await this.lifecycle.change(ballotId, user, async (manager, ballot) => {
      if (ballot.status !== 'draft') throw ballotErrors.invalidState(ballot.status, 'stripped of papers');
      removed = await manager.getRepository(BallotPaperEntity).findOne({ where: { id: paperId, ballotId } });
      if (!removed) throw ballotErrors.paperNotFound();
      await manager.getRepository(BallotPaperEntity).delete({ id: paperId });
      return { audit: { action: 'ballot.paper.removed', details: { paperId, title: removed.title, sha256: removed.sha256 } } };
    });
    if (removed) await this.intake.forgetIfUnused((removed as BallotPaperEntity).sha256, (removed as BallotPaperEntity).receivedSha256);
  }

  /** The caller's watermarked copy: whoever may see the ballot may read its papers; confidential ones are never downloaded. */
  async copy(ballotId: string, paperId: string, user: AuthenticatedUser, purpose: PaperCopyPurpose, reusedTrace?: string): Promise<PaperCopy> {
    await this.access.visible(ballotId, user);
    const paper = await this.dataSource.getRepository(BallotPaperEntity).findOne({ where: { id: paperId, ballotId } });
    if (!paper) throw ballotErrors.paperNotFound();
    if (reusedTrace) return this.copies.reopen('ballot', ballotId, paperId, user, reusedTrace, `${paper.title}.pdf`);
    // A confidential paper is read in the app only: never downloaded, never kept on a device.
    if (purpose !== 'view' && paper.classification === 'confidential') throw paperErrors.downloadForbidden();
    const now = this.clock.now();
    const code = await this.copies.record(
      { kind: 'ballot', purpose, userId: user.id, meetingId: ballotId, paperId, paperVersion: 1, sha256: paper.sha256, createdAt: now },
      (manager, traceCode) =>
        this.audit.record(
          { action: BALLOT_COPY_AUDIT_ACTIONS[purpose], targetType: 'ballot', targetId: ballotId, details: { paperId, classification: paper.classification, traceCode } },
          manager,
        ),
    );
    return this.copies.copy(storeKeys.paper(paper.sha256), await this.copies.index(paper.sha256), user, code, now, `${paper.title}.pdf`, purpose);
  }
}
