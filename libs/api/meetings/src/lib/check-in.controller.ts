import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { CheckInCodeResponse, CheckInRequest, CheckInResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CheckInService } from './check-in.service';

class CheckInDto implements CheckInRequest {
  @ApiProperty({ description: 'What the participant\'s QR code holds' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  code!: string;
}

class CheckInCodeSchema implements CheckInCodeResponse {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'The QR code as an SVG document' }) svg!: string;
}

class CheckInSchema implements CheckInResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ format: 'date-time' }) checkedInAt!: string;
}

/** Check-in at the door by QR code (#15). */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:meetingId/check-in')
export class CheckInController {
  constructor(private readonly checkIns: CheckInService) {}

  @Get('code')
  @ApiOkResponse({ type: CheckInCodeSchema, description: "The caller's own code for this meeting" })
  code(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<CheckInCodeResponse> {
    return this.checkIns.code(meetingId, user);
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: CheckInSchema, description: 'Checked in: marked in the room' })
  @ApiUnprocessableEntityResponse({ description: 'CHECK_IN_CODE_INVALID (forged, malformed) or CHECK_IN_OTHER_MEETING', type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'ALREADY_CHECKED_IN, with who and when; CHECK_IN_NOT_OPEN for a meeting still in preparation; MEETING_CLOSED once it has closed', type: ApiErrorResponse })
  checkIn(@UuidParam('meetingId') meetingId: string, @Body() body: CheckInDto, @CurrentUser() user: AuthenticatedUser): Promise<CheckInResponse> {
    return this.checkIns.checkIn(meetingId, body.code, user);
  }
}
