import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditEntryResponse, AuditVerifyResponse, PageResponse } from '@ecabinet/shared/contracts';
import { Roles } from '@ecabinet/api/platform';
import { AuditQueryDto } from './audit-query.dto';
import { AuditEntryPageResponse, AuditVerifyResponse as AuditVerifyResponseSchema } from './audit.responses';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

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
}
