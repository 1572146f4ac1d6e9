import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type {
  ApprovalQueueResponse,
  PendingBallot as PendingBallotContract,
  PendingConclusion as PendingConclusionContract,
  PendingMinutes as PendingMinutesContract,
  PendingResolution as PendingResolutionContract,
} from '@ecabinet/shared/contracts';
import { CurrentUser, Roles, type AuthenticatedUser } from '@ecabinet/api/platform';
import { ApprovalsService } from './approvals.service';
import { MinutesPersonRef } from './records.responses';

class PendingConclusionSchema implements PendingConclusionContract {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() meetingTitle!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() itemTitle!: string;
  @ApiProperty() version!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: MinutesPersonRef, nullable: true }) draftedBy!: MinutesPersonRef | null;
  @ApiProperty({ format: 'date-time' }) draftedAt!: string;
}

class PendingMinutesSchema implements PendingMinutesContract {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() meetingTitle!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

class PendingResolutionSchema implements PendingResolutionContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ballotId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class PendingBallotSchema implements PendingBallotContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
}

class ApprovalQueueSchema implements ApprovalQueueResponse {
  @ApiProperty({ type: [PendingConclusionSchema] }) conclusions!: PendingConclusionSchema[];
  @ApiProperty({ type: [PendingMinutesSchema] }) minutes!: PendingMinutesSchema[];
  @ApiProperty({ type: [PendingResolutionSchema] }) resolutions!: PendingResolutionSchema[];
  @ApiProperty({ type: [PendingBallotSchema] }) ballots!: PendingBallotSchema[];
  @ApiProperty() total!: number;
}

/** The chair's approval queue. */
@ApiTags('approvals')
@ApiBearerAuth()
@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @Roles('chair')
  @ApiOkResponse({ type: ApprovalQueueSchema, description: 'Conclusions, minutes, resolutions and opinion ballots waiting for the caller, as chair.' })
  queue(@CurrentUser() user: AuthenticatedUser): Promise<ApprovalQueueResponse> {
    return this.approvals.queue(user);
  }
}
