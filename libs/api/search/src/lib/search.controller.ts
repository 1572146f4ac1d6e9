import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode, SEARCH_QUERY_MIN, searchTerms, type SearchResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, DomainError, type AuthenticatedUser } from '@ecabinet/api/platform';
import { SearchQueryDto } from './search.dto';
import { SearchResponseSchema } from './search.responses';
import { SearchService } from './search.service';

/** One search box over everything the caller may read. */
@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOkResponse({
    type: SearchResponseSchema,
    description: 'Pages of papers (current versions), the caller\'s own notes, agenda items, conclusions and ballots holding every word, best first (at most 50); only what the caller may read.',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: no word of at least two characters, or more than 200 characters.', type: ApiErrorResponse })
  find(@Query() query: SearchQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SearchResponse> {
    if (searchTerms(query.q).join('').length < SEARCH_QUERY_MIN) {
      throw new DomainError(CommonErrorCode.VALIDATION_FAILED, 'Type at least two letters or digits to search.', [{ field: 'q', problems: ['q must hold a word'] }]);
    }
    return this.search.search(user, query.q);
  }
}
