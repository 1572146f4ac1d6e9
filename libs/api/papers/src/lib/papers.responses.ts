import { ApiProperty } from '@nestjs/swagger';
import {
  ANNOTATION_COLORS,
  ANNOTATION_KINDS,
  PAPER_CLASSIFICATIONS,
  type AnnotationColor,
  type AnnotationKind,
  type AnnotationRect as AnnotationRectContract,
  type AnnotationResponse as AnnotationContract,
  type PaperAnnotationsResponse as PaperAnnotationsContract,
  type PaperClassification,
  type PaperResponse as PaperContract,
  type PaperTraceResponse as PaperTraceContract,
  type PaperVersionResponse as PaperVersionContract,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the paper routes; each `implements` its contract so a change there fails to compile here. */
export class PaperVersionResponse implements PaperVersionContract {
  @ApiProperty() version!: number;
  @ApiProperty() fileName!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() pageCount!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ type: String, nullable: true }) uploadedBy!: string | null;
  @ApiProperty({ description: 'The upload was repaired on the way in' }) repaired!: boolean;
  @ApiProperty({ description: 'The upload was decrypted on the way in' }) decrypted!: boolean;
}

export class PaperResponse implements PaperContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: PAPER_CLASSIFICATIONS, enumName: 'PaperClassification' }) classification!: PaperClassification;
  @ApiProperty() position!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: PaperVersionResponse }) current!: PaperVersionResponse;
  @ApiProperty({ type: [PaperVersionResponse], nullable: true, description: 'Every version (secretariat only)' }) versions!: PaperVersionResponse[] | null;
  @ApiProperty({ type: [String], nullable: true, description: 'Who may read a confidential paper (secretariat only)' }) readerIds!: string[] | null;
  @ApiProperty({ type: Number, nullable: true }) myLastReadVersion!: number | null;
  @ApiProperty() changedSinceRead!: boolean;
  @ApiProperty() canDownload!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PaperTraceUserResponse implements Readonly<PaperTraceContract['user']> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
}

export class PaperTraceMeetingResponse implements Readonly<PaperTraceContract['meeting']> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class PaperTracePaperResponse implements Readonly<NonNullable<PaperTraceContract['paper']>> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() version!: number;
}

export class PaperTraceResponse implements PaperTraceContract {
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['paper', 'book', 'ballot'] }) kind!: 'paper' | 'book' | 'ballot';
  @ApiProperty({ enum: ['view', 'download', 'offline'] }) purpose!: 'view' | 'download' | 'offline';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: PaperTraceUserResponse }) user!: PaperTraceUserResponse;
  @ApiProperty({ type: PaperTraceMeetingResponse }) meeting!: PaperTraceMeetingResponse;
  @ApiProperty({ type: PaperTracePaperResponse, nullable: true }) paper!: PaperTracePaperResponse | null;
}

export class AnnotationRectResponse implements AnnotationRectContract {
  @ApiProperty() x!: number;
  @ApiProperty() y!: number;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
}

export class AnnotationResponse implements AnnotationContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) paperId!: string;
  @ApiProperty({ enum: ANNOTATION_KINDS, enumName: 'AnnotationKind' }) kind!: AnnotationKind;
  @ApiProperty() page!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [AnnotationRectResponse] }) rects!: AnnotationRectResponse[];
  @ApiProperty({ enum: ANNOTATION_COLORS, enumName: 'AnnotationColor' }) color!: AnnotationColor;
  @ApiProperty() version!: number;
  @ApiProperty() carriedOver!: boolean;
  @ApiProperty() pageMissing!: boolean;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PaperAnnotationsResponse implements PaperAnnotationsContract {
  @ApiProperty({ format: 'uuid' }) paperId!: string;
  @ApiProperty({ type: [AnnotationResponse] }) annotations!: AnnotationResponse[];
}
