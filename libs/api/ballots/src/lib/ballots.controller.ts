import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AnswerReceipt, BallotRecipientChoice, BallotResponse, DraftAnswerResponse, OfficerAuthorityResponse, PendingKeyResponse, RevokedKeyResponse, SigningKeyListItem, SigningKeyResponse, SealedBallotBundle } from '@ecabinet/shared/contracts';
import { OfficerService } from './officer.service';
import { APP_CONFIG, ApiPdfResponse, Clock, CurrentUser, Roles, UuidParam, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { createHash } from 'node:crypto';
import { signPdf } from '@ecabinet/api/pdf';
import { TrustService } from '@ecabinet/api/trust';
import { renderBallotReport } from './ballot-report';
import {
  BallotListQueryDto,
  CreateBallotDto,
  DraftAnswerDto,
  SignedApprovalDto,
  CertificateDto,
  PublishCrlDto,
  KeyListQueryDto,
  RegisterKeyDto,
  ReturnBallotDto,
  SubmitAnswerDto,
  UpdateBallotDto,
} from './ballots.dto';
import { BallotScheduler } from './ballot-scheduler';
import {
  AnswerReceipt as AnswerReceiptSchema,
  BallotRecipientChoice as BallotRecipientChoiceSchema,
  BallotResponse as BallotSchema,
  DraftAnswerResponse as DraftAnswerSchema,
  SealedBundleResponse,
  SigningKeyListItem as SigningKeyListItemSchema,
  SigningKeyResponse as SigningKeySchema,
  OfficerAuthorityResponse as OfficerAuthoritySchema,
  PendingKeyResponse as PendingKeySchema,
  RevokedKeyResponse as RevokedKeySchema,
} from './ballots.responses';
import { BallotAnswers } from './ballot-answers.service';
import { BallotLifecycle } from './ballot-lifecycle.service';
import { BallotResults } from './ballot-results.service';
import { BallotsService } from './ballots.service';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('ballots')
@ApiBearerAuth()
@Controller('ballots')
export class BallotsController {
  constructor(
    private readonly ballots: BallotsService,
    private readonly lifecycle: BallotLifecycle,
    private readonly answers: BallotAnswers,
    private readonly results: BallotResults,
    private readonly scheduler: BallotScheduler,
    private readonly clock: Clock,
    private readonly trust: TrustService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: [BallotSchema] })
  list(@Query() query: BallotListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse[]> {
    return this.ballots.list(user, query.box ?? 'all');
  }

  @Post()
  @ApiCreatedResponse({ type: BallotSchema })
  @Roles('secretary')
  create(@Body() body: CreateBallotDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.create(body, user);
  }

  @Get('recipient-choices')
  @ApiOkResponse({ type: [BallotRecipientChoiceSchema] })
  @Roles('secretary')
  recipientChoices(): Promise<BallotRecipientChoice[]> {
    return this.ballots.recipientChoices();
  }

  @Get(':ballotId')
  @ApiOkResponse({ type: BallotSchema })
  get(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.ballots.get(ballotId, user);
  }

  @Patch(':ballotId')
  @ApiOkResponse({ type: BallotSchema })
  @Roles('secretary')
  update(@UuidParam('ballotId') ballotId: string, @Body() body: UpdateBallotDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.update(ballotId, body, user);
  }

  @Post(':ballotId/submit')
  @ApiOkResponse({ type: BallotSchema })
  @Roles('secretary')
  @HttpCode(200)
  submit(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.submit(ballotId, user);
  }

  @Post(':ballotId/approve')
  @ApiOperation({ summary: "Approve with the chair's signature over the ballot's content hash and deadline, made on his device with his certified key" })
  @ApiOkResponse({ type: BallotSchema })
  @Roles('chair')
  @HttpCode(200)
  approve(@UuidParam('ballotId') ballotId: string, @Body() body: SignedApprovalDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.approve(ballotId, body, user);
  }

  @Post(':ballotId/return')
  @ApiOkResponse({ type: BallotSchema })
  @Roles('chair')
  @HttpCode(200)
  returnToDraft(@UuidParam('ballotId') ballotId: string, @Body() body: ReturnBallotDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.returnToDraft(ballotId, body.reason, user);
  }

  @Post(':ballotId/issue')
  @Roles('secretary')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The ballot, open; a reminder already due at issue has gone at once and is in its reminder history.', type: BallotSchema })
  async issue(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    await this.lifecycle.issue(ballotId, user);
    await this.scheduler.remindDue(ballotId);
    return this.ballots.get(ballotId, user);
  }

  @Post(':ballotId/extend')
  @ApiOperation({ summary: 'Extend the deadline: the next approval in sequence, signed by the chair with the new deadline' })
  @ApiOkResponse({ type: BallotSchema })
  @Roles('chair')
  @HttpCode(200)
  extend(@UuidParam('ballotId') ballotId: string, @Body() body: SignedApprovalDto, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.extend(ballotId, body, user);
  }

  @Post(':ballotId/close')
  @ApiOkResponse({ type: BallotSchema })
  @Roles('secretary')
  @HttpCode(200)
  close(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<BallotResponse> {
    return this.lifecycle.closeEarly(ballotId, user);
  }

  @Get(':ballotId/draft')
  @ApiOkResponse({ type: DraftAnswerSchema })
  async getDraft(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<DraftAnswerResponse> {
    return (await this.answers.getDraft(ballotId, user)) ?? { answers: [], savedAt: null };
  }

  @Put(':ballotId/draft')
  @ApiOkResponse({ type: DraftAnswerSchema })
  saveDraft(@UuidParam('ballotId') ballotId: string, @Body() body: DraftAnswerDto, @CurrentUser() user: AuthenticatedUser): Promise<DraftAnswerResponse> {
    return this.answers.saveDraft(ballotId, body.answers, user);
  }

  @Post(':ballotId/answers')
  @ApiCreatedResponse({ type: AnswerReceiptSchema })
  answer(@UuidParam('ballotId') ballotId: string, @Body() body: SubmitAnswerDto, @CurrentUser() user: AuthenticatedUser): Promise<AnswerReceipt> {
    return this.answers.answer(ballotId, body, user);
  }

  @Get(':ballotId/answers/mine')
  @ApiOkResponse({ type: [AnswerReceiptSchema] })
  myReceipts(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser): Promise<AnswerReceipt[]> {
    return this.answers.myReceipts(ballotId, user);
  }

  @Get(':ballotId/bundle')
  @ApiProduces('application/json')
  @ApiOkResponse({ type: SealedBundleResponse, description: 'The sealed record, as a canonical JSON file (attachment)' })
  async bundle(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { text } = await this.results.bundle(ballotId, user);
    await reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="ballot-${ballotId}.json"`)
      .send(text);
  }

  @Get(':ballotId/report')
  @ApiProduces('application/pdf')
  @ApiPdfResponse()
  async report(@UuidParam('ballotId') ballotId: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { text } = await this.results.bundle(ballotId, user);
    const now = this.clock.now();
    const file = { name: `ballot-${ballotId}.json`, text, sha256: createHash('sha256').update(text).digest('hex') };
    const unsigned = await renderBallotReport(JSON.parse(text) as SealedBallotBundle, file, now, this.config.timeZone, { demo: this.trust.isDemo });
    // PAdES-B by the organisation's seal; the sealed bundle travels inside the signed file.
    const pdf = await signPdf(unsigned, { name: this.trust.sealName, reason: 'Báo cáo tổng hợp ý kiến thành viên Chính phủ', location: 'Hà Nội', signedAt: now }, (bytes) => this.trust.sealPdf(bytes));
    await reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="ballot-${ballotId}-report.pdf"`)
      .send(Buffer.from(pdf));
  }
}

@ApiTags('ballots')
@ApiBearerAuth()
@Controller('signing-keys')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Post()
  @ApiCreatedResponse({ type: SigningKeySchema })
  register(@Body() body: RegisterKeyDto, @CurrentUser() user: AuthenticatedUser): Promise<SigningKeyResponse> {
    return this.keys.register(user, body.publicKey, body.label, body.csr);
  }

  @Get()
  @ApiOkResponse({ description: "The caller's device keys (an admin may pass another userId), newest first, with how many answers each signed", type: [SigningKeyListItemSchema] })
  list(@Query() query: KeyListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SigningKeyListItem[]> {
    return this.keys.list(user, query.userId);
  }

  @Delete(':keyId')
  @ApiOkResponse({ description: 'The key, revoked (idempotent). Answers it signed before stay valid.', type: SigningKeySchema })
  revoke(@UuidParam('keyId') keyId: string, @CurrentUser() user: AuthenticatedUser): Promise<SigningKeyResponse> {
    return this.keys.revoke(user, keyId);
  }
}

/**
 * The certificate officer: registers the CA certificate the root holder signed for his device,
 * sees the keys waiting, and sends the certificates his device issued. The server never signs.
 */
@ApiTags('officer')
@ApiBearerAuth()
@Roles('officer')
@Controller('officer')
export class OfficerController {
  constructor(private readonly officer: OfficerService) {}

  @Get('authorities')
  @ApiOkResponse({ type: [OfficerAuthoritySchema], description: "The caller's registered CA certificates, newest first" })
  authorities(@CurrentUser() user: AuthenticatedUser): Promise<OfficerAuthorityResponse[]> {
    return this.officer.authorities(user);
  }

  @Post('authorities')
  @ApiOperation({ summary: "Register the officer's CA certificate (signed offline by the root holder with `npm run ca -- sign-officer`)" })
  @ApiCreatedResponse({ type: OfficerAuthoritySchema })
  registerAuthority(@Body() body: CertificateDto, @CurrentUser() user: AuthenticatedUser): Promise<OfficerAuthorityResponse> {
    return this.officer.registerAuthority(user, body.certificate);
  }

  @Get('pending-keys')
  @ApiOkResponse({ type: [PendingKeySchema], description: 'Device keys waiting for a certificate, oldest first' })
  pendingKeys(): Promise<PendingKeyResponse[]> {
    return this.officer.pendingKeys();
  }

  @Post('keys/:keyId/certificate')
  @HttpCode(200)
  @ApiOperation({ summary: "Attach the certificate the officer's device issued for this key" })
  @ApiOkResponse({ type: SigningKeySchema })
  certify(@UuidParam('keyId') keyId: string, @Body() body: CertificateDto, @CurrentUser() user: AuthenticatedUser): Promise<SigningKeyResponse> {
    return this.officer.certify(user, keyId, body.certificate);
  }

  @Get('authorities/:authorityId/revoked-keys')
  @ApiOkResponse({ type: [RevokedKeySchema], description: 'Keys this CA certified that were since revoked, newest first, each marked if the list published last names it' })
  revokedKeys(@UuidParam('authorityId') authorityId: string, @CurrentUser() user: AuthenticatedUser): Promise<RevokedKeyResponse[]> {
    return this.officer.revokedKeys(user, authorityId);
  }

  @Put('authorities/:authorityId/crl')
  @ApiOperation({ summary: "Publish the revocation list the officer's device signed with this CA's key; it must name every revoked key the CA certified" })
  @ApiOkResponse({ type: OfficerAuthoritySchema })
  publishCrl(@UuidParam('authorityId') authorityId: string, @Body() body: PublishCrlDto, @CurrentUser() user: AuthenticatedUser): Promise<OfficerAuthorityResponse> {
    return this.officer.publishCrl(user, authorityId, body.crl);
  }
}
