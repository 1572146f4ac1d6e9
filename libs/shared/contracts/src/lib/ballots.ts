/** Written opinion ballots (phiếu lấy ý kiến thành viên Chính phủ). */

export const BALLOT_STATUSES = ['draft', 'pending_approval', 'approved', 'open', 'closed'] as const;
export type BallotStatus = (typeof BALLOT_STATUSES)[number];

export const OPINION_CHOICES = ['agree', 'disagree', 'other'] as const;
export type OpinionChoice = (typeof OPINION_CHOICES)[number];

/** How a recipient who has not answered by the deadline is counted. */
export const SILENCE_RULES = ['not_counted', 'agree'] as const;
export type SilenceRule = (typeof SILENCE_RULES)[number];

export const TALLY_VISIBILITIES = ['after_close', 'never'] as const;
/** When members (not the secretariat and the chair) see the tally. */
export type TallyVisibility = (typeof TALLY_VISIBILITIES)[number];

/** Confidential ballot papers are read in the app only, never downloaded. */
export const BALLOT_PAPER_CLASSIFICATIONS = ['normal', 'confidential'] as const;
export type BallotPaperClassification = (typeof BALLOT_PAPER_CLASSIFICATIONS)[number];

/** A paper attached to a ballot (the draft resolution, the proposal, the appraisal report…). */
export interface BallotPaperResponse {
  id: string;
  title: string;
  classification: BallotPaperClassification;
  pageCount: number;
  sizeBytes: number;
  fileName: string;
  /** SHA-256 of the stored PDF, hex: the bundle names it, so the result says what was read. */
  sha256: string;
  uploadedAt: string;
  canDownload: boolean;
}

/** Someone a ballot may be sent to: an enabled member of the Government (or the chair). */
export interface BallotRecipientChoice {
  id: string;
  fullName: string;
  title: string | null;
}

export interface BallotQuestionInput {
  text: string;
}

export interface BallotQuestion {
  id: string;
  number: number;
  text: string;
}

export interface CreateBallotRequest {
  title: string;
  summary: string;
  questions: BallotQuestionInput[];
  /** Default: every user with the member role. */
  recipientIds?: string[];
  deadline: string;
  silenceRule?: SilenceRule;
  tallyVisibility?: TallyVisibility;
  /** Minutes before the deadline at which the late are reminded; default 24 h and 2 h. */
  reminderMinutes?: number[];
}

export interface UpdateBallotRequest extends Partial<CreateBallotRequest> {
  version: number;
}

export interface ReturnBallotRequest {
  reason: string;
}

/**
 * What the chair signs to approve a ballot (sequence 1) and to extend its deadline (2, 3…):
 * the hash of the ballot's content (see `ballotContent` in the trust library) and the deadline.
 * Every answer names the hash of the approval it was signed under (`ballotHash`).
 */
export interface BallotApprovalDocument {
  type: 'ecabinet.ballot-approval';
  ballotId: string;
  /** SHA-256 (hex) of the canonical JSON of the ballot's content. */
  contentHash: string;
  deadline: string;
  /** 1 for the approval, then one more for each extension of the deadline. */
  sequence: number;
  chairId: string;
  signedAt: string;
}

/**
 * The ballot's content as the chair's signature covers it (serialised as canonical JSON): the
 * text, every question, the rules, who it goes to, and the SHA-256 of every attached paper.
 */
export interface BallotContentDocument {
  type: 'ecabinet.ballot-content';
  ballotId: string;
  title: string;
  summary: string;
  questions: BallotQuestion[];
  silenceRule: SilenceRule;
  /** The pass rule the tally applies; fixed, named so a change of rule would change the hash. */
  passRule: 'more-than-half-of-recipients/chair-breaks-tie';
  /** Recipients' user ids, sorted. */
  recipients: string[];
  /** Attached papers' SHA-256, in the ballot's order. */
  papers: string[];
}

/** The chair's approval (or extension), signed on his device with his certified key. */
export interface SignedApprovalRequest {
  document: BallotApprovalDocument;
  /** ECDSA P-256 / SHA-256 signature of the canonical document, IEEE P1363 (r||s), base64. */
  signature: string;
  keyId: string;
}

export type ApproveBallotRequest = SignedApprovalRequest;
export type ExtendBallotRequest = SignedApprovalRequest;

/** One signed approval of a ballot as its readers see it. */
export interface BallotApprovalSummary {
  sequence: number;
  deadline: string;
  signedAt: string;
  /** SHA-256 of the canonical approval document, hex: what answers carry as `ballotHash`. */
  hash: string;
  keyFingerprint: string;
}

export interface BallotRecipientStatus {
  userId: string;
  fullName: string;
  title: string | null;
  answered: boolean;
  answeredAt: string | null;
  revision: number;
  remindedAt: string | null;
}

export interface QuestionTally {
  questionId: string;
  agree: number;
  disagree: number;
  other: number;
  /** No answer by the deadline (or yet). */
  silent: number;
  /** Silent recipients counted as agreeing under the ballot's silence rule. */
  silentCountedAsAgree: number;
  /** Agree votes including those the silence rule adds. */
  agreeTotal: number;
  recipients: number;
  /** More than half of all recipients. */
  needed: number;
  tie: boolean;
  /** On a tie, what the chair answered (null: the chair is not a recipient or did not answer). */
  chairChoice: OpinionChoice | null;
  passed: boolean;
}

/**
 * What became of one of a ballot's reminder moments (deadline minus `minutesBefore`):
 * - `sent`: the late were reminded (`on_time`, or `due_at_issue`: the moment had already passed
 *   when the ballot was issued, so it went at once on issue);
 * - `skipped`: nothing went (`everyone_answered`; `covered`: another reminder due at issue went
 *   at once instead, so the late are not reminded twice in the same minute);
 * - `pending`: its moment has not come (`scheduled`);
 * - `not_sent`: the ballot closed before its moment (`closed_before`).
 */
export const BALLOT_REMINDER_STATES = ['sent', 'skipped', 'pending', 'not_sent'] as const;
export type BallotReminderState = (typeof BALLOT_REMINDER_STATES)[number];
export const BALLOT_REMINDER_REASONS = ['on_time', 'due_at_issue', 'everyone_answered', 'covered', 'scheduled', 'closed_before'] as const;
export type BallotReminderReason = (typeof BALLOT_REMINDER_REASONS)[number];

/** One line of a ballot's reminder history, as the secretariat sees it. */
export interface BallotReminderEntry {
  minutesBefore: number;
  /** The planned moment: the deadline minus `minutesBefore`. */
  dueAt: string;
  state: BallotReminderState;
  reason: BallotReminderReason;
  /** When it was sent or skipped; null while pending or when never sent. */
  at: string | null;
  /** Recipients reminded (0 unless sent). */
  recipients: number;
  /** Delegates (assistants) told which of their members had not answered. */
  delegates: number;
}

export interface BallotResponse {
  id: string;
  title: string;
  summary: string;
  questions: BallotQuestion[];
  status: BallotStatus;
  version: number;
  deadline: string;
  silenceRule: SilenceRule;
  tallyVisibility: TallyVisibility;
  reminderMinutes: number[];
  recipientCount: number;
  answeredCount: number;
  returnReason: string | null;
  chairId: string | null;
  issuedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  /** In the order the secretariat attached them. */
  papers: BallotPaperResponse[];
  /** The caller as a recipient: has answered, current revision and its document hash. Null when not a recipient. */
  mine: { answered: boolean; revision: number; answeredAt: string | null; documentHash: string | null } | null;
  /** The chair's signed approval and extensions, oldest first; the last one is in force. */
  approvals: BallotApprovalSummary[];
  /**
   * Secretariat and chair while open; members after closing when the ballot allows.
   * While the ballot is open (`tallyFinal` false) the counts are the answers received and the
   * silence so far, and `silentCountedAsAgree`, `agreeTotal` and `passed` only say what the
   * outcome would be if nobody else answered; the silence rule is applied at closing.
   */
  tally: QuestionTally[] | null;
  /** True once the ballot has closed and its tally is the result; false while it is a projection. */
  tallyFinal: boolean;
  /** Secretariat and chair: who answered, who was reminded. */
  recipients: BallotRecipientStatus[] | null;
  /** Secretariat and chair, once issued: every reminder moment, sent or skipped and why. */
  reminderHistory: BallotReminderEntry[] | null;
}

export interface OpinionInput {
  questionId: string;
  choice: OpinionChoice;
  /** Required for "other opinion". */
  comment?: string;
}

/**
 * The exact document a recipient signs, serialised as canonical JSON (keys sorted at every
 * depth, no white space). The server rebuilds it from these fields and checks the signature.
 */
export interface SignedAnswerDocument {
  type: 'ecabinet.ballot-answer';
  ballotId: string;
  ballotVersion: number;
  recipientId: string;
  revision: number;
  /** SHA-256 of the chair's approval document in force (`BallotApprovalSummary.hash`). */
  ballotHash: string;
  /** SHA-256 of this recipient's previous revision's canonical document; null for revision 1. */
  previous: string | null;
  signedAt: string;
  answers: { questionId: string; choice: OpinionChoice; comment: string }[];
}

export interface SubmitAnswerRequest {
  document: SignedAnswerDocument;
  /** ECDSA P-256 / SHA-256 signature of the canonical document, IEEE P1363 (r||s), base64. */
  signature: string;
  keyId: string;
}

export interface AnswerReceipt {
  ballotId: string;
  revision: number;
  signedAt: string;
  receivedAt: string;
  keyFingerprint: string;
  /** SHA-256 of the canonical document, hex. */
  documentHash: string;
  document: SignedAnswerDocument;
}

export interface DraftAnswerRequest {
  answers: OpinionInput[];
}

export interface DraftAnswerResponse {
  answers: OpinionInput[];
  /** Null when the recipient has no draft. */
  savedAt: string | null;
}

export interface RegisterKeyRequest {
  /** SubjectPublicKeyInfo (DER), base64: what WebCrypto exports as 'spki'. */
  publicKey: string;
  label: string;
  /**
   * The device's certificate request (PKCS#10, DER, base64) for this key, signed with it, naming
   * the user (UID): what the certificate officer's device certifies.
   */
  csr?: string;
}

/** A certificate officer's issuing CA, as registered from his device. */
export interface OfficerAuthorityResponse {
  id: string;
  /** The CA certificate (DER, base64), signed by the root holder. */
  certificate: string;
  subject: string;
  /** SHA-256 of the CA key's SPKI, hex. */
  fingerprint: string;
  notAfter: string;
  createdAt: string;
  /** When the revocation list this CA's device signed last was made; null before the first. */
  crlThisUpdate: string | null;
}

/** A key this officer's CA certified and that was since revoked (by its owner or an admin). */
export interface RevokedKeyResponse {
  keyId: string;
  userId: string;
  fullName: string;
  label: string;
  fingerprint: string;
  /** The certificate's serial number, hex: what the revocation list names. */
  serialHex: string;
  revokedAt: string;
  /** Whether the list published last names it. */
  listed: boolean;
}

export interface PublishCrlRequest {
  /** The revocation list (X.509 CRL, DER, base64) signed by the officer's CA key on his device. */
  crl: string;
}

export interface RegisterAuthorityRequest {
  /** The officer CA certificate (DER, base64) the root holder made with `npm run ca -- sign-officer`. */
  certificate: string;
}

/** A device key waiting for the certificate officer. */
export interface PendingKeyResponse {
  id: string;
  userId: string;
  username: string;
  fullName: string;
  label: string;
  /** SHA-256 of the key's SPKI, hex: the officer compares it with what the member's device shows. */
  fingerprint: string;
  /** SPKI, DER, base64. */
  publicKey: string;
  /** The device's PKCS#10 request (DER, base64), null for a device that sent none. */
  csr: string | null;
  createdAt: string;
}

export interface CertifyKeyRequest {
  /** The device key's certificate (DER, base64), issued on the officer's device by his CA. */
  certificate: string;
}

export interface SigningKeyResponse {
  id: string;
  userId: string;
  label: string;
  /** SHA-256 of the SPKI DER, hex, shown grouped for people to compare. */
  fingerprint: string;
  createdAt: string;
  revokedAt: string | null;
  /** When a certificate chaining to the trust anchors was attached; null: the key cannot sign yet. */
  certifiedAt: string | null;
}

/**
 * A device key as the key list shows it (`GET /signing-keys`): with what it has signed, which a
 * revocation does not undo (answers signed before stay valid and verifiable).
 */
export interface SigningKeyListItem extends SigningKeyResponse {
  /** Answer revisions signed with this key and accepted by the server. */
  signedAnswerCount: number;
  /** When the server last accepted an answer signed with it; null when none. */
  lastUsedAt: string | null;
}

/** The downloadable, independently verifiable result. */
export interface BallotBundle {
  format: 'ecabinet.ballot-bundle/3';
  ballot: {
    id: string;
    version: number;
    title: string;
    summary: string;
    questions: BallotQuestion[];
    deadline: string;
    silenceRule: SilenceRule;
    issuedAt: string | null;
    closedAt: string | null;
    chairId: string | null;
    /** What recipients read: each attached paper by title and SHA-256 of its PDF. */
    papers: { title: string; sha256: string; pageCount: number }[];
    /** The chair's signed approval, then each signed extension of the deadline. */
    approvals: SignedRecord[];
  };
  recipients: { userId: string; fullName: string }[];
  /** Every signed revision of every answer, by recipient then revision; the last of each is tallied. */
  answers: (SignedRecord & { recipientId: string })[];
  /** CAs between the answer certificates and the anchors (certificate officers), DER base64, deduplicated. */
  certificates: string[];
  /** The CAs' revocation lists known when the bundle was made, DER base64. */
  crls: string[];
  outcome: QuestionTally[];
}

/** A document signed on a member's device, with what proves who signed it. */
export interface SignedRecord {
  /** The canonical JSON string that was signed. */
  document: string;
  /** ECDSA P-256 / SHA-256, IEEE P1363, base64. */
  signature: string;
  /** The signer's X.509 certificate (DER, base64): UID names the signer. */
  certificate: string;
  /** SHA-256 of the certified key's SPKI, hex: what the signer's device showed him. */
  keyFingerprint: string;
}

/** A bundle as written to disk: the content plus the organisation's seal over its canonical JSON. */
export interface SealedBallotBundle extends BallotBundle {
  seal: {
    /** SHA-256 of the canonical JSON of the content (everything but `seal`), hex. */
    sha256: string;
    /** Detached CMS (CAdES-B) signature by the seal certificate over those bytes, DER base64. */
    cms: string;
  };
}
