import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import {
  PAPER_CLASSIFICATIONS,
  type PaperClassification,
  type SetItemExclusionsRequest,
  type UpdatePaperRequest,
  type UploadPaperFields,
} from '@ecabinet/shared/contracts';
import { Omittable } from '@ecabinet/api/platform';

/** The text parts of a multipart upload; `readerIds` arrives as a JSON array or comma-separated. */
export class UploadPaperFieldsDto implements UploadPaperFields {
  @ApiPropertyOptional({ description: 'Defaults to the file name without ".pdf"' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: PAPER_CLASSIFICATIONS, default: 'normal' })
  @Omittable()
  @IsIn(PAPER_CLASSIFICATIONS)
  classification?: PaperClassification;

  @ApiPropertyOptional({ type: [String], description: 'Named readers (restricted, confidential): a JSON array or ids separated by commas' })
  @Omittable()
  @Transform(({ value }: { value: unknown }) => splitIds(value))
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  readerIds?: string[];
}

function splitIds(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return text ? text.split(',').map((id) => id.trim()) : [];
}

export class UpdatePaperDto implements UpdatePaperRequest {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ enum: PAPER_CLASSIFICATIONS })
  @Omittable()
  @IsIn(PAPER_CLASSIFICATIONS)
  classification?: PaperClassification;

  @ApiPropertyOptional({ type: [String] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  readerIds?: string[];

  @ApiProperty({ description: 'The revision the editor saw (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  revision!: number;
}

export class SetItemExclusionsDto implements SetItemExclusionsRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  userIds!: string[];
}

export class PaperVersionQueryDto {
  @ApiPropertyOptional({ description: 'An earlier version (secretariat only); default the current one' })
  @Omittable()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  version?: number;
}

/** A book's or a ballot paper's view query: the copy being read already (its trace code), for range requests. */
export class CopyRangeQueryDto {
  @ApiPropertyOptional({
    example: 'K7Q2-9XMD',
    description: 'The trace code of a copy the caller opened (the `x-trace-code` of the first response): the same bytes again, with no new copy, for a reader that fetches the file by ranges.',
  })
  @Omittable()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{4,20}$/, { message: 'trace must be a trace code' })
  trace?: string;
}

/** The view route's query: a version, and the copy being read already (its trace code), for range requests. */
export class PaperViewQueryDto extends PaperVersionQueryDto {
  @ApiPropertyOptional({
    example: 'K7Q2-9XMD',
    description: 'The trace code of a copy of this paper the caller opened (the `x-trace-code` of the first response): the same bytes again, with no new copy, for a reader that fetches the file by ranges.',
  })
  @Omittable()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{4,20}$/, { message: 'trace must be a trace code' })
  trace?: string;
}

export class TraceCodeParamDto {
  @ApiProperty({ example: 'K7Q2-9XMD' })
  @IsString()
  @Matches(/^[0-9A-Za-z -]{4,20}$/)
  code!: string;
}
