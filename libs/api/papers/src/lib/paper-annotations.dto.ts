import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  ANNOTATION_COLORS,
  ANNOTATION_KINDS,
  ANNOTATION_RECTS_MAX,
  ANNOTATION_TEXT_MAX,
  type AnnotationColor,
  type AnnotationKind,
  type AnnotationRect,
  type CreateAnnotationRequest,
  type UpdateAnnotationRequest,
} from '@ecabinet/shared/contracts';
import { Omittable } from '@ecabinet/api/platform';

/** Annotation text (a NUL character, which PostgreSQL cannot store, is refused for every request by the global pipe). */
const AnnotationText = () => applyDecorators(IsString(), MaxLength(ANNOTATION_TEXT_MAX));

/** A fraction of the page (0..1, origin top-left); that it fits on the page is checked by the service. */
export class AnnotationRectDto implements AnnotationRect {
  @ApiProperty({ minimum: 0, maximum: 1 })
  @IsNumber()
  @Min(0)
  @Max(1)
  x!: number;

  @ApiProperty({ minimum: 0, maximum: 1 })
  @IsNumber()
  @Min(0)
  @Max(1)
  y!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'x + width is at most 1' })
  @IsNumber()
  @Min(0)
  @Max(1)
  width!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'y + height is at most 1' })
  @IsNumber()
  @Min(0)
  @Max(1)
  height!: number;
}

/** Which fields a kind needs (a note's text, a highlight's rectangles) is checked by the service. */
export class CreateAnnotationDto implements CreateAnnotationRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chosen by the device (v4): sent again (offline, then online), the note is stored once and returned as stored' })
  @Omittable()
  @IsUUID('4')
  id?: string;

  @ApiProperty({ enum: ANNOTATION_KINDS })
  @IsIn(ANNOTATION_KINDS)
  kind!: AnnotationKind;

  @ApiProperty({ minimum: 1, description: "A page of the paper's current version" })
  @IsInt()
  @Min(1)
  page!: number;

  @ApiPropertyOptional({ maxLength: ANNOTATION_TEXT_MAX, description: 'Required (not blank) for a note' })
  @Omittable()
  @AnnotationText()
  text?: string;

  @ApiPropertyOptional({ type: [AnnotationRectDto], description: `Required (1 to ${ANNOTATION_RECTS_MAX}) for a highlight; not allowed on a note` })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(ANNOTATION_RECTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => AnnotationRectDto)
  rects?: AnnotationRectDto[];

  @ApiPropertyOptional({ enum: ANNOTATION_COLORS, default: 'yellow' })
  @Omittable()
  @IsIn(ANNOTATION_COLORS)
  color?: AnnotationColor;
}

export class UpdateAnnotationDto implements UpdateAnnotationRequest {
  @ApiPropertyOptional({ maxLength: ANNOTATION_TEXT_MAX, description: 'A note’s text may not become blank' })
  @Omittable()
  @AnnotationText()
  text?: string;

  @ApiPropertyOptional({ enum: ANNOTATION_COLORS })
  @Omittable()
  @IsIn(ANNOTATION_COLORS)
  color?: AnnotationColor;

  @ApiProperty({ description: 'The revision the client edited (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  revision!: number;
}

/** A delete made on another device's view of the note: refused when the note changed since. */
export class DeleteAnnotationQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'The revision the client saw: a note changed since is not deleted (409 STALE_VERSION, with the note as it is)' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;
}
