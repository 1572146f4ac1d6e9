/**
 * Every error the API returns has this shape. `code` is stable and machine-readable;
 * the web client translates it, `message` is the English fallback.
 */
export interface ApiErrorResponse {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  correlationId: string;
}

export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The file store (an S3 bucket) did not answer, or failed, after retries: nothing was saved. */
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
  /** The time-stamp authority (TSA_URL) did not give a token: no document is signed without the time it promises. */
  TIMESTAMP_UNAVAILABLE = 'TIMESTAMP_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export enum IdentityErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  TOTP_REQUIRED = 'TOTP_REQUIRED',
  TOTP_INVALID = 'TOTP_INVALID',
  TOTP_NOT_ENROLLED = 'TOTP_NOT_ENROLLED',
  TOTP_ALREADY_ENABLED = 'TOTP_ALREADY_ENABLED',
  REFRESH_INVALID = 'REFRESH_INVALID',
  /** The device was revoked (by an administrator or its owner), or its user logged out everywhere or was disabled: it must delete what it keeps. */
  DEVICE_WIPED = 'DEVICE_WIPED',
  DEVICE_NOT_FOUND = 'DEVICE_NOT_FOUND',
  USER_DISABLED = 'USER_DISABLED',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  CURRENT_PASSWORD_WRONG = 'CURRENT_PASSWORD_WRONG',
  POLICY_WOULD_LOCK_OUT = 'POLICY_WOULD_LOCK_OUT',
  /** A delegate's members: unknown users, the delegate themself, someone neither member nor chair, or no delegate role. */
  INVALID_DELEGATION = 'INVALID_DELEGATION',
  /** In production the administrator is never also the certificate officer. */
  ROLE_CONFLICT = 'ROLE_CONFLICT',
  /** The single sign-on waiting for the account's own code has run out (5 minutes) or was never started. */
  SSO_EXPIRED = 'SSO_EXPIRED',
  ORGANISATION_NOT_FOUND = 'ORGANISATION_NOT_FOUND',
  /** Another organisation has this symbol already. */
  ORGANISATION_SYMBOL_TAKEN = 'ORGANISATION_SYMBOL_TAKEN',
  /** The organisation is inactive: it takes no new users. */
  ORGANISATION_INACTIVE = 'ORGANISATION_INACTIVE',
  /** The head of an organisation must be an enabled member of the Government or the chair. */
  ORGANISATION_HEAD_INVALID = 'ORGANISATION_HEAD_INVALID',
}

export enum MeetingErrorCode {
  MEETING_NOT_FOUND = 'MEETING_NOT_FOUND',
  NOT_A_PARTICIPANT = 'MEETING_NOT_A_PARTICIPANT',
  STALE_VERSION = 'STALE_VERSION',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  AGENDA_ITEM_NOT_FOUND = 'AGENDA_ITEM_NOT_FOUND',
  INVALID_PARENT = 'INVALID_PARENT',
  MEETING_CLOSED = 'MEETING_CLOSED',
  NOT_IN_SESSION = 'NOT_IN_SESSION',
  ITEM_NOT_OPEN = 'ITEM_NOT_OPEN',
  NOT_A_VOTER = 'NOT_A_VOTER',
  NOT_PRESENT = 'NOT_PRESENT',
  VOTE_ALREADY_OPEN = 'VOTE_ALREADY_OPEN',
  VOTE_NOT_FOUND = 'VOTE_NOT_FOUND',
  VOTE_CLOSED = 'VOTE_CLOSED',
  SPEAKER_NOT_FOUND = 'SPEAKER_NOT_FOUND',
  ALREADY_REQUESTED = 'ALREADY_REQUESTED',
  ITEMS_HAVE_OBJECTIONS = 'ITEMS_HAVE_OBJECTIONS',
  INVALID_PARTICIPANTS = 'INVALID_PARTICIPANTS',
  /** The caller (or the member they stand in for) is excluded from the item (conflict of interest). */
  EXCLUDED_FROM_ITEM = 'EXCLUDED_FROM_ITEM',
  /** A secret ballot is cast once: its choice is stored apart from the voter and cannot be replaced. */
  SECRET_VOTE_CAST = 'SECRET_VOTE_CAST',
  /** Someone who has cast a secret ballot cannot be excluded from its item while it is open: the ballot cannot be found to discard. */
  SECRET_VOTE_EXCLUSION = 'SECRET_VOTE_EXCLUSION',
  /** Only the meeting's chair approves its conclusions. */
  NOT_THE_CHAIR = 'NOT_THE_CHAIR',
  /** Only the latest version of a conclusion can be approved, and only once. */
  CONCLUSION_NOT_APPROVABLE = 'CONCLUSION_NOT_APPROVABLE',
  /** The minutes are drafted once the meeting is closed. */
  MINUTES_NOT_READY = 'MINUTES_NOT_READY',
  MINUTES_NOT_FOUND = 'MINUTES_NOT_FOUND',
  /** Approved minutes, and the conclusions they record, never change. */
  MINUTES_FROZEN = 'MINUTES_FROZEN',
  /** A conclusion still waits for the chair: he approves it before the minutes. */
  CONCLUSIONS_PENDING = 'CONCLUSIONS_PENDING',
  RESOLUTION_NOT_FOUND = 'RESOLUTION_NOT_FOUND',
  /** A meeting has one session resolution: details.id names it. */
  RESOLUTION_EXISTS = 'RESOLUTION_EXISTS',
  /** An issued resolution never changes. */
  RESOLUTION_ISSUED = 'RESOLUTION_ISSUED',
  /** Only the chair issues a resolution. */
  NOT_THE_ISSUER = 'NOT_THE_ISSUER',
  /** Done once the meeting has closed (a session resolution). */
  MEETING_NOT_CLOSED = 'MEETING_NOT_CLOSED',
  /** Also for a task the caller may not see. */
  TASK_NOT_FOUND = 'TASK_NOT_FOUND',
  /** The source named is not one a task can come from (a draft resolution, an unapproved conclusion, an open ballot); details.reason says why. */
  TASK_SOURCE_INVALID = 'TASK_SOURCE_INVALID',
  /** The lead or a coordinating organisation is unknown or inactive, or the responsible person is not in the lead organisation. */
  TASK_ASSIGNEE_INVALID = 'TASK_ASSIGNEE_INVALID',
  /** A due date in the past, or an extension that does not move it later. */
  TASK_DUE_DATE_INVALID = 'TASK_DUE_DATE_INVALID',
  /** A done task takes no more reports. */
  TASK_DONE = 'TASK_DONE',
  /** One request (completion or extension) waits for the secretariat at a time. */
  TASK_REQUEST_PENDING = 'TASK_REQUEST_PENDING',
  /** Only a pending request is accepted or refused, once. */
  TASK_REQUEST_NOT_PENDING = 'TASK_REQUEST_NOT_PENDING',
  /** Only the responsible person and his organisation's staff report on a task. */
  NOT_A_TASK_REPORTER = 'NOT_A_TASK_REPORTER',
  TASK_ATTACHMENT_NOT_FOUND = 'TASK_ATTACHMENT_NOT_FOUND',
  /** No screen shows this pairing code now (mistyped, expired or already paired). */
  PAIRING_CODE_UNKNOWN = 'PAIRING_CODE_UNKNOWN',
  /** A pairing asked about with the wrong secret, or one that expired or was claimed. */
  PAIRING_NOT_FOUND = 'PAIRING_NOT_FOUND',
  ROOM_SCREEN_NOT_FOUND = 'ROOM_SCREEN_NOT_FOUND',
  /** No video engine is configured (VIDEO_PROVIDER unset). */
  VIDEO_NOT_CONFIGURED = 'VIDEO_NOT_CONFIGURED',
  /** The chair or the secretariat muted the caller in the meeting's channel. */
  CHAT_MUTED = 'CHAT_MUTED',
  /** A private message to someone who is not a participant of the meeting. */
  CHAT_RECIPIENT_INVALID = 'CHAT_RECIPIENT_INVALID',
  /** Not a check-in code of this system (malformed or forged). */
  CHECK_IN_CODE_INVALID = 'CHECK_IN_CODE_INVALID',
  /** A genuine code, of another meeting. */
  CHECK_IN_OTHER_MEETING = 'CHECK_IN_OTHER_MEETING',
  /** Scanned before: details say who and when. */
  ALREADY_CHECKED_IN = 'ALREADY_CHECKED_IN',
  /** A meeting still in preparation (draft): check-in opens once it is published. */
  CHECK_IN_NOT_OPEN = 'CHECK_IN_NOT_OPEN',
  ROOM_NOT_FOUND = 'ROOM_NOT_FOUND',
  /** A seat plan naming a seat the room lacks, a seat or a person twice, or someone not taking part. */
  SEAT_PLAN_INVALID = 'SEAT_PLAN_INVALID',
}

export enum BallotErrorCode {
  BALLOT_NOT_FOUND = 'BALLOT_NOT_FOUND',
  BALLOT_STALE_VERSION = 'BALLOT_STALE_VERSION',
  BALLOT_INVALID_STATE = 'BALLOT_INVALID_STATE',
  BALLOT_CLOSED = 'BALLOT_CLOSED',
  NOT_A_RECIPIENT = 'NOT_A_RECIPIENT',
  ANSWER_INCOMPLETE = 'ANSWER_INCOMPLETE',
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  SIGNATURE_REPLAYED = 'SIGNATURE_REPLAYED',
  SIGNING_KEY_UNKNOWN = 'SIGNING_KEY_UNKNOWN',
  SIGNING_KEY_REVOKED = 'SIGNING_KEY_REVOKED',
  SIGNING_KEY_INVALID = 'SIGNING_KEY_INVALID',
  SIGNING_KEY_NOT_CERTIFIED = 'SIGNING_KEY_NOT_CERTIFIED',
  BALLOT_RECORD_UNVERIFIABLE = 'BALLOT_RECORD_UNVERIFIABLE',
  /** A certificate (an officer's CA, a device's) is not one the installation can accept; `details.reason` says why. */
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  /** The device's certificate request does not verify, or does not match its key or its user. */
  CSR_INVALID = 'CSR_INVALID',
  /** A revocation list is not the officer's CA's, is older than the one kept, or leaves out a revoked key; `details.reason` says why. */
  CRL_INVALID = 'CRL_INVALID',
  SIGNING_KEY_CERTIFIED = 'SIGNING_KEY_CERTIFIED',
  DEADLINE_INVALID = 'DEADLINE_INVALID',
  NOT_EVERYONE_ANSWERED = 'NOT_EVERYONE_ANSWERED',
  BALLOT_PAPER_NOT_FOUND = 'BALLOT_PAPER_NOT_FOUND',
  BALLOT_RECIPIENTS_INVALID = 'BALLOT_RECIPIENTS_INVALID',
}

export enum PaperErrorCode {
  NOT_A_PDF = 'NOT_A_PDF',
  PDF_DAMAGED = 'PDF_DAMAGED',
  PDF_ENCRYPTED = 'PDF_ENCRYPTED',
  PDF_TOO_LARGE = 'PDF_TOO_LARGE',
  PDF_TOO_COMPLEX = 'PDF_TOO_COMPLEX',
  FILE_MISSING = 'PAPER_FILE_MISSING',
  PAPER_NOT_FOUND = 'PAPER_NOT_FOUND',
  VERSION_NOT_FOUND = 'PAPER_VERSION_NOT_FOUND',
  NOT_A_READER = 'PAPER_NOT_A_READER',
  DOWNLOAD_FORBIDDEN = 'PAPER_DOWNLOAD_FORBIDDEN',
  INVALID_READERS = 'PAPER_INVALID_READERS',
  TRACE_NOT_FOUND = 'TRACE_NOT_FOUND',
  ANNOTATION_NOT_FOUND = 'ANNOTATION_NOT_FOUND',
  /** A device's chosen id names another note (not the caller's on this paper). */
  ANNOTATION_ID_TAKEN = 'ANNOTATION_ID_TAKEN',
  PAGE_OUT_OF_RANGE = 'PAPER_PAGE_OUT_OF_RANGE',
}

export enum NotificationErrorCode {
  /** Also for someone else's notification. */
  NOTIFICATION_NOT_FOUND = 'NOTIFICATION_NOT_FOUND',
  /** The subscription's endpoint is not one of the push services the installation allows (PUSH_SERVICES). */
  PUSH_SERVICE_NOT_ALLOWED = 'PUSH_SERVICE_NOT_ALLOWED',
  /** The subscription's keys are not a P-256 public key and a 16-byte secret. */
  PUSH_KEYS_INVALID = 'PUSH_KEYS_INVALID',
  /** This installation has no VAPID keys: nothing is pushed. */
  PUSH_DISABLED = 'PUSH_DISABLED',
  /** Only a signed-in session (a device) can subscribe. */
  PUSH_NEEDS_SESSION = 'PUSH_NEEDS_SESSION',
}

export enum RealtimeErrorCode {
  BAD_MESSAGE = 'BAD_MESSAGE',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
}

export type ErrorCode = CommonErrorCode | IdentityErrorCode | MeetingErrorCode | BallotErrorCode | PaperErrorCode | NotificationErrorCode | RealtimeErrorCode;
