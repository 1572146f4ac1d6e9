import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  ROOM_MAX_ROWS,
  ROOM_MAX_SEATS_PER_ROW,
  type MeetingRoomResponse,
  type SaveMeetingRoomRequest,
  type SeatAssignment,
  type SeatPlanResponse,
  type SetSeatPlanRequest,
} from '@ecabinet/shared/contracts';
import { CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { SeatsService } from './seats.service';

class SeatDto {
  @ApiProperty({ example: 'A1' })
  @IsString()
  @MaxLength(20)
  label!: string;
}

class RowDto {
  @ApiProperty({ example: 'Hàng A' })
  @IsString()
  @MaxLength(40)
  label!: string;

  @ApiProperty({ type: [SeatDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROOM_MAX_SEATS_PER_ROW)
  @ValidateNested({ each: true })
  @Type(() => SeatDto)
  seats!: SeatDto[];
}

class SaveMeetingRoomDto implements SaveMeetingRoomRequest {
  @ApiProperty({ example: 'Phòng họp A, Trụ sở Chính phủ' })
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: 'Name the room.' })
  name!: string;

  @ApiProperty({ type: [RowDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROOM_MAX_ROWS)
  @ValidateNested({ each: true })
  @Type(() => RowDto)
  rows!: RowDto[];
}

class SeatAssignmentDto implements SeatAssignment {
  @ApiProperty({ example: 'r1s3' })
  @IsString()
  @Matches(/^r\d{1,2}s\d{1,2}$/)
  seatKey!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  userId!: string;
}

class SetSeatPlanDto implements SetSeatPlanRequest {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_object, value) => value !== null)
  @IsUUID('all')
  roomId!: string | null;

  @ApiProperty({ type: [SeatAssignmentDto] })
  @IsArray()
  @ArrayMaxSize(ROOM_MAX_ROWS * ROOM_MAX_SEATS_PER_ROW)
  @ValidateNested({ each: true })
  @Type(() => SeatAssignmentDto)
  seats!: SeatAssignmentDto[];
}

class RoomSeatSchema {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
}
class RoomRowSchema {
  @ApiProperty() label!: string;
  @ApiProperty({ type: [RoomSeatSchema] }) seats!: RoomSeatSchema[];
}
class MeetingRoomSchema implements MeetingRoomResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [RoomRowSchema] }) rows!: RoomRowSchema[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
class SeatAssignmentSchema {
  @ApiProperty() seatKey!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
}
class SeatPlanSchema implements SeatPlanResponse {
  @ApiProperty({ type: MeetingRoomSchema, nullable: true }) room!: MeetingRoomResponse | null;
  @ApiProperty({ type: [SeatAssignmentSchema] }) seats!: SeatAssignment[];
}

/** Meeting rooms and their seat maps (#15): drawn by the secretariat, read by the chair's side. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('rooms')
export class RoomsController {
  constructor(private readonly seats: SeatsService) {}

  @Get()
  @Roles('secretary', 'chair')
  @ApiOkResponse({ type: [MeetingRoomSchema] })
  list(): Promise<MeetingRoomResponse[]> {
    return this.seats.rooms();
  }

  @Post()
  @Roles('secretary')
  @ApiCreatedResponse({ type: MeetingRoomSchema })
  create(@Body() body: SaveMeetingRoomDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingRoomResponse> {
    return this.seats.saveRoom(null, body, user);
  }

  @Put(':roomId')
  @Roles('secretary')
  @ApiOkResponse({ type: MeetingRoomSchema })
  update(@UuidParam('roomId') roomId: string, @Body() body: SaveMeetingRoomDto, @CurrentUser() user: AuthenticatedUser): Promise<MeetingRoomResponse> {
    return this.seats.saveRoom(roomId, body, user);
  }
}

/** A meeting's seat plan: read by whoever sees the meeting, set by its chair's side. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:meetingId/seats')
export class SeatsController {
  constructor(private readonly seats: SeatsService) {}

  @Get()
  @ApiOkResponse({ type: SeatPlanSchema })
  plan(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<SeatPlanResponse> {
    return this.seats.plan(meetingId, user);
  }

  @Put()
  @ApiOkResponse({ type: SeatPlanSchema })
  setPlan(@UuidParam('meetingId') meetingId: string, @Body() body: SetSeatPlanDto, @CurrentUser() user: AuthenticatedUser): Promise<SeatPlanResponse> {
    return this.seats.setPlan(meetingId, body, user);
  }
}
