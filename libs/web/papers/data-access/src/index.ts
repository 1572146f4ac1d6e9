export { PapersApi, fileNameOf, type DownloadedFile, type UploadBallotPaperOptions, type UploadPaperOptions, type UploadProgress } from './lib/papers.api';
export { hasMarks, markMatches, normaliseForSearch, searchPages, type PageMatches } from './lib/text-search';
export { type ByteSpan, PART_BYTES, PDF_WORKER_URL, PdfLoader, PREFETCH_BYTES, readFirstRanges, withEndsFirst } from './lib/pdf-loader';
export { AnnotationsStore, type ShownAnnotation } from './lib/annotations.store';
export { SearchApi } from './lib/search.api';
export { AUTO_STORE_DAYS, OfflinePapers, type OfflineProgress } from './lib/offline-papers';
export { IndexedDbOfflinePapers, OFFLINE_CLOCK, OFFLINE_PAPER_DATABASE, OFFLINE_PAPERS_DATABASE_NAME, type DeviceSecret, type OfflinePaperDatabase, type PasswordLock, type SealedContent, type StoredPaper } from './lib/offline-paper.database';
export { PASSWORD_ROUNDS, PasswordSignIn } from './lib/password-sign-in';
