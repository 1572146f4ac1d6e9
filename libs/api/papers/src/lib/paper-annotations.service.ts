import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import {
  ANNOTATION_RECTS_MAX,
  type AnnotationKind,
  type AnnotationRect,
  type AnnotationResponse,
  type CreateAnnotationRequest,
  type PaperAnnotationsResponse,
  type UpdateAnnotationRequest,
} from '@ecabinet/shared/contracts';
import type { AuthenticatedUser, FieldProblem } from '@ecabinet/api/platform';
import { MeetingStore } from '@ecabinet/api/meetings';
import { PaperAnnotationEntity, PaperEntity, PaperVersionEntity } from './entities';
import { PaperAccess } from './paper-access';
import { paperErrors } from './papers.errors';
import { toAnnotationResponse, type CurrentVersion } from './papers.mappers';

/** How far past the page's edge a rectangle may reach through rounding; it is then trimmed to the edge. */
const EDGE_TOLERANCE = 1e-6;

/**
 * Members' private notes and highlights on the pages of a paper. Every call first runs the paper's
 * read check; after it, only the caller's own annotations exist for them: another person's (the
 * secretariat's included) answers ANNOTATION_NOT_FOUND exactly like an id that names nothing.
 *
 * Private annotations are not audited and raise no live event: they are personal working notes,
 * and their text must never reach the audit trail or anyone else's screen.
 */
@Injectable()
export class PaperAnnotations {
  constructor(
    private readonly store: MeetingStore,
    private readonly access: PaperAccess,
  ) {}

  /** The caller's annotations on the paper, by page then in the order they were made. */
  async list(meetingId: string, paperId: string, user: AuthenticatedUser): Promise<AnnotationResponse[]> {
    const current = await this.currentVersion(meetingId, paperId, user);
    const annotations = await this.annotations.find({ where: { paperId, userId: user.id }, order: { page: 'ASC', createdAt: 'ASC', id: 'ASC' } });
    return annotations.map((annotation) => toAnnotationResponse(annotation, current));
  }

  /**
   * The caller's annotations on every paper of the meeting he may read, in one answer (a tablet
   * refreshing the notes it keeps beside its stored copies): each such paper is listed, with or
   * without annotations; one he may not read is not (the meeting's own refusal stands for a
   * meeting he may not open).
   */
  async listForMeeting(meetingId: string, user: AuthenticatedUser): Promise<PaperAnnotationsResponse[]> {
    const context = await this.access.context(meetingId, user);
    const papers = (await this.store.manager.getRepository(PaperEntity).find({ where: { meetingId }, order: { createdAt: 'ASC', id: 'ASC' } })).filter((paper) => this.access.canRead(context, paper));
    if (papers.length === 0) return [];
    const ids = papers.map((paper) => paper.id);
    const [versions, annotations] = await Promise.all([
      this.store.manager.getRepository(PaperVersionEntity).find({ where: { paperId: In(ids) } }),
      this.annotations.find({ where: { paperId: In(ids), userId: user.id }, order: { page: 'ASC', createdAt: 'ASC', id: 'ASC' } }),
    ]);
    return papers.map((paper) => {
      const version = versions.find((candidate) => candidate.paperId === paper.id && candidate.version === paper.currentVersion);
      const current: CurrentVersion = { version: paper.currentVersion, pageCount: version?.pageCount ?? 0 };
      return { paperId: paper.id, annotations: annotations.filter((annotation) => annotation.paperId === paper.id).map((annotation) => toAnnotationResponse(annotation, current)) };
    });
  }

  /** Written on the current version, whose page it must name. */
  async create(meetingId: string, paperId: string, request: CreateAnnotationRequest, user: AuthenticatedUser): Promise<AnnotationResponse> {
    const current = await this.currentVersion(meetingId, paperId, user);
    const text = (request.text ?? '').trim();
    assertShape(request.kind, text, request.rects);
    if (request.page > current.pageCount) throw paperErrors.pageOutOfRange(current.pageCount);
    if (request.id) {
      const replayed = await this.replayed(paperId, request.id, user);
      if (replayed) return toAnnotationResponse(replayed, current);
    }
    const now = this.store.now();
    const annotation = this.annotations.create({
      id: request.id ?? randomUUID(),
      paperId,
      userId: user.id,
      version: current.version,
      page: request.page,
      kind: request.kind,
      text,
      rects: fitToPage(request.rects ?? []),
      color: request.color ?? 'yellow',
      revision: 1,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.annotations.insert(annotation);
    } catch (error) {
      // The same id stored meanwhile (the device sent it twice at once): the first one stands.
      const replayed = request.id ? await this.replayed(paperId, request.id, user) : null;
      if (!replayed) throw error;
      return toAnnotationResponse(replayed, current);
    }
    return toAnnotationResponse(annotation, current);
  }

  /** The caller's note of this id on this paper, sent again; an id naming anything else is refused. */
  private async replayed(paperId: string, id: string, user: AuthenticatedUser): Promise<PaperAnnotationEntity | null> {
    const existing = await this.annotations.findOne({ where: { id } });
    if (!existing) return null;
    if (existing.userId !== user.id || existing.paperId !== paperId) throw paperErrors.annotationIdTaken();
    return existing;
  }

  /**
   * Text and colour only. The annotation keeps the version it was written on: one carried over to
   * a new version stays flagged until its author deletes it, rather than being silently re-anchored.
   */
  async update(meetingId: string, paperId: string, annotationId: string, request: UpdateAnnotationRequest, user: AuthenticatedUser): Promise<AnnotationResponse> {
    const current = await this.currentVersion(meetingId, paperId, user);
    const annotation = await this.own(paperId, annotationId, user);
    if (annotation.revision !== request.revision) throw paperErrors.annotationStale(toAnnotationResponse(annotation, current));
    const text = request.text === undefined ? annotation.text : request.text.trim();
    assertShape(annotation.kind, text, annotation.rects);
    const changes = { text, color: request.color ?? annotation.color, revision: annotation.revision + 1, updatedAt: this.store.now() };
    // Conditional on the revision read above: of two concurrent edits (two devices), one wins.
    const { affected } = await this.annotations.update({ id: annotationId, paperId, userId: user.id, revision: annotation.revision }, changes);
    if (!affected) throw paperErrors.annotationStale(toAnnotationResponse(await this.own(paperId, annotationId, user), current));
    return toAnnotationResponse({ ...annotation, ...changes }, current);
  }

  /** With `revision`, only the note as the caller saw it: one changed since (on another device) is kept and returned in a 409. */
  async remove(meetingId: string, paperId: string, annotationId: string, user: AuthenticatedUser, revision?: number): Promise<void> {
    const current = await this.currentVersion(meetingId, paperId, user);
    const { affected } = await this.annotations.delete({ id: annotationId, paperId, userId: user.id, ...(revision === undefined ? {} : { revision }) });
    if (affected) return;
    const annotation = await this.own(paperId, annotationId, user);
    throw paperErrors.annotationStale(toAnnotationResponse(annotation, current));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private get annotations(): Repository<PaperAnnotationEntity> {
    return this.store.manager.getRepository(PaperAnnotationEntity);
  }

  /** After the read check: the version annotations are read against and written on. */
  private async currentVersion(meetingId: string, paperId: string, user: AuthenticatedUser): Promise<CurrentVersion> {
    const { paper } = await this.access.readable(meetingId, paperId, user);
    const version = await this.store.manager.getRepository(PaperVersionEntity).findOne({ where: { paperId, version: paper.currentVersion } });
    if (!version) throw paperErrors.versionNotFound();
    return { version: version.version, pageCount: version.pageCount };
  }

  /** The caller's annotation on this paper; anyone else's does not exist for them. */
  private async own(paperId: string, annotationId: string, user: AuthenticatedUser): Promise<PaperAnnotationEntity> {
    const annotation = await this.annotations.findOne({ where: { id: annotationId, paperId, userId: user.id } });
    if (!annotation) throw paperErrors.annotationNotFound();
    return annotation;
  }
}

/** A note is text on a page; a highlight marks rectangles of it, with or without a comment. */
function assertShape(kind: AnnotationKind, text: string, rects: readonly AnnotationRect[] | undefined): void {
  const problems: FieldProblem[] = [];
  switch (kind) {
    case 'note':
      if (!text) problems.push({ field: 'text', problems: ['a note needs text'] });
      if (rects?.length) problems.push({ field: 'rects', problems: ['a note has no rectangles: send a highlight to mark part of the page'] });
      break;
    case 'highlight':
      if (!rects?.length) problems.push({ field: 'rects', problems: [`a highlight needs 1 to ${ANNOTATION_RECTS_MAX} rectangles`] });
      (rects ?? []).forEach((rect, index) => {
        const own: string[] = [];
        if (rect.x + rect.width > 1 + EDGE_TOLERANCE) own.push('x + width must be at most 1 (the rectangle must fit on the page)');
        if (rect.y + rect.height > 1 + EDGE_TOLERANCE) own.push('y + height must be at most 1 (the rectangle must fit on the page)');
        if (own.length) problems.push({ field: `rects.${index}`, problems: own });
      });
      break;
  }
  if (problems.length) throw paperErrors.invalidAnnotation(problems);
}

/** Trims the rounding excess {@link assertShape} tolerates, so that stored rectangles lie on the page. */
function fitToPage(rects: readonly AnnotationRect[]): AnnotationRect[] {
  return rects.map(({ x, y, width, height }) => ({ x, y, width: Math.min(width, 1 - x), height: Math.min(height, 1 - y) }));
}
