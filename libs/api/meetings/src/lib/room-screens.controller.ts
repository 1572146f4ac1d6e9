import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { RoomScreenClaimResponse, RoomScreenPairingResponse, RoomScreenResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, Public, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { ClaimRoomScreenDto, PairRoomScreenDto } from './room-screens.dto';
import {
  RoomScreenClaimResponse as ClaimSchema,
  RoomScreenPairingResponse as PairingSchema,
  RoomScreenResponse as RoomScreenSchema,
} from './room-screens.responses';
import { RoomScreensService } from './room-screens.service';

/** What a room screen calls before it has a credential: nothing else of the API answers it. */
@ApiTags('room-screens')
@Controller('room-screens/pairings')
export class RoomScreenPairingsController {
  constructor(private readonly screens: RoomScreensService) {}

  @Public()
  @Post()
  @ApiCreatedResponse({ description: 'A code for the screen to show', type: PairingSchema })
  start(): Promise<RoomScreenPairingResponse> {
    return this.screens.startPairing();
  }

  @Public()
  @Post(':pairingId/claim')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Still waiting, or paired with the credential (handed over once)', type: ClaimSchema })
  @ApiNotFoundResponse({ description: 'PAIRING_NOT_FOUND: wrong secret, expired or already claimed', type: ApiErrorResponse })
  claim(@UuidParam('pairingId') pairingId: string, @Body() body: ClaimRoomScreenDto): Promise<RoomScreenClaimResponse> {
    return this.screens.claim(pairingId, body.secret);
  }
}

/** The chair's and the secretariat's side: pair, list and revoke a meeting's room screens. */
@ApiTags('room-screens')
@ApiBearerAuth()
@Controller('meetings/:meetingId/room-screens')
export class RoomScreensController {
  constructor(private readonly screens: RoomScreensService) {}

  @Get()
  @ApiOkResponse({ type: [RoomScreenSchema] })
  list(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<RoomScreenResponse[]> {
    return this.screens.list(meetingId, user);
  }

  @Post()
  @ApiCreatedResponse({ type: RoomScreenSchema })
  @ApiNotFoundResponse({ description: 'PAIRING_CODE_UNKNOWN: no screen shows this code now', type: ApiErrorResponse })
  pair(@UuidParam('meetingId') meetingId: string, @Body() body: PairRoomScreenDto, @CurrentUser() user: AuthenticatedUser): Promise<RoomScreenResponse> {
    return this.screens.pair(meetingId, body, user);
  }

  @Delete(':screenId')
  @ApiOkResponse({ description: 'The screen, revoked: its connection closes at once', type: RoomScreenSchema })
  revoke(@UuidParam('meetingId') meetingId: string, @UuidParam('screenId') screenId: string, @CurrentUser() user: AuthenticatedUser): Promise<RoomScreenResponse> {
    return this.screens.revoke(meetingId, screenId, user);
  }
}
