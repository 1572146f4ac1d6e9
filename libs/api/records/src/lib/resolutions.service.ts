import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { BallotErrorCode, MeetingErrorCode, type AuditAction, type CreateResolutionRequest, type ResolutionPage, type ResolutionResponse, type ResolutionSection } from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, DomainEvents, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { BallotEntity } from '@ecabinet/api/ballots';
import { AgendaItemEntity, MeetingEntity, MeetingStore } from '@ecabinet/api/meetings';
import { FileStore } from '@ecabinet/api/papers';
import { signPdf } from '@ecabinet/api/pdf';
import { TrustService } from '@ecabinet/api/trust';
import { DocumentNumbers, StaleWrite, answeringStale } from './document-numbers';
import { ResolutionEntity } from './entities';
import { ballotSections, renderResolutionPdf } from './resolution-pdf';
import { vietnameseTime } from './minutes-record';
import { isStaff } from './records-access';

const errors = {
  notFound: () => new DomainError(MeetingErrorCode.RESOLUTION_NOT_FOUND, 'No such resolution, or it has not been issued yet.'),
  exists: (id: string, of = 'meeting') => new DomainError(MeetingErrorCode.RESOLUTION_EXISTS, `This ${of} already has a resolution.`, { id }),
  noBallot: () => new DomainError(BallotErrorCode.BALLOT_NOT_FOUND, 'No such opinion ballot.'),
  ballotOpen: () => new DomainError(BallotErrorCode.BALLOT_INVALID_STATE, 'Only an opinion ballot that has closed with an outcome is issued as a resolution.'),
  notBallotIssuer: () => new DomainError(MeetingErrorCode.NOT_THE_ISSUER, 'Only the chair who approved the ballot issues its resolution.'),
  issued: () => new DomainError(MeetingErrorCode.RESOLUTION_ISSUED, 'This resolution has been issued and never changes.'),
  notIssuer: () => new DomainError(MeetingErrorCode.NOT_THE_ISSUER, "Only the meeting's chair issues its resolution."),
  notClosed: () => new DomainError(MeetingErrorCode.MEETING_NOT_CLOSED, 'A session resolution is composed once the meeting has closed.'),
  pending: (items: string[]) => new DomainError(MeetingErrorCode.CONCLUSIONS_PENDING, 'Some conclusions still await the chair: approve them before composing the resolution.', { items }),
  unknownItem: () => new DomainError(MeetingErrorCode.AGENDA_ITEM_NOT_FOUND, 'A section names an agenda item this meeting does not have (a ballot\'s resolution names none).'),
  stale: (current: ResolutionResponse) =>
    new DomainError(MeetingErrorCode.STALE_VERSION, 'Someone else saved this resolution in the meantime. Review the current version and try again.', { resolution: current }),
};

const pdfKey = (sha256: string) => `resolutions/${sha256.slice(0, 2)}/${sha256}.pdf`;

/**
 * Session resolutions: the secretariat composes one from a closed meeting's approved conclusions
 * (one section per decided matter) and edits it by version; the meeting's chair issues it. Issuing
 * gives the year's next number (no gap, no duplicate), freezes it, keeps the sealed PDF, and tells
 * every member at once; an issued resolution is public to everyone signed in. Drafts are the
 * secretariat's and the chair's only. A written opinion ballot that closed with an outcome is
 * issued as a resolution the same way: composed from its questions and results, issued by the
 * chair who approved it.
 */
@Injectable()
export class ResolutionsService {
  constructor(
    private readonly store: MeetingStore,
    private readonly numbers: DocumentNumbers,
    private readonly files: FileStore,
    private readonly trust: TrustService,
    private readonly events: DomainEvents,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A page of issued resolutions, newest first; for the secretariat and the chair, drafts first. */
  async list(user: AuthenticatedUser, offset = 0, limit = 50): Promise<ResolutionPage> {
    const builder = this.store.manager.getRepository(ResolutionEntity).createQueryBuilder('r');
    if (!isStaff(user)) builder.where('r.status = :issued', { issued: 'issued' });
    builder
      .orderBy("CASE WHEN r.status = 'draft' THEN 0 ELSE 1 END", 'ASC')
      .addOrderBy('COALESCE(r.issuedAt, r.updatedAt)', 'DESC')
      .addOrderBy('r.id', 'ASC');
    const total = await builder.getCount();
    return { items: await this.toResponses(await builder.offset(offset).limit(limit).getMany()), total };
  }

  async get(id: string, user: AuthenticatedUser): Promise<ResolutionResponse> {
    const row = await this.store.manager.getRepository(ResolutionEntity).findOne({ where: { id } });
    if (!row || (row.status !== 'issued' && !isStaff(user))) throw errors.notFound();
    return (await this.toResponses([row]))[0] as ResolutionResponse;
  }

  /** Composes the draft from a closed meeting or from a closed opinion ballot. */
  create(request: CreateResolutionRequest, user: AuthenticatedUser): Promise<ResolutionResponse> {
    return request.ballotId ? this.createFromBallot(request.ballotId, user) : this.createFromMeeting(request.meetingId as string, user);
  }

  /** Composes the draft from the meeting's approved conclusions, in agenda order. */
  private async createFromMeeting(meetingId: string, user: AuthenticatedUser): Promise<ResolutionResponse> {
    const id = randomUUID();
    await this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.store.accessTo(meeting, user, manager);
      if (meeting.status !== 'closed') throw errors.notClosed();
      const existing = await manager.getRepository(ResolutionEntity).findOne({ where: { meetingId } });
      if (existing) throw errors.exists(existing.id);
      const items = await this.store.items(meetingId, manager);
      const pending = items.filter((item) => item.conclusionPending).map((item) => item.id);
      if (pending.length) throw errors.pending(pending);
      const sections = agendaOrder(items)
        .filter((item) => item.status !== 'withdrawn' && item.conclusion)
        .map((item) => ({ itemId: item.id, heading: item.title, text: item.conclusion as string }));
      await manager.getRepository(ResolutionEntity).insert(this.draft(id, { meetingId, ballotId: null }, meeting.title, sections, user));
      return { result: undefined, audit: { action: 'resolution.created', details: { resolutionId: id, sections: sections.length } } };
    });
    return this.get(id, user);
  }

  /** Composes the draft from a closed ballot: one section per question, with its result under the ballot's rules. */
  private async createFromBallot(ballotId: string, user: AuthenticatedUser): Promise<ResolutionResponse> {
    const id = randomUUID();
    const existing = () => this.store.manager.getRepository(ResolutionEntity).findOne({ where: { ballotId } });
    try {
      await this.transactions.run(async (manager) => {
        const ballot = await manager.getRepository(BallotEntity).findOne({ where: { id: ballotId } });
        if (!ballot) throw errors.noBallot();
        if (ballot.status !== 'closed' || !ballot.result) throw errors.ballotOpen();
        const already = await manager.getRepository(ResolutionEntity).findOne({ where: { ballotId } });
        if (already) throw errors.exists(already.id, 'ballot');
        const sections = ballotSections(ballot.questions, ballot.result);
        await manager.getRepository(ResolutionEntity).insert(this.draft(id, { meetingId: null, ballotId }, ballot.title, sections, user));
        await this.record(manager, id, 'resolution.created', { resolutionId: id, ballotId, sections: sections.length }, user);
      });
    } catch (error) {
      // Two composed at once: the unique ballot lets one in; the other hears which.
      const other = error instanceof DomainError ? null : await existing();
      if (other && other.id !== id) throw errors.exists(other.id, 'ballot');
      throw error;
    }
    return this.get(id, user);
  }

  /** A new draft's row: version 1, no number yet. */
  private draft(id: string, source: { meetingId: string | null; ballotId: string | null }, title: string, sections: readonly ResolutionSection[], user: AuthenticatedUser): ResolutionEntity {
    const now = this.store.now();
    return { id, ...source, status: 'draft', version: 1, title, sections: JSON.stringify(sections), number: null, pdfSha256: null, createdBy: user.id, createdAt: now, updatedAt: now, issuedBy: null, issuedAt: null };
  }

  async update(id: string, version: number, title: string, sections: readonly ResolutionSection[], user: AuthenticatedUser): Promise<ResolutionResponse> {
    const row = await this.draftRow(id, user);
    await answeringStale(
      () =>
        this.change(row, user, async (manager) => {
          const repository = manager.getRepository(ResolutionEntity);
          const current = (await repository.findOne({ where: { id } })) as ResolutionEntity;
          if (current.status === 'issued') throw errors.issued();
          if (current.version !== version) throw new StaleWrite();
          const itemIds = new Set(current.meetingId ? (await this.store.items(current.meetingId, manager)).map((item) => item.id) : []);
          if (sections.some((section) => section.itemId !== null && !itemIds.has(section.itemId))) throw errors.unknownItem();
          const cleaned = sections.map((section) => ({ itemId: section.itemId, heading: section.heading.trim(), text: section.text.trim() }));
          // On the version read: of two saves at once, one finds it moved on.
          const saved = await repository.update({ id, version, status: 'draft' }, { title: title.trim(), sections: JSON.stringify(cleaned), version: version + 1, updatedAt: this.store.now() });
          if (saved.affected === 0) throw new StaleWrite();
          return { action: 'resolution.updated', details: { resolutionId: id, version: version + 1 } };
        }),
      async () => errors.stale(await this.get(id, user)),
    );
    return this.get(id, user);
  }

  /** The chair (of the meeting, or who approved the ballot) issues the version he read: numbered, frozen, sealed, told to every member. */
  async issue(id: string, version: number, user: AuthenticatedUser): Promise<ResolutionResponse> {
    const row = await this.draftRow(id, user);
    let announced: { resolutionId: string; title: string; number: string } | null = null;
    await answeringStale(
      () =>
        this.change(row, user, async (manager, meeting) => {
          if (meeting) {
            if ((await this.store.accessTo(meeting, user, manager)).role !== 'chair') throw errors.notIssuer();
          } else if ((await this.ballotOf(row, manager)).chairId !== user.id) throw errors.notBallotIssuer();
          const repository = manager.getRepository(ResolutionEntity);
          const current = (await repository.findOne({ where: { id } })) as ResolutionEntity;
          if (current.status === 'issued') throw errors.issued();
          if (current.version !== version) throw new StaleWrite();
          const now = this.store.now();
          const number = await this.numbers.issue(manager, 'resolution', this.config.documents.resolutionSymbol, now, this.config.timeZone);
          const pdf = await this.render(current, await this.basis(current, manager), number, now, user.fullName);
          const signed = await signPdf(pdf, { name: this.trust.sealName, reason: `Nghị quyết số ${number}`, location: this.config.documents.place, signedAt: now }, (bytes) => this.trust.sealPdf(bytes));
          const sha256 = createHash('sha256').update(signed).digest('hex');
          await this.files.putBytes(pdfKey(sha256), Buffer.from(signed));
          // On the version read: an issue at the same moment finds it moved on, and its number is rolled back with it.
          const issued = await repository.update({ id, version, status: 'draft' }, { status: 'issued', number, pdfSha256: sha256, issuedBy: user.id, issuedAt: now, version: version + 1, updatedAt: now });
          if (issued.affected === 0) throw new StaleWrite();
          announced = { resolutionId: id, title: current.title, number };
          return { action: 'resolution.issued', details: { resolutionId: id, number, pdfSha256: sha256 } };
        }),
      async () => errors.stale(await this.get(id, user)),
    );
    if (announced) this.events.publish('resolution.issued', announced);
    return this.get(id, user);
  }

  /** The sealed PDF of an issued resolution (the same bytes every time), or a draft's preview for the secretariat and the chair. */
  async pdf(id: string, user: AuthenticatedUser): Promise<{ bytes: Buffer; number: string | null }> {
    const resolution = await this.get(id, user);
    if (resolution.status === 'issued' && resolution.pdfSha256) return { bytes: await this.files.read(pdfKey(resolution.pdfSha256)), number: resolution.number };
    const row = (await this.store.manager.getRepository(ResolutionEntity).findOne({ where: { id } })) as ResolutionEntity;
    const chairId = row.meetingId ? (await this.store.participants(row.meetingId)).find((p) => p.role === 'chair')?.userId : (await this.ballotOf(row, this.store.manager)).chairId;
    const chairName = chairId ? ((await this.store.users([chairId])).get(chairId)?.fullName ?? '') : '';
    return { bytes: Buffer.from(await this.render(row, await this.basis(row, this.store.manager), null, row.updatedAt, chairName)), number: null };
  }

  /**
   * A change to a resolution in one transaction with its audit entry: a session's under its
   * meeting's lock (with the meeting's live sequence), a ballot's on its own.
   */
  private async change(row: ResolutionEntity, user: AuthenticatedUser, work: (manager: EntityManager, meeting: MeetingEntity | null) => Promise<{ action: AuditAction; details: Record<string, unknown> }>): Promise<void> {
    if (row.meetingId) {
      await this.store.change(row.meetingId, async ({ manager, meeting }) => ({ result: undefined, audit: await work(manager, meeting) }));
      return;
    }
    await this.transactions.run(async (manager) => {
      const { action, details } = await work(manager, null);
      await this.record(manager, row.id, action, details, user);
    });
  }

  private record(manager: EntityManager, id: string, action: AuditAction, details: Record<string, unknown>, user: AuthenticatedUser): Promise<void> {
    return this.audit.record({ action, targetType: 'resolution', targetId: id, actor: { id: user.id, username: user.username }, details }, manager);
  }

  private async ballotOf(row: ResolutionEntity, manager: EntityManager): Promise<BallotEntity> {
    return (await manager.getRepository(BallotEntity).findOne({ where: { id: row.ballotId as string } })) as BallotEntity;
  }

  /** The preamble's ground: the session's discussion and its chair's conclusions, or the ballot's result. */
  private async basis(row: ResolutionEntity, manager: EntityManager): Promise<string> {
    if (row.meetingId) {
      const meeting = (await manager.getRepository(MeetingEntity).findOne({ where: { id: row.meetingId } })) as MeetingEntity;
      return `Trên cơ sở thảo luận của các thành viên Chính phủ và kết luận của chủ tọa tại ${meeting.title}, tổ chức lúc ${vietnameseTime(meeting.startsAt.toISOString(), this.config.timeZone)},`;
    }
    const ballot = await this.ballotOf(row, manager);
    const closed = vietnameseTime((ballot.closedAt ?? ballot.deadline).toISOString(), this.config.timeZone);
    return `Căn cứ kết quả lấy ý kiến thành viên Chính phủ bằng phiếu lấy ý kiến “${ballot.title}”, kết thúc lúc ${closed},`;
  }

  private render(row: ResolutionEntity, basis: string, number: string | null, date: Date, chair: string): Promise<Uint8Array> {
    return renderResolutionPdf({
      title: row.title,
      sections: JSON.parse(row.sections) as ResolutionSection[],
      number,
      date,
      timeZone: this.config.timeZone,
      style: this.config.documents,
      basis,
      chair,
    });
  }

  /** A draft the caller may change: the secretariat edits, the chair issues; others do not see drafts. */
  private async draftRow(id: string, user: AuthenticatedUser): Promise<ResolutionEntity> {
    const row = await this.store.manager.getRepository(ResolutionEntity).findOne({ where: { id } });
    if (!row || (row.status !== 'issued' && !isStaff(user))) throw errors.notFound();
    if (row.status === 'issued') throw errors.issued();
    return row;
  }

  private async toResponses(rows: readonly ResolutionEntity[]): Promise<ResolutionResponse[]> {
    if (!rows.length) return [];
    const users = await this.store.users(rows.flatMap((row) => [row.createdBy, row.issuedBy].filter((userId): userId is string => !!userId)));
    const meetingIds = rows.map((row) => row.meetingId).filter((meetingId): meetingId is string => !!meetingId);
    const ballotIds = rows.map((row) => row.ballotId).filter((ballotId): ballotId is string => !!ballotId);
    const meetings = meetingIds.length ? await this.store.manager.getRepository(MeetingEntity).find({ where: { id: In(meetingIds) }, select: { id: true, title: true } }) : [];
    const ballots = ballotIds.length ? await this.store.manager.getRepository(BallotEntity).find({ where: { id: In(ballotIds) }, select: { id: true, title: true } }) : [];
    const titles = new Map([...meetings, ...ballots].map((source) => [source.id, source.title]));
    const person = (userId: string | null) => (userId ? { id: userId, fullName: users.get(userId)?.fullName ?? '' } : null);
    return rows.map((row) => ({
      id: row.id,
      meetingId: row.meetingId,
      meetingTitle: (row.meetingId && titles.get(row.meetingId)) || '',
      ballotId: row.ballotId,
      ballotTitle: (row.ballotId && titles.get(row.ballotId)) || '',
      status: row.status,
      version: row.version,
      title: row.title,
      sections: JSON.parse(row.sections) as ResolutionSection[],
      number: row.number,
      createdBy: person(row.createdBy),
      updatedAt: row.updatedAt.toISOString(),
      issuedBy: person(row.issuedBy),
      issuedAt: row.issuedAt?.toISOString() ?? null,
      pdfSha256: row.pdfSha256,
    }));
  }
}

/** Items in the agenda's order: each top-level item followed by its sub-items. */
function agendaOrder(items: readonly AgendaItemEntity[]): AgendaItemEntity[] {
  const byPosition = (a: AgendaItemEntity, b: AgendaItemEntity) => a.position - b.position;
  return items
    .filter((item) => !item.parentId)
    .sort(byPosition)
    .flatMap((parent) => [parent, ...items.filter((item) => item.parentId === parent.id).sort(byPosition)]);
}

