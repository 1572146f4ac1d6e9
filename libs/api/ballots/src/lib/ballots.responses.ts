import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BALLOT_PAPER_CLASSIFICATIONS,
  BALLOT_REMINDER_REASONS,
  BALLOT_REMINDER_STATES,
  BALLOT_STATUSES,
  OPINION_CHOICES,
  SILENCE_RULES,
  TALLY_VISIBILITIES,
  type AnswerReceipt as AnswerReceiptContract,
  type BallotBundle,
  type SealedBallotBundle,
  type OfficerAuthorityResponse as OfficerAuthorityContract,
  type RevokedKeyResponse as RevokedKeyContract,
  type PendingKeyResponse as PendingKeyContract,
  type SignedRecord,
  type BallotPaperClassification,
  type BallotPaperResponse as BallotPaperContract,
  type BallotQuestion as BallotQuestionContract,
  type BallotRecipientChoice as BallotRecipientChoiceContract,
  type BallotRecipientStatus as BallotRecipientStatusContract,
  type BallotReminderEntry as BallotReminderEntryContract,
  type BallotReminderReason,
  type BallotReminderState,
  type BallotResponse as BallotContract,
  type BallotStatus,
  type DraftAnswerResponse as DraftAnswerContract,
  type OpinionChoice,
  type OpinionInput as OpinionInputContract,
  type QuestionTally as QuestionTallyContract,
  type SignedAnswerDocument as SignedAnswerDocumentContract,
  type SigningKeyListItem as SigningKeyListItemContract,
  type SigningKeyResponse as SigningKeyContract,
  type SilenceRule,
  type TallyVisibility,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the ballot and signing-key routes; each `implements` its contract so a change there fails to compile here. */
export class BallotPaperResponse implements BallotPaperContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: BALLOT_PAPER_CLASSIFICATIONS, enumName: 'BallotPaperClassification' }) classification!: BallotPaperClassification;
  @ApiProperty() pageCount!: number;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() fileName!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty() canDownload!: boolean;
}

export class BallotRecipientChoice implements BallotRecipientChoiceContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
}

export class BallotQuestion implements BallotQuestionContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() text!: string;
}

export class BallotRecipientStatus implements BallotRecipientStatusContract {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty() answered!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) remindedAt!: string | null;
}

export class QuestionTally implements QuestionTallyContract {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() agree!: number;
  @ApiProperty() disagree!: number;
  @ApiProperty() other!: number;
  @ApiProperty() silent!: number;
  @ApiProperty() silentCountedAsAgree!: number;
  @ApiProperty() agreeTotal!: number;
  @ApiProperty() recipients!: number;
  @ApiProperty() needed!: number;
  @ApiProperty() tie!: boolean;
  @ApiProperty({ enum: OPINION_CHOICES, enumName: 'OpinionChoice', nullable: true }) chairChoice!: OpinionChoice | null;
  @ApiProperty() passed!: boolean;
}

export class BallotReminderEntry implements BallotReminderEntryContract {
  @ApiProperty() minutesBefore!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: BALLOT_REMINDER_STATES, enumName: 'BallotReminderState' }) state!: BallotReminderState;
  @ApiProperty({ enum: BALLOT_REMINDER_REASONS, enumName: 'BallotReminderReason' }) reason!: BallotReminderReason;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at!: string | null;
  @ApiProperty() recipients!: number;
  @ApiProperty() delegates!: number;
}

export class BallotMineResponse implements NonNullable<BallotContract['mine']> {
  @ApiProperty() answered!: boolean;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "SHA-256 of the current revision's document: the next revision's `previous`" }) documentHash!: string | null;
}

export class BallotApprovalSummary implements Readonly<BallotContract['approvals'][number]> {
  @ApiProperty() sequence!: number;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ description: "SHA-256 of the chair's signed approval document, hex: answers carry it as `ballotHash`" }) hash!: string;
  @ApiProperty() keyFingerprint!: string;
}

export class BallotResponse implements BallotContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [BallotQuestion] }) questions!: BallotQuestion[];
  @ApiProperty({ enum: BALLOT_STATUSES, enumName: 'BallotStatus' }) status!: BallotStatus;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ enum: SILENCE_RULES, enumName: 'SilenceRule' }) silenceRule!: SilenceRule;
  @ApiProperty({ enum: TALLY_VISIBILITIES, enumName: 'TallyVisibility' }) tallyVisibility!: TallyVisibility;
  @ApiProperty({ type: [Number] }) reminderMinutes!: number[];
  @ApiProperty() recipientCount!: number;
  @ApiProperty() answeredCount!: number;
  @ApiProperty({ type: String, nullable: true }) returnReason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) chairId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) issuedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [BallotPaperResponse] }) papers!: BallotPaperResponse[];
  @ApiProperty({ type: BallotMineResponse, nullable: true, description: "The caller's answer, when a recipient" }) mine!: BallotMineResponse | null;
  @ApiProperty({ type: [QuestionTally], nullable: true }) tally!: QuestionTally[] | null;
  @ApiProperty() tallyFinal!: boolean;
  @ApiProperty({ type: [BallotRecipientStatus], nullable: true }) recipients!: BallotRecipientStatus[] | null;
  @ApiProperty({ type: [BallotReminderEntry], nullable: true }) reminderHistory!: BallotReminderEntry[] | null;
  @ApiProperty({ type: [BallotApprovalSummary], description: "The chair's signed approval and extensions, oldest first" }) approvals!: BallotApprovalSummary[];
}

export class OpinionInput implements OpinionInputContract {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ enum: OPINION_CHOICES, enumName: 'OpinionChoice' }) choice!: OpinionChoice;
  @ApiPropertyOptional() comment?: string;
}

export class SignedAnswerResponse implements Readonly<SignedAnswerDocumentContract['answers'][number]> {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ enum: OPINION_CHOICES, enumName: 'OpinionChoice' }) choice!: OpinionChoice;
  @ApiProperty() comment!: string;
}

export class SignedAnswerDocument implements SignedAnswerDocumentContract {
  @ApiProperty({ enum: ['ecabinet.ballot-answer'] }) type!: 'ecabinet.ballot-answer';
  @ApiProperty({ format: 'uuid' }) ballotId!: string;
  @ApiProperty() ballotVersion!: number;
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() ballotHash!: string;
  @ApiProperty({ type: String, nullable: true }) previous!: string | null;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ type: [SignedAnswerResponse] }) answers!: SignedAnswerResponse[];
}

export class AnswerReceipt implements AnswerReceiptContract {
  @ApiProperty({ format: 'uuid' }) ballotId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty() keyFingerprint!: string;
  @ApiProperty() documentHash!: string;
  @ApiProperty({ type: SignedAnswerDocument }) document!: SignedAnswerDocument;
}

export class DraftAnswerResponse implements DraftAnswerContract {
  @ApiProperty({ type: [OpinionInput] }) answers!: OpinionInput[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) savedAt!: string | null;
}

export class SigningKeyResponse implements SigningKeyContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() label!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a certificate chaining to the trust anchors was attached; null: the key cannot sign yet' }) certifiedAt!: string | null;
}

export class SigningKeyListItem extends SigningKeyResponse implements SigningKeyListItemContract {
  @ApiProperty() signedAnswerCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
}

type BundleBallot = BallotBundle['ballot'];

export class BundlePaper implements Readonly<BundleBallot['papers'][number]> {
  @ApiProperty() title!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() pageCount!: number;
}

export class BundleSignedRecord implements Readonly<SignedRecord> {
  @ApiProperty({ description: 'The signed document, canonical JSON' }) document!: string;
  @ApiProperty({ description: 'Base64' }) signature!: string;
  @ApiProperty({ description: "X.509 certificate of the signing key, DER base64 (UID = the signer)" }) certificate!: string;
  @ApiProperty() keyFingerprint!: string;
}

export class BundleBallotResponse implements BundleBallot {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [BallotQuestion] }) questions!: BallotQuestion[];
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ enum: SILENCE_RULES, enumName: 'SilenceRule' }) silenceRule!: SilenceRule;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) issuedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) chairId!: string | null;
  @ApiProperty({ type: [BundlePaper] }) papers!: BundlePaper[];
  @ApiProperty({ type: [BundleSignedRecord], description: "The chair's signed approval, then each signed extension" }) approvals!: BundleSignedRecord[];
}

export class BundleRecipient implements Readonly<BallotBundle['recipients'][number]> {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
}

export class BundleAnswer implements Readonly<BallotBundle['answers'][number]> {
  @ApiProperty({ format: 'uuid' }) recipientId!: string;
  @ApiProperty({ description: 'The signed answer document, canonical JSON' }) document!: string;
  @ApiProperty({ description: 'Base64' }) signature!: string;
  @ApiProperty({ description: 'X.509 certificate of the signing key, DER base64 (UID = the recipient)' }) certificate!: string;
  @ApiProperty() keyFingerprint!: string;
}

export class BundleSeal implements Readonly<SealedBallotBundle['seal']> {
  @ApiProperty({ description: 'SHA-256 of the canonical content, hex' }) sha256!: string;
  @ApiProperty({ description: 'Detached CMS signature by the seal certificate, DER base64' }) cms!: string;
}

/** The sealed record of a closed ballot, downloaded as a canonical JSON file. */
export class SealedBundleResponse implements SealedBallotBundle {
  @ApiProperty({ enum: ['ecabinet.ballot-bundle/3'] }) format!: 'ecabinet.ballot-bundle/3';
  @ApiProperty({ type: BundleBallotResponse }) ballot!: BundleBallotResponse;
  @ApiProperty({ type: [BundleRecipient] }) recipients!: BundleRecipient[];
  @ApiProperty({ type: [BundleAnswer] }) answers!: BundleAnswer[];
  @ApiProperty({ type: [String], description: 'Certificate officer CAs, DER base64' }) certificates!: string[];
  @ApiProperty({ type: [String], description: 'Revocation lists, DER base64' }) crls!: string[];
  @ApiProperty({ type: [QuestionTally] }) outcome!: QuestionTally[];
  @ApiProperty({ type: BundleSeal }) seal!: BundleSeal;
}

export class OfficerAuthorityResponse implements OfficerAuthorityContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The CA certificate, DER base64' }) certificate!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'SHA-256 of the CA key’s SPKI, hex' }) fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the revocation list published last was made' }) crlThisUpdate!: string | null;
}

export class RevokedKeyResponse implements RevokedKeyContract {
  @ApiProperty({ format: 'uuid' }) keyId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() label!: string;
  @ApiProperty() fingerprint!: string;
  @ApiProperty({ description: 'The certificate’s serial number, hex' }) serialHex!: string;
  @ApiProperty({ format: 'date-time' }) revokedAt!: string;
  @ApiProperty({ description: 'Whether the revocation list published last names it' }) listed!: boolean;
}

export class PendingKeyResponse implements PendingKeyContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'SHA-256 of the key’s SPKI, hex: compared with what the member’s device shows' }) fingerprint!: string;
  @ApiProperty({ description: 'SPKI, DER base64' }) publicKey!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The device’s PKCS#10 request, DER base64' }) csr!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
