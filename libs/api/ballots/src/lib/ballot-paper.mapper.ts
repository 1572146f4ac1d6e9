import type { BallotPaperResponse } from '@ecabinet/shared/contracts';
import type { BallotPaperEntity } from './entities';

export function toBallotPaperResponse(paper: BallotPaperEntity): BallotPaperResponse {
  return {
    id: paper.id,
    title: paper.title,
    classification: paper.classification,
    pageCount: paper.pageCount,
    sizeBytes: paper.sizeBytes,
    fileName: paper.fileName,
    sha256: paper.sha256,
    uploadedAt: paper.uploadedAt.toISOString(),
    canDownload: paper.classification !== 'confidential',
  };
}
