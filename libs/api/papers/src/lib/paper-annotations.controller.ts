import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AnnotationResponse, PaperAnnotationsResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CreateAnnotationDto, DeleteAnnotationQueryDto, UpdateAnnotationDto } from './paper-annotations.dto';
import { PaperAnnotations } from './paper-annotations.service';
import { AnnotationResponse as AnnotationSchema, PaperAnnotationsResponse as PaperAnnotationsSchema } from './papers.responses';

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
  @ApiOkResponse({ type: [AnnotationSchema] })
  list(@UuidParam('meetingId') meetingId: string, @UuidParam('paperId') paperId: string, @CurrentUser() user: AuthenticatedUser): Promise<AnnotationResponse[]> {
    return this.annotations.list(meetingId, paperId, user);
  }

  @Post()
  @ApiCreatedResponse({ description: 'Written on the current version', type: AnnotationSchema })
  @ApiUnprocessableEntityResponse({ description: 'PAPER_PAGE_OUT_OF_RANGE: the current version has no such page', type: ApiErrorResponse })
  @ApiConflictResponse({ description: "ANNOTATION_ID_TAKEN: the device's chosen id names another note (the caller's own, sent again, is returned as stored)", type: ApiErrorResponse })
  create(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Body() body: CreateAnnotationDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AnnotationResponse> {
    return this.annotations.create(meetingId, paperId, body, user);
  }

  @Patch(':annotationId')
  @ApiOkResponse({ type: AnnotationSchema })
  @ApiNotFoundResponse({ description: "ANNOTATION_NOT_FOUND, also for someone else's annotation", type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'STALE_VERSION with the current annotation', type: ApiErrorResponse })
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
  @ApiNotFoundResponse({ description: "ANNOTATION_NOT_FOUND, also for someone else's annotation", type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'STALE_VERSION with `?revision=`: the note changed since (its current state in `details`); it is kept', type: ApiErrorResponse })
  remove(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @UuidParam('annotationId') annotationId: string,
    @Query() query: DeleteAnnotationQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    return this.annotations.remove(meetingId, paperId, annotationId, user, query.revision);
  }
}

/** The caller's own annotations on all the papers of a meeting he may read, at once. */
@ApiTags('papers')
@ApiBearerAuth()
@Controller('meetings/:meetingId/annotations')
export class MeetingAnnotationsController {
  constructor(private readonly annotations: PaperAnnotations) {}

  @Get()
  @ApiOkResponse({ description: 'Every paper he may read, with his annotations on it (none of anyone else)', type: [PaperAnnotationsSchema] })
  list(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<PaperAnnotationsResponse[]> {
    return this.annotations.listForMeeting(meetingId, user);
  }
}
