import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { SEARCH_QUERY_MAX } from '@ecabinet/shared/contracts';

export class SearchQueryDto {
  @ApiProperty({ example: 'giai ngan', description: 'Words to find, with or without Vietnamese marks; the last may be the start of a word.', maxLength: SEARCH_QUERY_MAX })
  @IsString()
  @MaxLength(SEARCH_QUERY_MAX)
  q!: string;
}
