import type { AnnotationResponse, PaperResponse, PaperVersionResponse } from '@ecabinet/shared/contracts';
import type { PaperAnnotationEntity, PaperEntity, PaperVersionEntity } from './entities';

export function toPaperVersionResponse(version: PaperVersionEntity): PaperVersionResponse {
  return {
    version: version.version,
    fileName: version.fileName,
    sizeBytes: version.sizeBytes,
    pageCount: version.pageCount,
    sha256: version.sha256,
    uploadedAt: version.uploadedAt.toISOString(),
    uploadedBy: version.uploadedBy,
    repaired: version.repaired,
    decrypted: version.decrypted,
  };
}

export interface PaperView {
  paper: PaperEntity;
  /** Newest first; at least the current one. */
  versions: PaperVersionEntity[];
  readerIds: string[];
  lastReadVersion: number | null;
  /** The secretariat sees versions and readers. */
  secretariat: boolean;
}

export function toPaperResponse({ paper, versions, readerIds, lastReadVersion, secretariat }: PaperView): PaperResponse {
  const current = versions.find((v) => v.version === paper.currentVersion);
  if (!current) throw new Error(`paper ${paper.id} has no version ${paper.currentVersion}`);
  return {
    id: paper.id,
    meetingId: paper.meetingId,
    itemId: paper.itemId,
    title: paper.title,
    classification: paper.classification,
    position: paper.position,
    revision: paper.revision,
    current: toPaperVersionResponse(current),
    versions: secretariat ? [...versions].sort((a, b) => b.version - a.version).map(toPaperVersionResponse) : null,
    readerIds: secretariat ? [...readerIds].sort() : null,
    myLastReadVersion: lastReadVersion,
    changedSinceRead: lastReadVersion !== null && lastReadVersion < paper.currentVersion,
    canDownload: paper.classification !== 'confidential',
    updatedAt: paper.updatedAt.toISOString(),
  };
}

/** What an annotation is read against: the paper's current version. */
export interface CurrentVersion {
  version: number;
  pageCount: number;
}

/**
 * An annotation as its author sees it. Whether it still fits is decided here, at read time, from
 * the current version: nothing is rewritten when a new version arrives, so nothing is lost.
 */
export function toAnnotationResponse(annotation: PaperAnnotationEntity, current: CurrentVersion): AnnotationResponse {
  const pageMissing = annotation.page > current.pageCount;
  return {
    id: annotation.id,
    paperId: annotation.paperId,
    kind: annotation.kind,
    page: annotation.page,
    text: annotation.text,
    rects: annotation.rects.map(({ x, y, width, height }) => ({ x, y, width, height })),
    color: annotation.color,
    version: annotation.version,
    carriedOver: annotation.version < current.version && !pageMissing,
    pageMissing,
    revision: annotation.revision,
    createdAt: annotation.createdAt.toISOString(),
    updatedAt: annotation.updatedAt.toISOString(),
  };
}
