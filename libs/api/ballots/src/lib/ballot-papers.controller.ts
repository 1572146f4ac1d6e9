import { Controller, Delete, Get, Headers, HttpCode, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BALLOT_PAPER_CLASSIFICATIONS, type BallotPaperResponse } from '@ecabinet/shared/contracts';
import { ApiPdfResponse, CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CopyRangeQueryDto, PaperIntake, sendCopy, sendCopyRange } from '@ecabinet/api/papers';
import { BallotPapers } from './ballot-papers.service';
import { BallotPaperResponse as BallotPaperSchema } from './ballots.responses';

/**
 * Papers attached to a ballot: the secretariat attaches and removes them while the ballot is a
 * draft; whoever may see the ballot reads them, each as their own watermarked copy.
 */
@ApiTags('ballots')
@ApiBearerAuth()
@Controller('ballots/:ballotId/papers')
export class BallotPapersController {
  constructor(
    private readonly papers: BallotPapers,
    private readonly intake: PaperIntake,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: BallotPaperSchema })
  @Roles('secretary')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        title: { type: 'string', maxLength: 300 },
        classification: { type: 'string', enum: [...BALLOT_PAPER_CLASSIFICATIONS] },
        file: { type: 'string', format: 'binary', description: 'The PDF; send it after the text fields' },
      },
    },
  })
  async add(@UuidParam('ballotId') ballotId: string, @Req() request: FastifyRequest, @CurrentUser() user: AuthenticatedUser): Promise<BallotPaperResponse> {
    await this.papers.assertCanAdd(ballotId, user);
    const received = await this.intake.receive(request);
    try {
      return await this.papers.add(ballotId, received, user);
    } finally {
      await this.intake.discard(received);
    }
  }

  @Delete(':paperId')
  @Roles('secretary')
  @HttpCode(204)
  remove(@UuidParam('ballotId') ballotId: string, @UuidParam('paperId') paperId: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.papers.remove(ballotId, paperId, user);
  }

  @Get(':paperId/view')
  @ApiPdfResponse("The caller's watermarked copy to read (`x-trace-code`). With `Range: bytes=…` only that part (206); with `?trace=` the same copy again, by ranges.")
  @ApiProduces('application/pdf')
  @ApiHeader({ name: 'range', required: false, description: 'One range, `bytes=start-end`: 206 with Content-Range; past the end: 416.' })
  async view(
    @UuidParam('ballotId') ballotId: string,
    @UuidParam('paperId') paperId: string,
    @Query() query: CopyRangeQueryDto,
    @Headers('range') range: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCopyRange(reply, await this.papers.copy(ballotId, paperId, user, 'view', query.trace), range);
  }

  @Get(':paperId/download')
  @ApiPdfResponse()
  @ApiProduces('application/pdf')
  async download(
    @UuidParam('ballotId') ballotId: string,
    @UuidParam('paperId') paperId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return sendCopy(reply, await this.papers.copy(ballotId, paperId, user, 'download'));
  }

  @Get(':paperId/offline')
  @ApiPdfResponse(
    "The caller's watermarked copy to keep on his device and read offline before the deadline (`x-trace-code`): not a confidential paper (403 `DOWNLOAD_FORBIDDEN`). Audited as stored offline.",
  )
  @ApiProduces('application/pdf')
  async offline(
    @UuidParam('ballotId') ballotId: string,
    @UuidParam('paperId') paperId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return sendCopy(reply, await this.papers.copy(ballotId, paperId, user, 'offline'));
  }
}
