import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditEntryResponse, AuditVerifyResponse, PageResponse } from '@ecabinet/shared/contracts';
import { Roles } from '@ecabinet/api/platform';
import { AuditQueryDto } from './audit-query.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ description: 'Audit entries, newest first' })
  list(@Query() query: AuditQueryDto): Promise<PageResponse<AuditEntryResponse>> {
    return this.audit.list(query);
  }

  @Get('verify')
  @ApiOkResponse({ description: 'Result of checking the whole hash chain' })
  verify(): Promise<AuditVerifyResponse> {
    return this.audit.verifyChain();
  }
}
