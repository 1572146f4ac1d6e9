import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type {
  AgendaItemResponse,
  ConclusionVersionResponse,
  MeetingParticipantChoice,
  MeetingResponse,
  MeetingSnapshot,
  MeetingSummaryResponse,
  PositionResponse,
  SpeakerResponse,
  VoteResponse,
} from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { AgendaService } from './agenda.service';
import { ConclusionsService } from './conclusions.service';
import {
  AdoptWithoutDebateDto,
  ApproveConclusionDto,
  CastVoteDto,
  ChangeMeetingStatusDto,
  CompleteAgendaItemDto,
  CreateAgendaItemDto,
  CreateMeetingDto,
  DraftConclusionDto,
  GrantFloorDto,
  MeetingListQueryDto,
  MoveAgendaItemDto,
  OpenVoteDto,
  PositionDto,
  SetAgendaItemStatusDto,
  SetAttendanceDto,
  SetCurrentItemDto,
  SetParticipantsDto,
  UpdateAgendaItemDto,
  UpdateMeetingDto,
} from './meetings.dto';
import {
  AgendaItemResponse as AgendaItemSchema,
  ConclusionVersionResponse as ConclusionVersionSchema,
  MeetingParticipantChoice as MeetingParticipantChoiceSchema,
  MeetingResponse as MeetingSchema,
  MeetingSnapshotResponse,
  MeetingSummaryResponse as MeetingSummarySchema,
  PositionResponse as PositionSchema,
  SpeakerResponse as SpeakerSchema,
  VoteResponse as VoteSchema,
} from './meetings.responses';
import { MeetingsService } from './meetings.service';
import { SessionService } from './session.service';

/**
 * Route-level roles name who may ever call a route; meeting-level rules (participant, chair,
 * secretariat of this meeting, drafts hidden) are checked by the services for every call.
 */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @ApiOkResponse({ type: [MeetingSummarySchema] })
  list(@Query() query: MeetingListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingSummaryResponse[]> {
    return this.meetings.list(user, query.scope ?? 'upcoming');
  }

  @Post()
  @ApiCreatedResponse({ type: MeetingSchema })
  @Roles('secretary')
  create(@Body() body: CreateMeetingDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingResponse> {
    return this.meetings.create(body, user);
  }

  @Get('participant-choices')
  @ApiOkResponse({ type: [MeetingParticipantChoiceSchema] })
  @Roles('secretary')
  participantChoices(): Promise<MeetingParticipantChoice[]> {
    return this.meetings.participantChoices();
  }

  @Get(':meetingId')
  @ApiOkResponse({ type: MeetingSchema })
  get(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<MeetingResponse> {
    return this.meetings.get(meetingId, user);
  }

  @Get(':meetingId/snapshot')
  @ApiOkResponse({ type: MeetingSnapshotResponse })
  async snapshot(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // `{ seq, ...snapshot }`, serialised once per meeting version for every caller without a ballot or position of his own (#15).
    const body = await this.meetings.snapshotJson(meetingId, user);
    void reply.type('application/json; charset=utf-8');
    return body;
  }

  @Patch(':meetingId')
  @ApiOkResponse({ type: MeetingSchema })
  @Roles('secretary')
  @ApiConflictResponse({ description: 'STALE_VERSION with the current meeting', type: ApiErrorResponse })
  update(@UuidParam('meetingId') meetingId: string, @Body() body: UpdateMeetingDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingResponse> {
    return this.meetings.update(meetingId, body, user);
  }

  @Put(':meetingId/participants')
  @ApiOkResponse({ type: MeetingSchema })
  @Roles('secretary')
  setParticipants(@UuidParam('meetingId') meetingId: string, @Body() body: SetParticipantsDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingResponse> {
    return this.meetings.setParticipants(meetingId, body.participants, user);
  }

  @Post(':meetingId/status')
  @ApiOkResponse({ type: MeetingSchema })
  @HttpCode(200)
  changeStatus(@UuidParam('meetingId') meetingId: string, @Body() body: ChangeMeetingStatusDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingResponse> {
    return this.meetings.changeStatus(meetingId, body.status, user);
  }

  @Put(':meetingId/attendance/:userId')
  @ApiOkResponse({ type: MeetingSchema })
  setAttendance(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('userId') userId: string,
    @Body() body: SetAttendanceDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MeetingResponse> {
    return this.meetings.setAttendance(meetingId, userId, body.attendance, user);
  }
}

@ApiTags('agenda')
@ApiBearerAuth()
@Controller('meetings/:meetingId')
export class AgendaController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly session: SessionService,
  ) {}

  @Get('agenda')
  @ApiOkResponse({ type: [AgendaItemSchema] })
  list(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.agenda.list(meetingId, user);
  }

  @Post('agenda')
  @ApiCreatedResponse({ type: AgendaItemSchema })
  @Roles('secretary')
  @ApiConflictResponse({ description: 'STALE_VERSION with the current agenda', type: ApiErrorResponse })
  add(@UuidParam('meetingId') meetingId: string, @Body() body: CreateAgendaItemDto, @CurrentUser() user: AuthenticatedUser): Promise<AgendaItemResponse> {
    return this.agenda.add(meetingId, body, user);
  }

  @Patch('agenda/:itemId')
  @ApiOkResponse({ type: AgendaItemSchema })
  @Roles('secretary')
  @ApiConflictResponse({ description: 'STALE_VERSION with the current agenda', type: ApiErrorResponse })
  update(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: UpdateAgendaItemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgendaItemResponse> {
    return this.agenda.update(meetingId, itemId, body, user);
  }

  @Post('agenda/:itemId/move')
  @ApiOkResponse({ type: [AgendaItemSchema] })
  @Roles('secretary')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'STALE_VERSION with the current agenda', type: ApiErrorResponse })
  move(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: MoveAgendaItemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgendaItemResponse[]> {
    return this.agenda.move(meetingId, itemId, body, user);
  }

  @Post('agenda/:itemId/status')
  @ApiOkResponse({ type: AgendaItemSchema })
  @Roles('secretary')
  @HttpCode(200)
  setStatus(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: SetAgendaItemStatusDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgendaItemResponse> {
    return this.agenda.setStatus(meetingId, itemId, body, user);
  }

  @Post('agenda/:itemId/complete')
  @ApiOkResponse({ type: AgendaItemSchema })
  @HttpCode(200)
  complete(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: CompleteAgendaItemDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AgendaItemResponse> {
    return this.agenda.complete(meetingId, itemId, body.conclusion, body.version, user);
  }

  @Put('current-item')
  @ApiOkResponse({ type: [AgendaItemSchema] })
  setCurrent(@UuidParam('meetingId') meetingId: string, @Body() body: SetCurrentItemDto, @CurrentUser() user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.agenda.setCurrent(meetingId, body.itemId, user);
  }

  @Post('adopt-without-debate')
  @ApiOkResponse({ type: [AgendaItemSchema] })
  @HttpCode(200)
  adoptWithoutDebate(@UuidParam('meetingId') meetingId: string, @Body() body: AdoptWithoutDebateDto, @CurrentUser() user: AuthenticatedUser): Promise<AgendaItemResponse[]> {
    return this.agenda.adoptWithoutDebate(meetingId, body.itemIds, user);
  }

  @Put('agenda/:itemId/position')
  @ApiOkResponse({ type: PositionSchema })
  setPosition(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: PositionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PositionResponse> {
    return this.session.setPosition(meetingId, itemId, body.position, body.note, user, body.baseline);
  }

  @Get('positions/mine')
  @ApiOkResponse({ type: [PositionSchema] })
  myPositions(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<PositionResponse[]> {
    return this.session.myPositions(meetingId, user);
  }

  @Post('agenda/:itemId/speakers')
  @ApiCreatedResponse({ type: [SpeakerSchema] })
  requestFloor(@UuidParam('meetingId') meetingId: string, @UuidParam('itemId') itemId: string, @CurrentUser() user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.session.requestFloor(meetingId, itemId, user);
  }

  @Delete('agenda/:itemId/speakers/me')
  @ApiOkResponse({ type: [SpeakerSchema] })
  withdrawFloor(@UuidParam('meetingId') meetingId: string, @UuidParam('itemId') itemId: string, @CurrentUser() user: AuthenticatedUser): Promise<SpeakerResponse[]> {
    return this.session.withdrawFloor(meetingId, itemId, user);
  }

  @Post('agenda/:itemId/speakers/grant')
  @ApiOkResponse({ type: [SpeakerSchema] })
  @HttpCode(200)
  grantFloor(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: GrantFloorDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SpeakerResponse[]> {
    return this.session.grantFloor(meetingId, itemId, body.speakerId ?? null, user);
  }

  @Post('agenda/:itemId/speakers/:speakerId/end')
  @ApiOkResponse({ type: [SpeakerSchema] })
  @HttpCode(200)
  endSpeaker(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @UuidParam('speakerId') speakerId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SpeakerResponse[]> {
    return this.session.endSpeaker(meetingId, itemId, speakerId, user);
  }
}

/** Conclusions as versioned texts: drafted by the secretariat (or the chair), approved by the meeting's chair. */
@ApiTags('conclusions')
@ApiBearerAuth()
@Controller('meetings/:meetingId')
export class ConclusionsController {
  constructor(private readonly conclusions: ConclusionsService) {}

  @Get('conclusions')
  @ApiOkResponse({ type: [ConclusionVersionSchema], description: 'Every version of every item’s conclusion: the chair and the secretariat only.' })
  list(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<ConclusionVersionResponse[]> {
    return this.conclusions.list(meetingId, user);
  }

  @Post('agenda/:itemId/conclusions')
  @ApiCreatedResponse({ type: ConclusionVersionSchema, description: 'The new version: approved at once when the chair wrote it, otherwise a draft waiting for him.' })
  @ApiConflictResponse({ description: 'STALE_VERSION: a newer version was saved since the one the writer saw (details.versions).', type: ApiErrorResponse })
  draft(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: DraftConclusionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ConclusionVersionResponse> {
    return this.conclusions.draft(meetingId, itemId, body, user);
  }

  @Post('agenda/:itemId/conclusions/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: ConclusionVersionSchema })
  @ApiConflictResponse({ description: 'CONCLUSION_NOT_APPROVABLE: not the latest version, or already approved.', type: ApiErrorResponse })
  approve(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Body() body: ApproveConclusionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ConclusionVersionResponse> {
    return this.conclusions.approve(meetingId, itemId, body.version, user);
  }
}

@ApiTags('votes')
@ApiBearerAuth()
@Controller('meetings/:meetingId/votes')
export class VotesController {
  constructor(private readonly session: SessionService) {}

  @Post()
  @ApiCreatedResponse({ type: VoteSchema })
  open(@UuidParam('meetingId') meetingId: string, @Body() body: OpenVoteDto, @CurrentUser() user: AuthenticatedUser): Promise<VoteResponse> {
    return this.session.openVote(meetingId, body, user);
  }

  @Get(':voteId')
  @ApiOkResponse({ type: VoteSchema })
  get(@UuidParam('meetingId') meetingId: string, @UuidParam('voteId') voteId: string, @CurrentUser() user: AuthenticatedUser): Promise<VoteResponse> {
    return this.session.getVote(meetingId, voteId, user);
  }

  @Put(':voteId/ballot')
  @ApiOkResponse({ type: VoteSchema })
  cast(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('voteId') voteId: string,
    @Body() body: CastVoteDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VoteResponse> {
    return this.session.castVote(meetingId, voteId, body.choice, user);
  }

  @Post(':voteId/close')
  @ApiOkResponse({ type: VoteSchema })
  @HttpCode(200)
  close(@UuidParam('meetingId') meetingId: string, @UuidParam('voteId') voteId: string, @CurrentUser() user: AuthenticatedUser): Promise<VoteResponse> {
    return this.session.closeVote(meetingId, voteId, user);
  }
}
