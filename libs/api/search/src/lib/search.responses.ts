import { ApiProperty } from '@nestjs/swagger';
import { SEARCH_HIT_KINDS, type SearchHit, type SearchHitKind, type SearchResponse } from '@ecabinet/shared/contracts';

/** OpenAPI shapes of `GET /api/search`; each `implements` its contract. */
export class SearchHitSchema implements SearchHit {
  @ApiProperty({ enum: SEARCH_HIT_KINDS }) kind!: SearchHitKind;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "The meeting's title, or the ballot's for a ballot paper" }) context!: string;
  @ApiProperty({ description: 'Text around the first match' }) excerpt!: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 }, description: '[start, end) of each word found, in the excerpt' }) marks!: [number, number][];
  @ApiProperty({ type: Number, nullable: true, description: 'Page of a paper or a note (1-based)' }) page!: number | null;
  @ApiProperty({ type: String, nullable: true }) meetingId!: string | null;
  @ApiProperty({ type: String, nullable: true }) itemId!: string | null;
  @ApiProperty({ type: String, nullable: true }) paperId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ballotId!: string | null;
  @ApiProperty() score!: number;
}

export class SearchResponseSchema implements SearchResponse {
  @ApiProperty() query!: string;
  @ApiProperty({ type: [SearchHitSchema] }) hits!: SearchHitSchema[];
  @ApiProperty({ description: 'Papers whose text is still being read, not yet searchable' }) pendingPapers!: number;
}
