export { PapersApi, fileNameOf, type DownloadedFile, type UploadBallotPaperOptions, type UploadPaperOptions, type UploadProgress } from './lib/papers.api';
export { hasMarks, normaliseForSearch, searchPages, type PageMatches } from './lib/text-search';
export { PART_BYTES, PDF_WORKER_URL, PdfLoader, PREFETCH_BYTES, withEndsFirst } from './lib/pdf-loader';
export { AnnotationsStore } from './lib/annotations.store';
export { SearchApi } from './lib/search.api';
