import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ATTENDANCE_STATES, type AttendanceState, type VideoTokenResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { VideoService } from './video.service';

class VideoTokenSchema implements VideoTokenResponse {
  @ApiProperty({ enum: ['jitsi', 'livekit'] }) provider!: 'jitsi' | 'livekit';
  @ApiProperty({ description: 'Jitsi: https URL of the deployment; LiveKit: wss URL of the server' }) url!: string;
  @ApiProperty({ example: 'ecabinet-5b1c2f0e-8a44-4c55-9d2a-0c1d7f3e9a10' }) room!: string;
  @ApiProperty({ description: 'Jitsi: the JWT for its token authentication; LiveKit: an access token' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() moderator!: boolean;
  @ApiProperty() displayName!: string;
}

class VideoJoinedSchema {
  @ApiPropertyOptional({ enum: ATTENDANCE_STATES, nullable: true, description: 'The caller\'s attendance now (null: not a participant)' }) attendance!: AttendanceState | null;
}

/** The meeting's call (#15): a participant's token, and his joining counted as remote attendance. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:meetingId/video')
export class VideoController {
  constructor(private readonly video: VideoService) {}

  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: VideoTokenSchema })
  @ApiForbiddenResponse({ description: 'Not a participant of this meeting', type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'NOT_IN_SESSION', type: ApiErrorResponse })
  @ApiNotFoundResponse({ description: 'VIDEO_NOT_CONFIGURED', type: ApiErrorResponse })
  token(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<VideoTokenResponse> {
    return this.video.token(meetingId, user);
  }

  @Post('joined')
  @HttpCode(200)
  @ApiOkResponse({ type: VideoJoinedSchema })
  joined(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<{ attendance: AttendanceState | null }> {
    return this.video.joined(meetingId, user);
  }
}
