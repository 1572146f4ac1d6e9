import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { MinutesResponse, ResolutionPage, ResolutionResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, ApiPdfResponse, CurrentUser, PageQueryDto, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { MinutesService } from './minutes.service';
import { ApproveMinutesDto, CreateResolutionDto, IssueResolutionDto, UpdateMinutesDto, UpdateResolutionDto } from './records.dto';
import { ResolutionsService } from './resolutions.service';
import { MinutesResponse as MinutesSchema, ResolutionPageSchema, ResolutionResponse as ResolutionSchema } from './records.responses';

/** The minutes of a meeting: read by its participants once approved, written by the secretariat, approved by the chair. */
@ApiTags('minutes')
@ApiBearerAuth()
@Controller('meetings/:meetingId/minutes')
export class MinutesController {
  constructor(private readonly minutes: MinutesService) {}

  @Get()
  @ApiOkResponse({ type: MinutesSchema, description: 'The approved minutes; for the chair and the secretariat, the draft as it stands (facts from the record, the prose saved).' })
  get(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<MinutesResponse> {
    return this.minutes.get(meetingId, user);
  }

  @Put()
  @ApiOkResponse({ type: MinutesSchema, description: 'The prose saved as a new version.' })
  @ApiConflictResponse({ description: 'STALE_VERSION (details.minutes: the current minutes), MINUTES_FROZEN, MINUTES_NOT_READY.', type: ApiErrorResponse })
  update(@UuidParam('meetingId') meetingId: string, @Body() body: UpdateMinutesDto, @CurrentUser() user: AuthenticatedUser): Promise<MinutesResponse> {
    return this.minutes.update(meetingId, body.version, body.prose, user);
  }

  @Post('approve')
  @HttpCode(200)
  @ApiOkResponse({ type: MinutesSchema, description: 'Approved: numbered, frozen, the sealed PDF kept.' })
  @ApiConflictResponse({ description: 'CONCLUSIONS_PENDING, STALE_VERSION, MINUTES_FROZEN, MINUTES_NOT_READY.', type: ApiErrorResponse })
  approve(@UuidParam('meetingId') meetingId: string, @Body() body: ApproveMinutesDto, @CurrentUser() user: AuthenticatedUser): Promise<MinutesResponse> {
    return this.minutes.approve(meetingId, body.version, user);
  }

  @Get('pdf')
  @ApiProduces('application/pdf')
  @ApiPdfResponse('The signed PDF of approved minutes (the same bytes every time); a draft preview for the chair and the secretariat.')
  async pdf(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, number } = await this.minutes.pdf(meetingId, user);
    const name = number ? `bien-ban-${number.replace(/[^0-9A-Za-z-]+/g, '-')}.pdf` : `bien-ban-du-thao-${meetingId}.pdf`;
    await reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(bytes);
  }
}

/** Session resolutions: issued ones for everyone signed in; drafts composed by the secretariat, issued by the meeting's chair. */
@ApiTags('resolutions')
@ApiBearerAuth()
@Controller('resolutions')
export class ResolutionsController {
  constructor(private readonly resolutions: ResolutionsService) {}

  @Get()
  @ApiOkResponse({ type: ResolutionPageSchema, description: 'A page of issued resolutions, newest first; the secretariat and the chair also see drafts, first.' })
  list(@Query() query: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<ResolutionPage> {
    return this.resolutions.list(user, query.offset, query.limit);
  }

  @Post()
  @Roles('secretary')
  @ApiCreatedResponse({ type: ResolutionSchema, description: "The draft composed from the meeting's approved conclusions, one section per decided matter; or from a closed opinion ballot, one section per question with its result." })
  @ApiConflictResponse({ description: 'RESOLUTION_EXISTS (details.id), MEETING_NOT_CLOSED, CONCLUSIONS_PENDING, BALLOT_INVALID_STATE (a ballot not closed with an outcome).', type: ApiErrorResponse })
  @ApiNotFoundResponse({ description: 'BALLOT_NOT_FOUND, MEETING_NOT_FOUND.', type: ApiErrorResponse })
  create(@Body() body: CreateResolutionDto, @CurrentUser() user: AuthenticatedUser): Promise<ResolutionResponse> {
    return this.resolutions.create(body, user);
  }

  @Get(':resolutionId')
  @ApiOkResponse({ type: ResolutionSchema })
  get(@UuidParam('resolutionId') id: string, @CurrentUser() user: AuthenticatedUser): Promise<ResolutionResponse> {
    return this.resolutions.get(id, user);
  }

  @Put(':resolutionId')
  @Roles('secretary')
  @ApiOkResponse({ type: ResolutionSchema })
  @ApiConflictResponse({ description: 'STALE_VERSION (details.resolution), RESOLUTION_ISSUED.', type: ApiErrorResponse })
  update(@UuidParam('resolutionId') id: string, @Body() body: UpdateResolutionDto, @CurrentUser() user: AuthenticatedUser): Promise<ResolutionResponse> {
    return this.resolutions.update(id, body.version, body.title, body.sections, user);
  }

  @Post(':resolutionId/issue')
  @Roles('chair')
  @HttpCode(200)
  @ApiOkResponse({ type: ResolutionSchema, description: 'Issued: numbered, frozen, the sealed PDF kept, every member told.' })
  @ApiConflictResponse({ description: 'STALE_VERSION, RESOLUTION_ISSUED.', type: ApiErrorResponse })
  issue(@UuidParam('resolutionId') id: string, @Body() body: IssueResolutionDto, @CurrentUser() user: AuthenticatedUser): Promise<ResolutionResponse> {
    return this.resolutions.issue(id, body.version, user);
  }

  @Get(':resolutionId/pdf')
  @ApiProduces('application/pdf')
  @ApiPdfResponse('The sealed PDF of an issued resolution (the same bytes every time); a draft preview for the secretariat and the chair.')
  async pdf(@UuidParam('resolutionId') id: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const { bytes, number } = await this.resolutions.pdf(id, user);
    const name = number ? `nghi-quyet-${number.replace(/[^0-9A-Za-z-]+/g, '-')}.pdf` : `nghi-quyet-du-thao-${id}.pdf`;
    await reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(bytes);
  }
}
