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

export class TraceCodeParamDto {
  @ApiProperty({ example: 'K7Q2-9XMD' })
  @IsString()
  @Matches(/^[0-9A-Za-z -]{4,20}$/)
  code!: string;
}
