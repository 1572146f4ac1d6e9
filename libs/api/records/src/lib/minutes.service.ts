import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { MeetingErrorCode, type MinutesProse, type MinutesRecord, type MinutesResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, DomainEvents, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { AgendaItemEntity, MeetingEntity, MeetingStore, MeetingsService, type MeetingAccess } from '@ecabinet/api/meetings';
import { FileStore } from '@ecabinet/api/papers';
import { signPdf } from '@ecabinet/api/pdf';
import { TrustService } from '@ecabinet/api/trust';
import { DocumentNumbers, StaleWrite, answeringStale } from './document-numbers';
import { MinutesEntity } from './entities';
import { renderMinutesPdf } from './minutes-pdf';
import { defaultProse, minutesRecord } from './minutes-record';

const minutesErrors = {
  notReady: () => new DomainError(MeetingErrorCode.MINUTES_NOT_READY, 'The minutes are drawn up once the meeting has closed.'),
  notFound: () => new DomainError(MeetingErrorCode.MINUTES_NOT_FOUND, 'This meeting has no approved minutes yet.'),
  frozen: () => new DomainError(MeetingErrorCode.MINUTES_FROZEN, 'The chair approved these minutes: they never change.'),
  notManager: () => new DomainError(MeetingErrorCode.NOT_A_PARTICIPANT, 'Only the chair and the secretariat may do this.'),
  notChair: () => new DomainError(MeetingErrorCode.NOT_THE_CHAIR, "Only the meeting's chair approves its minutes."),
  stale: (current: MinutesResponse) =>
    new DomainError(MeetingErrorCode.STALE_VERSION, 'Someone else saved the minutes in the meantime. Review the current version and try again.', { minutes: current }),
  conclusionsPending: (items: string[]) =>
    new DomainError(MeetingErrorCode.CONCLUSIONS_PENDING, 'Some conclusions still await the chair: approve them before the minutes.', { items }),
  unknownItem: () => new DomainError(MeetingErrorCode.AGENDA_ITEM_NOT_FOUND, 'The minutes name an agenda item this meeting does not have.'),
};

const pdfKey = (sha256: string) => `minutes/${sha256.slice(0, 2)}/${sha256}.pdf`;

/**
 * The minutes of a closed meeting: drafted from its record, the prose written by the secretariat,
 * approved by the chair. Approval numbers them (per year, no gap), freezes the facts, signs the
 * PDF with the organisation's seal and keeps it; from then on neither the minutes nor the
 * conclusions they record change.
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly store: MeetingStore,
    private readonly meetings: MeetingsService,
    private readonly files: FileStore,
    private readonly trust: TrustService,
    private readonly numbers: DocumentNumbers,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Approved minutes for every participant; the draft (as it would be approved now) for the chair and the secretariat. */
  async get(meetingId: string, user: AuthenticatedUser): Promise<MinutesResponse> {
    const access = await this.store.access(meetingId, user);
    const row = await this.store.manager.getRepository(MinutesEntity).findOne({ where: { meetingId } });
    if (row?.status === 'approved') return this.toResponse(row, JSON.parse(row.record as string) as MinutesRecord, 0);
    if (access.viewer !== 'manager') throw minutesErrors.notFound();
    if (access.meeting.status !== 'closed') throw minutesErrors.notReady();
    return this.draftResponse(access, row, user);
  }

  /** The secretariat's prose, on top of the version it read; the facts are not the writer's. */
  async update(meetingId: string, version: number, prose: MinutesProse, user: AuthenticatedUser): Promise<MinutesResponse> {
    await answeringStale(() => this.store.change(meetingId, async ({ manager, meeting }) => {
      await this.writable(manager, meeting, user);
      const repository = manager.getRepository(MinutesEntity);
      const row = await repository.findOne({ where: { meetingId } });
      if (row?.status === 'approved') throw minutesErrors.frozen();
      if ((row?.version ?? 0) !== version) throw new StaleWrite();
      await this.checkItems(manager, meetingId, prose);
      const now = this.store.now();
      const saved = { meetingId, status: 'draft' as const, version: version + 1, prose: JSON.stringify(clean(prose)), record: null, number: null, pdfSha256: null, updatedBy: user.id, updatedAt: now, approvedBy: null, approvedAt: null };
      if (row) await repository.update({ meetingId }, saved);
      else await repository.insert(saved);
      return { result: undefined, audit: { action: 'minutes.updated', details: { version: saved.version } } };
    }), async () => minutesErrors.stale(await this.get(meetingId, user)));
    return this.get(meetingId, user);
  }

  /**
   * The chair approves the version he read: no conclusion may still wait for him. The minutes get
   * the year's next number, their facts freeze, and the sealed PDF is kept.
   */
  async approve(meetingId: string, version: number, user: AuthenticatedUser): Promise<MinutesResponse> {
    // The facts are read before the meeting is locked, and checked again under the lock.
    const { snapshot } = await this.meetings.snapshot(meetingId, user);
    const record = minutesRecord(snapshot);
    let announced: { meetingId: string; title: string; number: string } | null = null;
    await answeringStale(() => this.store.change(meetingId, async ({ manager, meeting }) => {
      const access = await this.writable(manager, meeting, user);
      if (access.role !== 'chair') throw minutesErrors.notChair();
      const repository = manager.getRepository(MinutesEntity);
      const row = await repository.findOne({ where: { meetingId } });
      if (row?.status === 'approved') throw minutesErrors.frozen();
      if ((row?.version ?? 0) !== version) throw new StaleWrite();
      const items = await manager.getRepository(AgendaItemEntity).find({ where: { meetingId } });
      const pending = items.filter((item) => item.conclusionPending).map((item) => item.id);
      if (pending.length) throw minutesErrors.conclusionsPending(pending);
      const changed = items.some((item) => record.items.find((r) => r.itemId === item.id)?.conclusion !== item.conclusion);
      if (changed) throw new StaleWrite();

      const now = this.store.now();
      const prose = row ? (JSON.parse(row.prose) as MinutesProse) : defaultProse(record, this.config.timeZone);
      const number = await this.numbers.issue(manager, 'minutes', this.config.documents.minutesSymbol, now, this.config.timeZone);
      const unsigned = await renderMinutesPdf({ record, prose, number, date: now, timeZone: this.config.timeZone, style: this.config.documents });
      const pdf = await signPdf(unsigned, { name: this.trust.sealName, reason: `Biên bản số ${number}`, location: this.config.documents.place, signedAt: now }, (bytes) => this.trust.sealPdf(bytes));
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      await this.files.putBytes(pdfKey(sha256), Buffer.from(pdf));
      const approved = { meetingId, status: 'approved' as const, version: version + 1, prose: JSON.stringify(prose), record: JSON.stringify(record), number, pdfSha256: sha256, updatedBy: row?.updatedBy ?? user.id, updatedAt: row?.updatedAt ?? now, approvedBy: user.id, approvedAt: now };
      if (row) await repository.update({ meetingId }, approved);
      else await repository.insert(approved);
      await manager.getRepository(MeetingEntity).update({ id: meetingId }, { minutesApprovedAt: now });
      announced = { meetingId, title: meeting.title, number };
      return { result: undefined, audit: { action: 'minutes.approved', details: { number, pdfSha256: sha256, version: approved.version } } };
    }), async () => minutesErrors.stale(await this.get(meetingId, user)));
    // Told once committed: every participant, in the app (and by e-mail if he chose).
    if (announced) this.events.publish('minutes.approved', announced);
    return this.get(meetingId, user);
  }

  /** The signed PDF of approved minutes (every download the same bytes), or a draft's preview for the chair and the secretariat. */
  async pdf(meetingId: string, user: AuthenticatedUser): Promise<{ bytes: Buffer; number: string | null }> {
    const minutes = await this.get(meetingId, user);
    if (minutes.status === 'approved' && minutes.pdfSha256) return { bytes: await this.files.read(pdfKey(minutes.pdfSha256)), number: minutes.number };
    const bytes = await renderMinutesPdf({ record: minutes.record, prose: minutes.prose, number: null, date: new Date(minutes.updatedAt), timeZone: this.config.timeZone, style: this.config.documents });
    return { bytes: Buffer.from(bytes), number: null };
  }

  private async writable(manager: EntityManager, meeting: MeetingEntity, user: AuthenticatedUser): Promise<MeetingAccess> {
    const access = await this.store.accessTo(meeting, user, manager);
    if (access.viewer !== 'manager') throw minutesErrors.notManager();
    if (meeting.status !== 'closed') throw minutesErrors.notReady();
    return access;
  }

  private async checkItems(manager: EntityManager, meetingId: string, prose: MinutesProse): Promise<void> {
    const ids = new Set((await manager.getRepository(AgendaItemEntity).find({ where: { meetingId }, select: { id: true } })).map((item) => item.id));
    if (Object.keys(prose.items).some((id) => !ids.has(id))) throw minutesErrors.unknownItem();
  }

  private async draftResponse(access: MeetingAccess, row: MinutesEntity | null, user: AuthenticatedUser): Promise<MinutesResponse> {
    const { snapshot } = await this.meetings.snapshot(access.meeting.id, user);
    const record = minutesRecord(snapshot);
    const pending = snapshot.agenda.filter((item) => item.conclusionPending).length;
    if (row) return this.toResponse(row, record, pending);
    return {
      meetingId: access.meeting.id,
      status: 'draft',
      version: 0,
      number: null,
      record,
      prose: defaultProse(record, this.config.timeZone),
      updatedBy: null,
      updatedAt: access.meeting.updatedAt.toISOString(),
      approvedBy: null,
      approvedAt: null,
      pdfSha256: null,
      conclusionsPending: pending,
    };
  }

  private async toResponse(row: MinutesEntity, record: MinutesRecord, conclusionsPending: number): Promise<MinutesResponse> {
    const users = await this.store.users([row.updatedBy, row.approvedBy].filter((id): id is string => !!id));
    const person = (id: string | null) => (id ? { id, fullName: users.get(id)?.fullName ?? '' } : null);
    return {
      meetingId: row.meetingId,
      status: row.status,
      version: row.version,
      number: row.number,
      record,
      prose: JSON.parse(row.prose) as MinutesProse,
      updatedBy: person(row.updatedBy),
      updatedAt: row.updatedAt.toISOString(),
      approvedBy: person(row.approvedBy),
      approvedAt: row.approvedAt?.toISOString() ?? null,
      pdfSha256: row.pdfSha256,
      conclusionsPending,
    };
  }
}

/** Trims every text and drops empty item accounts. */
function clean(prose: MinutesProse): MinutesProse {
  const items = Object.fromEntries(Object.entries(prose.items).map(([id, text]) => [id, text.trim()]).filter(([, text]) => text));
  return { opening: prose.opening.trim(), items, closing: prose.closing.trim() };
}

