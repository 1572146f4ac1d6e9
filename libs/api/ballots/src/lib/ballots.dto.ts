import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  OPINION_CHOICES,
  SILENCE_RULES,
  TALLY_VISIBILITIES,
  type BallotQuestionInput,
  type CreateBallotRequest,
  type DraftAnswerRequest,
  type BallotApprovalDocument,
  type SignedApprovalRequest,
  type OpinionChoice,
  type OpinionInput,
  type RegisterKeyRequest,
  type PublishCrlRequest,
  type RegisterAuthorityRequest,
  type CertifyKeyRequest,
  type ReturnBallotRequest,
  type SignedAnswerDocument,
  type SilenceRule,
  type SubmitAnswerRequest,
  type TallyVisibility,
  type UpdateBallotRequest,
} from '@ecabinet/shared/contracts';
import { Omittable } from '@ecabinet/api/platform';

export class BallotQuestionDto implements BallotQuestionInput {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  text!: string;
}

class BallotFieldsDto {
  @ApiPropertyOptional({ type: [String], description: 'Default: every enabled user with the member role' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  recipientIds?: string[];

  @ApiPropertyOptional({ enum: SILENCE_RULES, default: 'not_counted' })
  @Omittable()
  @IsIn(SILENCE_RULES)
  silenceRule?: SilenceRule;

  @ApiPropertyOptional({ enum: TALLY_VISIBILITIES, default: 'after_close' })
  @Omittable()
  @IsIn(TALLY_VISIBILITIES)
  tallyVisibility?: TallyVisibility;

  @ApiPropertyOptional({ type: [Number], default: [1440, 120] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(30 * 24 * 60, { each: true })
  reminderMinutes?: number[];
}

export class CreateBallotDto extends BallotFieldsDto implements CreateBallotRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  summary!: string;

  @ApiProperty({ type: [BallotQuestionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BallotQuestionDto)
  questions!: BallotQuestionDto[];

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  deadline!: string;
}

/** Every field of a new ballot, each omittable (not null), plus the version the editor saw. */
export class UpdateBallotDto extends PartialType(CreateBallotDto, { skipNullProperties: false }) implements UpdateBallotRequest {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export class ReturnBallotDto implements ReturnBallotRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  reason!: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class BallotApprovalDocumentDto implements BallotApprovalDocument {
  @ApiProperty({ enum: ['ecabinet.ballot-approval'] })
  @Equals('ecabinet.ballot-approval')
  type!: 'ecabinet.ballot-approval';

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  ballotId!: string;

  @ApiProperty({ description: "SHA-256 (hex) of the canonical JSON of the ballot's content" })
  @Matches(SHA256_HEX)
  contentHash!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  deadline!: string;

  @ApiProperty({ description: '1 for the approval, then 2, 3… for each extension' })
  @IsInt()
  @Min(1)
  @Max(1000)
  sequence!: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  chairId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  signedAt!: string;
}

/** The chair's approval or extension, signed on his device. */
export class SignedApprovalDto implements SignedApprovalRequest {
  @ApiProperty({ type: BallotApprovalDocumentDto })
  @ValidateNested()
  @Type(() => BallotApprovalDocumentDto)
  document!: BallotApprovalDocumentDto;

  @ApiProperty({ description: 'ECDSA P-256 SHA-256 signature (r||s, 64 bytes), base64' })
  @IsBase64()
  @MaxLength(200)
  signature!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  keyId!: string;
}

export class OpinionDto implements OpinionInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  questionId!: string;

  @ApiProperty({ enum: OPINION_CHOICES })
  @IsIn(OPINION_CHOICES)
  choice!: OpinionChoice;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class DraftAnswerDto implements DraftAnswerRequest {
  @ApiProperty({ type: [OpinionDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpinionDto)
  answers!: OpinionDto[];
}

class SignedOpinionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  questionId!: string;

  @ApiProperty({ enum: OPINION_CHOICES })
  @IsIn(OPINION_CHOICES)
  choice!: OpinionChoice;

  @ApiProperty({ description: 'Empty string when there is no comment' })
  @IsString()
  @MaxLength(5000)
  comment!: string;
}

export class SignedAnswerDocumentDto implements SignedAnswerDocument {
  @ApiProperty({ enum: ['ecabinet.ballot-answer'] })
  @Equals('ecabinet.ballot-answer')
  type!: 'ecabinet.ballot-answer';

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  ballotId!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  ballotVersion!: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  recipientId!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100000)
  revision!: number;

  @ApiProperty({ description: "SHA-256 (hex) of the chair's approval in force (`approvals[].hash`)" })
  @Matches(SHA256_HEX)
  ballotHash!: string;

  @ApiProperty({ nullable: true, type: String, description: "SHA-256 (hex) of the recipient's previous revision; null for revision 1" })
  @ValidateIf((o: { previous?: unknown }) => o.previous !== null)
  @Matches(SHA256_HEX)
  previous!: string | null;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  signedAt!: string;

  @ApiProperty({ type: [SignedOpinionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SignedOpinionDto)
  answers!: SignedOpinionDto[];
}

export class SubmitAnswerDto implements SubmitAnswerRequest {
  @ApiProperty({ type: SignedAnswerDocumentDto })
  @ValidateNested()
  @Type(() => SignedAnswerDocumentDto)
  document!: SignedAnswerDocumentDto;

  @ApiProperty({ description: 'ECDSA P-256 SHA-256 signature (r||s, 64 bytes), base64' })
  @IsBase64()
  @MaxLength(200)
  signature!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  keyId!: string;
}

export class RegisterKeyDto implements RegisterKeyRequest {
  @ApiProperty({ description: "SPKI DER, base64 (WebCrypto exportKey('spki'))" })
  @IsBase64()
  @MaxLength(1000)
  publicKey!: string;

  @ApiPropertyOptional({ description: "The device's PKCS#10 request for this key (DER, base64), signed with it, subject UID = the user" })
  @Omittable()
  @IsBase64()
  @MaxLength(4000)
  csr?: string;

  @ApiProperty({ example: 'iPad của Bộ trưởng' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  label!: string;
}

export class CertificateDto implements RegisterAuthorityRequest, CertifyKeyRequest {
  @ApiProperty({ description: 'An X.509 certificate, DER, base64' })
  @IsBase64()
  @MaxLength(8000)
  certificate!: string;
}

export class PublishCrlDto implements PublishCrlRequest {
  @ApiProperty({ description: "An X.509 revocation list signed by the officer's CA key on his device, DER, base64" })
  @IsBase64()
  @MaxLength(1_000_000)
  crl!: string;
}

export class BallotListQueryDto {
  @ApiPropertyOptional({ enum: ['to-answer', 'answered', 'closed', 'all'], default: 'all' })
  @Omittable()
  @IsIn(['to-answer', 'answered', 'closed', 'all'])
  box?: 'to-answer' | 'answered' | 'closed' | 'all';
}

export class KeyListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: another user' })
  @Omittable()
  @IsUUID('4')
  userId?: string;
}
