import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AnnotationResponse } from '@ecabinet/shared/contracts';
import { CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CreateAnnotationDto, UpdateAnnotationDto } from './paper-annotations.dto';
import { PaperAnnotations } from './paper-annotations.service';

/**
 * The caller's own private notes and highlights on a paper. Anyone who may read the paper may
 * annotate it (PaperAccess decides, as for viewing it); nobody, the secretariat included, sees
 * anyone else's (see annotations.integration-spec.ts).
 */
@ApiTags('papers')
@ApiBearerAuth()
@Controller('meetings/:meetingId/papers/:paperId/annotations')
export class PaperAnnotationsController {
  constructor(private readonly annotations: PaperAnnotations) {}

  @Get()
  list(@UuidParam('meetingId') meetingId: string, @UuidParam('paperId') paperId: string, @CurrentUser() user: AuthenticatedUser): Promise<AnnotationResponse[]> {
    return this.annotations.list(meetingId, paperId, user);
  }

  @Post()
  @ApiCreatedResponse({ description: 'Written on the current version' })
  @ApiUnprocessableEntityResponse({ description: 'PAPER_PAGE_OUT_OF_RANGE: the current version has no such page' })
  create(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Body() body: CreateAnnotationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AnnotationResponse> {
    return this.annotations.create(meetingId, paperId, body, user);
  }

  @Patch(':annotationId')
  @ApiNotFoundResponse({ description: "ANNOTATION_NOT_FOUND, also for someone else's annotation" })
  @ApiConflictResponse({ description: 'STALE_VERSION with the current annotation' })
  update(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @UuidParam('annotationId') annotationId: string,
    @Body() body: UpdateAnnotationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AnnotationResponse> {
    return this.annotations.update(meetingId, paperId, annotationId, body, user);
  }

  @Delete(':annotationId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: "ANNOTATION_NOT_FOUND, also for someone else's annotation" })
  remove(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @UuidParam('annotationId') annotationId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.annotations.remove(meetingId, paperId, annotationId, user);
  }
}
