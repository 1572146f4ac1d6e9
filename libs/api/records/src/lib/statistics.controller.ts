import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiBadRequestResponse } from '@nestjs/swagger';
import { CommonErrorCode, type StatisticsResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, DomainError, Roles } from '@ecabinet/api/platform';
import { StatisticsService } from './statistics.service';
import { StatisticsResponseSchema } from './statistics.responses';
import { StatisticsQueryDto } from './tasks.dto';

/** The Government's figures over a period, for the secretariat, the chair and other systems. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @Roles('secretary', 'chair')
  @ApiOkResponse({ type: StatisticsResponseSchema, description: 'Sessions, ballots, pages not printed, and tasks on time and overdue (overall and per lead organisation) over the period.' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a period that ends before it starts or spans more than ten years.', type: ApiErrorResponse })
  figures(@Query() query: StatisticsQueryDto): Promise<StatisticsResponse> {
    if (query.to < query.from || Number(query.to.slice(0, 4)) - Number(query.from.slice(0, 4)) > 10) {
      throw new DomainError(CommonErrorCode.VALIDATION_FAILED, 'The period must end on or after its first day, within ten years.', [{ field: 'to', problems: ['to must not be before from'] }]);
    }
    return this.statistics.figures(query.from, query.to);
  }
}
