import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAPER_CLASSIFICATIONS, type ItemExclusionsResponse, type PaperResponse, type PaperTraceResponse } from '@ecabinet/shared/contracts';
import { ItemExclusionsResponseSchema } from '@ecabinet/api/meetings';
import { ApiPdfResponse, CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { contentDisposition } from './file-names';
import { MeetingBooks } from './meeting-books.service';
import { PaperCopies, sendCopy, sendCopyRange } from './paper-copies.service';
import { PaperIntake } from './paper-intake';
import { CopyRangeQueryDto, PaperVersionQueryDto, PaperViewQueryDto, SetItemExclusionsDto, TraceCodeParamDto, UpdatePaperDto } from './papers.dto';
import { PaperResponse as PaperSchema, PaperTraceResponse as PaperTraceSchema } from './papers.responses';
import { PapersService } from './papers.service';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      title: { type: 'string', maxLength: 300 },
      classification: { type: 'string', enum: [...PAPER_CLASSIFICATIONS] },
      readerIds: { type: 'string', description: 'JSON array of user ids, or ids separated by commas' },
      file: { type: 'string', format: 'binary', description: 'The PDF; send it after the text fields' },
    },
  },
};

/**
 * Route-level roles name who may ever call a route; who may read which paper of which meeting
 * is decided for every call by PaperAccess (see papers.integration-spec.ts).
 */
@ApiTags('papers')
@ApiBearerAuth()
@Controller('meetings/:meetingId')
export class PapersController {
  constructor(
    private readonly papers: PapersService,
    private readonly intake: PaperIntake,
    private readonly copies: PaperCopies,
    private readonly books: MeetingBooks,
  ) {}

  @Post('agenda/:itemId/papers')
  @ApiCreatedResponse({ type: PaperSchema })
  @Roles('secretary')
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  async upload(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('itemId') itemId: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PaperResponse> {
    await this.papers.assertCanAdd(meetingId, itemId, user);
    const received = await this.intake.receive(request);
    try {
      return await this.papers.create(meetingId, itemId, received, user);
    } finally {
      await this.intake.discard(received);
    }
  }

  @Post('papers/:paperId/versions')
  @ApiCreatedResponse({ type: PaperSchema })
  @Roles('secretary')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: UPLOAD_BODY.schema.properties.file } } })
  async addVersion(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PaperResponse> {
    await this.papers.assertCanReplace(meetingId, paperId, user);
    const received = await this.intake.receive(request);
    try {
      return await this.papers.addVersion(meetingId, paperId, received, user);
    } finally {
      await this.intake.discard(received);
    }
  }

  @Get('papers')
  @ApiOkResponse({ type: [PaperSchema] })
  list(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<PaperResponse[]> {
    return this.papers.list(meetingId, user);
  }

  @Get('papers/:paperId')
  @ApiOkResponse({ type: PaperSchema })
  get(@UuidParam('meetingId') meetingId: string, @UuidParam('paperId') paperId: string, @CurrentUser() user: AuthenticatedUser): Promise<PaperResponse> {
    return this.papers.get(meetingId, paperId, user);
  }

  @Patch('papers/:paperId')
  @ApiOkResponse({ type: PaperSchema })
  @Roles('secretary')
  update(@UuidParam('meetingId') meetingId: string, @UuidParam('paperId') paperId: string, @Body() body: UpdatePaperDto): Promise<PaperResponse> {
    return this.papers.update(meetingId, paperId, body);
  }

  @Get('papers/:paperId/view')
  @ApiPdfResponse('The caller\'s watermarked copy to read (a new trace code, `x-trace-code`). With `Range: bytes=…` only that part (206); with `?trace=` the same copy again, by ranges, as pdf.js fetches a large paper.')
  @ApiProduces('application/pdf')
  @ApiHeader({ name: 'range', required: false, description: 'One range, `bytes=start-end`: 206 with Content-Range; past the end: 416.' })
  async view(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Query() query: PaperViewQueryDto,
    @Headers('range') range: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCopyRange(reply, await this.copies.paper(meetingId, paperId, user, 'view', query.version, query.trace), range);
  }

  @Get('papers/:paperId/download')
  @ApiPdfResponse()
  @ApiProduces('application/pdf')
  async download(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Query() query: PaperVersionQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return sendCopy(reply, await this.copies.paper(meetingId, paperId, user, 'download', query.version));
  }

  @Get('papers/:paperId/offline')
  @ApiPdfResponse(
    'The caller\'s watermarked copy of the current version to keep on his device and read offline (`x-trace-code`, `x-paper-version`): only a paper he may download (403 `DOWNLOAD_FORBIDDEN` for a confidential one). Audited as stored; it does not count as read.',
  )
  @ApiProduces('application/pdf')
  async offline(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const copy = await this.copies.paper(meetingId, paperId, user, 'offline');
    void reply.header('x-paper-version', String(copy.version));
    return sendCopy(reply, copy);
  }

  /** The bytes of a version as received (before repair or decryption on the way in): evidence, for the secretariat. */
  @Get('papers/:paperId/received')
  @ApiPdfResponse()
  @Roles('secretary')
  @ApiProduces('application/pdf')
  async received(
    @UuidParam('meetingId') meetingId: string,
    @UuidParam('paperId') paperId: string,
    @Query() query: PaperVersionQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const file = await this.copies.received(meetingId, paperId, user, query.version);
    void reply.header('cache-control', 'private, no-store');
    return new StreamableFile(file.stream, { type: 'application/pdf', length: file.length, disposition: contentDisposition('attachment', file.fileName) });
  }

  @Get('book/view')
  @ApiPdfResponse("The caller's own meeting book to read (`x-trace-code`). With `Range: bytes=…` only that part (206); with `?trace=` the same copy again, by ranges.")
  @ApiProduces('application/pdf')
  @ApiHeader({ name: 'range', required: false, description: 'One range, `bytes=start-end`: 206 with Content-Range; past the end: 416.' })
  async viewBook(
    @UuidParam('meetingId') meetingId: string,
    @Query() query: CopyRangeQueryDto,
    @Headers('range') range: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCopyRange(reply, await this.books.copy(meetingId, user, 'view', query.trace), range);
  }

  @Get('book/download')
  @ApiPdfResponse()
  @ApiProduces('application/pdf')
  async downloadBook(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    return sendCopy(reply, await this.books.copy(meetingId, user, 'download'));
  }

  @Get('agenda/:itemId/exclusions')
  @ApiOkResponse({ type: ItemExclusionsResponseSchema })
  @Roles('secretary')
  exclusions(@UuidParam('meetingId') meetingId: string, @UuidParam('itemId') itemId: string, @CurrentUser() user: AuthenticatedUser): Promise<ItemExclusionsResponse> {
    return this.papers.exclusions(meetingId, itemId, user);
  }

  @Put('agenda/:itemId/exclusions')
  @ApiOkResponse({ type: ItemExclusionsResponseSchema })
  @Roles('secretary')
  setExclusions(@UuidParam('meetingId') meetingId: string, @UuidParam('itemId') itemId: string, @Body() body: SetItemExclusionsDto): Promise<ItemExclusionsResponse> {
    return this.papers.setExclusions(meetingId, itemId, body.userIds);
  }
}

@ApiTags('papers')
@ApiBearerAuth()
@Controller('paper-traces')
export class PaperTracesController {
  constructor(private readonly copies: PaperCopies) {}

  /** From a leaked page's trace code to whose copy it was. */
  @Get(':code')
  @ApiOkResponse({ type: PaperTraceSchema })
  @Roles('admin')
  trace(@Param() params: TraceCodeParamDto): Promise<PaperTraceResponse> {
    return this.copies.trace(params.code);
  }
}
