import { Controller, Get, HttpCode, Injectable, Param, Post, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommonErrorCode, type AuditCheckpointSummary, type AuditEntryResponse, type AuditInclusionProof, type AuditVerifyResponse, type PageResponse } from '@ecabinet/shared/contracts';
import { DomainError, Roles } from '@ecabinet/api/platform';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditQueryDto } from './audit-query.dto';
import {
  AuditCheckpointFileResponse,
  AuditCheckpointResponse,
  AuditEntryPageResponse,
  AuditInclusionProofResponse,
  AuditVerifyResponse as AuditVerifyResponseSchema,
} from './audit.responses';
import { AuditService } from './audit.service';

/**
 * A whole number a route names (entry number, checkpoint size), up to nine digits so that it fits
 * every database's integer: anything else is a 400, never a 500.
 */
@Injectable()
class WholeNumberPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,9}$/.test(value)) throw new DomainError(CommonErrorCode.VALIDATION_FAILED, 'Expected a whole number of at most nine digits.');
    return Number(value);
  }
}
const wholeNumber = () => new WholeNumberPipe();

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get()
  @ApiOkResponse({ type: AuditEntryPageResponse, description: 'Audit entries, newest first' })
  list(@Query() query: AuditQueryDto): Promise<PageResponse<AuditEntryResponse>> {
    return this.audit.list(query);
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerifyResponseSchema, description: 'Result of checking the whole hash chain' })
  verify(): Promise<AuditVerifyResponse> {
    return this.audit.verifyChain();
  }

  @Get('checkpoints')
  @ApiOkResponse({ type: [AuditCheckpointResponse], description: 'Signed checkpoints of the log, newest first' })
  listCheckpoints(): Promise<AuditCheckpointSummary[]> {
    return this.checkpoints.list();
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Seal a checkpoint of the log as it stands now (and mail it to AUDIT_CHECKPOINT_MAILTO)' })
  @ApiCreatedResponse({ type: AuditCheckpointResponse })
  makeCheckpoint(): Promise<AuditCheckpointSummary> {
    return this.checkpoints.make('manual');
  }

  @Get('checkpoints/:size')
  @ApiProduces('application/json')
  @ApiOkResponse({ type: AuditCheckpointFileResponse, description: 'The sealed checkpoint file (attachment), for `audit-verify --checkpoint`' })
  async checkpointFile(@Param('size', wholeNumber()) size: number, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.checkpoints.file(size);
    if (!file) throw new DomainError(CommonErrorCode.NOT_FOUND, 'No checkpoint of that size.');
    await reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-checkpoint-${size}.json"`)
      .send(file);
  }

  @Get('entries/:seq/proof')
  @ApiOperation({ summary: 'Inclusion proof of one entry in the latest checkpoint covering it (one is sealed now if none does)' })
  @ApiOkResponse({ type: AuditInclusionProofResponse })
  async proof(@Param('seq', wholeNumber()) seq: number): Promise<AuditInclusionProof> {
    const proof = await this.checkpoints.proof(seq);
    if (!proof) throw new DomainError(CommonErrorCode.NOT_FOUND, 'No audit entry with that number.');
    return proof;
  }
}
