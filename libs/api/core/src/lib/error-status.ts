import { BallotErrorCode, CommonErrorCode, IdentityErrorCode, MeetingErrorCode, NotificationErrorCode, PaperErrorCode, RealtimeErrorCode, type ErrorCode } from '@ecabinet/shared/contracts';

/** Every error code's HTTP status. A `Record` over the union, so a new code must be mapped here. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  [CommonErrorCode.VALIDATION_FAILED]: 400,
  [CommonErrorCode.NOT_FOUND]: 404,
  [CommonErrorCode.UNAUTHENTICATED]: 401,
  [CommonErrorCode.FORBIDDEN]: 403,
  [CommonErrorCode.CONFLICT]: 409,
  [CommonErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [CommonErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [CommonErrorCode.RATE_LIMITED]: 429,
  [CommonErrorCode.STORAGE_UNAVAILABLE]: 503,
  [CommonErrorCode.INTERNAL]: 500,
  [IdentityErrorCode.INVALID_CREDENTIALS]: 401,
  [IdentityErrorCode.TOO_MANY_ATTEMPTS]: 429,
  [IdentityErrorCode.TOTP_REQUIRED]: 401,
  [IdentityErrorCode.TOTP_INVALID]: 401,
  [IdentityErrorCode.TOTP_NOT_ENROLLED]: 403,
  [IdentityErrorCode.TOTP_ALREADY_ENABLED]: 409,
  [IdentityErrorCode.REFRESH_INVALID]: 401,
  [IdentityErrorCode.USER_DISABLED]: 403,
  [IdentityErrorCode.USERNAME_TAKEN]: 409,
  [IdentityErrorCode.USER_NOT_FOUND]: 404,
  [IdentityErrorCode.CANNOT_DISABLE_SELF]: 409,
  [IdentityErrorCode.WEAK_PASSWORD]: 400,
  [IdentityErrorCode.CURRENT_PASSWORD_WRONG]: 400,
  [IdentityErrorCode.POLICY_WOULD_LOCK_OUT]: 409,
  [IdentityErrorCode.INVALID_DELEGATION]: 400,
  [IdentityErrorCode.ROLE_CONFLICT]: 422,
  [IdentityErrorCode.SSO_EXPIRED]: 401,
  [MeetingErrorCode.MEETING_NOT_FOUND]: 404,
  [MeetingErrorCode.NOT_A_PARTICIPANT]: 403,
  [MeetingErrorCode.STALE_VERSION]: 409,
  [MeetingErrorCode.INVALID_TRANSITION]: 409,
  [MeetingErrorCode.AGENDA_ITEM_NOT_FOUND]: 404,
  [MeetingErrorCode.INVALID_PARENT]: 400,
  [MeetingErrorCode.MEETING_CLOSED]: 409,
  [MeetingErrorCode.NOT_IN_SESSION]: 409,
  [MeetingErrorCode.ITEM_NOT_OPEN]: 409,
  [MeetingErrorCode.NOT_A_VOTER]: 403,
  [MeetingErrorCode.NOT_PRESENT]: 409,
  [MeetingErrorCode.VOTE_ALREADY_OPEN]: 409,
  [MeetingErrorCode.VOTE_NOT_FOUND]: 404,
  [MeetingErrorCode.VOTE_CLOSED]: 409,
  [MeetingErrorCode.SECRET_VOTE_CAST]: 409,
  [MeetingErrorCode.SECRET_VOTE_EXCLUSION]: 409,
  [MeetingErrorCode.SPEAKER_NOT_FOUND]: 404,
  [MeetingErrorCode.ALREADY_REQUESTED]: 409,
  [MeetingErrorCode.ITEMS_HAVE_OBJECTIONS]: 409,
  [MeetingErrorCode.INVALID_PARTICIPANTS]: 400,
  [MeetingErrorCode.EXCLUDED_FROM_ITEM]: 403,
  [BallotErrorCode.BALLOT_NOT_FOUND]: 404,
  [BallotErrorCode.BALLOT_STALE_VERSION]: 409,
  [BallotErrorCode.BALLOT_INVALID_STATE]: 409,
  [BallotErrorCode.BALLOT_CLOSED]: 409,
  [BallotErrorCode.NOT_A_RECIPIENT]: 403,
  [BallotErrorCode.ANSWER_INCOMPLETE]: 400,
  [BallotErrorCode.COMMENT_REQUIRED]: 400,
  [BallotErrorCode.SIGNATURE_INVALID]: 422,
  [BallotErrorCode.SIGNATURE_REPLAYED]: 409,
  [BallotErrorCode.SIGNING_KEY_UNKNOWN]: 422,
  [BallotErrorCode.SIGNING_KEY_REVOKED]: 422,
  [BallotErrorCode.SIGNING_KEY_INVALID]: 400,
  [BallotErrorCode.SIGNING_KEY_NOT_CERTIFIED]: 422,
  [BallotErrorCode.BALLOT_RECORD_UNVERIFIABLE]: 409,
  [BallotErrorCode.CERTIFICATE_INVALID]: 422,
  [BallotErrorCode.CSR_INVALID]: 400,
  [BallotErrorCode.SIGNING_KEY_CERTIFIED]: 409,
  [BallotErrorCode.DEADLINE_INVALID]: 400,
  [BallotErrorCode.NOT_EVERYONE_ANSWERED]: 409,
  [BallotErrorCode.BALLOT_PAPER_NOT_FOUND]: 404,
  [BallotErrorCode.BALLOT_RECIPIENTS_INVALID]: 422,
  [PaperErrorCode.NOT_A_PDF]: 422,
  [PaperErrorCode.PDF_DAMAGED]: 422,
  [PaperErrorCode.PDF_ENCRYPTED]: 422,
  [PaperErrorCode.PDF_TOO_LARGE]: 413,
  [PaperErrorCode.PDF_TOO_COMPLEX]: 422,
  [PaperErrorCode.FILE_MISSING]: 400,
  [PaperErrorCode.PAPER_NOT_FOUND]: 404,
  [PaperErrorCode.VERSION_NOT_FOUND]: 404,
  [PaperErrorCode.NOT_A_READER]: 403,
  [PaperErrorCode.DOWNLOAD_FORBIDDEN]: 403,
  [PaperErrorCode.INVALID_READERS]: 400,
  [PaperErrorCode.TRACE_NOT_FOUND]: 404,
  [PaperErrorCode.ANNOTATION_NOT_FOUND]: 404,
  [PaperErrorCode.PAGE_OUT_OF_RANGE]: 422,
  [NotificationErrorCode.NOTIFICATION_NOT_FOUND]: 404,
  [RealtimeErrorCode.BAD_MESSAGE]: 400,
  [RealtimeErrorCode.NOT_A_PARTICIPANT]: 403,
};

/** The generic code for a status raised by the framework rather than by a domain rule. */
export function codeForStatus(status: number): CommonErrorCode {
  switch (status) {
    case 400:
      return CommonErrorCode.VALIDATION_FAILED;
    case 401:
      return CommonErrorCode.UNAUTHENTICATED;
    case 403:
      return CommonErrorCode.FORBIDDEN;
    case 404:
      return CommonErrorCode.NOT_FOUND;
    case 409:
      return CommonErrorCode.CONFLICT;
    case 413:
      return CommonErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return CommonErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return CommonErrorCode.RATE_LIMITED;
    default:
      return status >= 500 ? CommonErrorCode.INTERNAL : CommonErrorCode.VALIDATION_FAILED;
  }
}
