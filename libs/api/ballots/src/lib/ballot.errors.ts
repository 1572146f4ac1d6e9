import { BallotErrorCode, CommonErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

export const ballotErrors = {
  notFound: () => new DomainError(BallotErrorCode.BALLOT_NOT_FOUND, 'No such ballot.'),
  staleVersion: (current: unknown) =>
    new DomainError(BallotErrorCode.BALLOT_STALE_VERSION, 'Someone else changed this ballot in the meantime. Review the current version and try again.', { current }),
  invalidState: (status: string, action: string) =>
    new DomainError(BallotErrorCode.BALLOT_INVALID_STATE, `A ballot that is ${status.replace('_', ' ')} cannot be ${action}.`, { status }),
  closed: () => new DomainError(BallotErrorCode.BALLOT_CLOSED, 'This ballot is closed: the deadline has passed and no answer is accepted any more.'),
  notRecipient: () => new DomainError(BallotErrorCode.NOT_A_RECIPIENT, 'You are not a recipient of this ballot.'),
  incomplete: () => new DomainError(BallotErrorCode.ANSWER_INCOMPLETE, 'Answer every question of the ballot, once each.'),
  commentRequired: (questionNumber: number) =>
    new DomainError(BallotErrorCode.COMMENT_REQUIRED, `Question ${questionNumber}: "other opinion" needs a written comment.`, { questionNumber }),
  signatureInvalid: (why: string) => new DomainError(BallotErrorCode.SIGNATURE_INVALID, `The signature was not accepted: ${why}`),
  /** With `receipt` when this very answer is stored already (sent again): nothing more to do. */
  replayed: (expected: number, receipt?: unknown) =>
    new DomainError(
      BallotErrorCode.SIGNATURE_REPLAYED,
      receipt ? 'This signed answer is already stored.' : `This signed answer was already used or is out of date; the next revision is ${expected}.`,
      receipt ? { expectedRevision: expected, alreadyStored: true, receipt } : { expectedRevision: expected },
    ),
  keyUnknown: () => new DomainError(BallotErrorCode.SIGNING_KEY_UNKNOWN, 'This device key is not registered to you. Register this device again.'),
  keyRevoked: () => new DomainError(BallotErrorCode.SIGNING_KEY_REVOKED, 'This device key was revoked. Register this device again.'),
  keyListForbidden: () => new DomainError(CommonErrorCode.FORBIDDEN, "Only an administrator may see another user's device keys."),
  keyNotCertified: () =>
    new DomainError(
      BallotErrorCode.SIGNING_KEY_NOT_CERTIFIED,
      'This device key is not certified yet: the certificate officer must compare its fingerprint with your device and certify it before it can sign.',
    ),
  recordUnverifiable: (problems: string[]) =>
    new DomainError(BallotErrorCode.BALLOT_RECORD_UNVERIFIABLE, 'The ballot record does not verify against the trust anchors, so it was not sealed.', { problems }),
  csrInvalid: (why: string) => new DomainError(BallotErrorCode.CSR_INVALID, `The device's certificate request is not valid: ${why}`),
  keyInvalid: () => new DomainError(BallotErrorCode.SIGNING_KEY_INVALID, 'The public key must be an ECDSA P-256 key in SPKI form, base64.'),
  deadlineInvalid: (why: string) => new DomainError(BallotErrorCode.DEADLINE_INVALID, why),
  recipientsInvalid: (userIds: string[]) =>
    new DomainError(BallotErrorCode.BALLOT_RECIPIENTS_INVALID, 'A ballot goes to at least one enabled member of the Government; some of the chosen people are not.', { userIds }),
  paperNotFound: () => new DomainError(BallotErrorCode.BALLOT_PAPER_NOT_FOUND, 'No such paper on this ballot.'),
  notEveryoneAnswered: (missing: number) =>
    new DomainError(BallotErrorCode.NOT_EVERYONE_ANSWERED, `${missing} recipient(s) have not answered yet; the ballot closes early only when everyone has.`, { missing }),
};
