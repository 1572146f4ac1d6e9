import { CommonErrorCode, MeetingErrorCode, PaperErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** Messages a secretary understands, saying what to do next; the web app translates by code. */
export const paperErrors = {
  notMultipart: () => new DomainError(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the paper as multipart/form-data with the PDF in a "file" part.'),
  malformedForm: () =>
    new DomainError(CommonErrorCode.VALIDATION_FAILED, 'The upload could not be read (the multipart form has no usable boundary or was cut off). Choose the PDF file and upload it again.'),
  fileMissing: () => new DomainError(PaperErrorCode.FILE_MISSING, 'No file was received. Choose a PDF file and upload it again.'),
  empty: () => new DomainError(PaperErrorCode.NOT_A_PDF, 'This file is empty. Choose the PDF file again and upload it.', { reason: 'empty' }),
  notPdf: () =>
    new DomainError(PaperErrorCode.NOT_A_PDF, 'This file is not a PDF, whatever its name says. Save or export the document as PDF and upload that file.', { reason: 'not-pdf' }),
  damaged: () =>
    new DomainError(
      PaperErrorCode.PDF_DAMAGED,
      'This PDF is damaged (it may be incomplete or its structure is broken). Open it in a PDF reader, save or print it to a new PDF, and upload that file.',
    ),
  /** Only for a file that needs a password to open: one with an owner password only is decrypted on the way in. */
  encrypted: () =>
    new DomainError(
      PaperErrorCode.PDF_ENCRYPTED,
      'This PDF needs a password to open. Open it with its password, save or print it to a new PDF without a password (or ask the sender for one), and upload that file.',
      { reason: 'user-password' },
    ),
  tooLarge: (maxBytes: number) =>
    new DomainError(
      PaperErrorCode.PDF_TOO_LARGE,
      `This file is larger than the ${megabytes(maxBytes)} MB allowed. Make it smaller (for example, scan at a lower resolution) or split it, and upload it again.`,
      { maxBytes },
    ),
  tooComplex: (maxPages: number) =>
    new DomainError(
      PaperErrorCode.PDF_TOO_COMPLEX,
      `This PDF is too large or too complex to prepare for reading (at most ${maxPages} pages). Split it into several papers and upload them separately.`,
      { maxPages },
    ),
  overInflated: (maxInflatedBytes: number) =>
    new DomainError(
      PaperErrorCode.PDF_TOO_COMPLEX,
      `This PDF holds compressed content that expands to more than ${megabytes(maxInflatedBytes)} MB when opened, so it cannot be prepared for reading. Print it to a new PDF, or split it, and upload that file.`,
      { reason: 'inflates-too-far', maxInflatedBytes },
    ),
  paperNotFound: () => new DomainError(PaperErrorCode.PAPER_NOT_FOUND, 'No such paper in this meeting.'),
  versionNotFound: () => new DomainError(PaperErrorCode.VERSION_NOT_FOUND, 'This paper has no such version.'),
  notReader: () => new DomainError(PaperErrorCode.NOT_A_READER, 'You may not read this paper.'),
  earlierVersions: () => new DomainError(PaperErrorCode.NOT_A_READER, 'Earlier versions of a paper are kept for the secretariat only.'),
  receivedForbidden: () => new DomainError(PaperErrorCode.NOT_A_READER, 'The files as received are kept for the secretariat only.'),
  downloadForbidden: () => new DomainError(PaperErrorCode.DOWNLOAD_FORBIDDEN, 'This paper is confidential: it can be read in the app but not downloaded.'),
  invalidReaders: (userIds: string[]) =>
    new DomainError(PaperErrorCode.INVALID_READERS, 'Readers and excluded people must be participants of the meeting.', { userIds }),
  meetingClosed: () => new DomainError(MeetingErrorCode.MEETING_CLOSED, 'This meeting is closed; its papers can no longer change.'),
  stale: (details: unknown) =>
    new DomainError(MeetingErrorCode.STALE_VERSION, 'Someone else changed this paper in the meantime. Review the current version and try again.', details),
  traceNotFound: () => new DomainError(PaperErrorCode.TRACE_NOT_FOUND, 'No copy was made with this trace code.'),
  /** Also for another member's annotation, so that whether it exists never leaks. */
  annotationNotFound: () => new DomainError(PaperErrorCode.ANNOTATION_NOT_FOUND, 'No such note or highlight on this paper.'),
  pageOutOfRange: (pageCount: number) =>
    new DomainError(PaperErrorCode.PAGE_OUT_OF_RANGE, `The current version of this paper has ${pageCount} page(s): choose a page from 1 to ${pageCount}.`, { pageCount }),
  invalidAnnotation: (problems: { field: string; problems: string[] }[]) => new DomainError(CommonErrorCode.VALIDATION_FAILED, 'The request is not valid.', problems),
  annotationIdTaken: () => new DomainError(PaperErrorCode.ANNOTATION_ID_TAKEN, 'This id names another note: choose another one.'),
  annotationStale: (current: unknown) =>
    new DomainError(MeetingErrorCode.STALE_VERSION, 'This note was changed in the meantime (perhaps on another device). Review it and try again.', current),
};
