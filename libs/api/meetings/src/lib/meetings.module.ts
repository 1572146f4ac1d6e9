import { Module } from '@nestjs/common';
import { AgendaService } from './agenda.service';
import { ChatController } from './chat.controller';
import { CheckInController } from './check-in.controller';
import { CheckInService } from './check-in.service';
import { RoomsController, SeatsController } from './seats.controller';
import { SeatsService } from './seats.service';
import { ChatService } from './chat.service';
import { ConclusionsService } from './conclusions.service';
import { MeetingViews } from './meeting-views';
import { MeetingStore } from './meeting-store';
import { AgendaController, ConclusionsController, MeetingsController, VotesController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { RoomScreenPairingsController, RoomScreensController } from './room-screens.controller';
import { RoomScreensService } from './room-screens.service';
import { SessionService } from './session.service';
import { VideoController } from './video.controller';
import { VideoRooms, VideoService } from './video.service';

export { MEETING_ENTITIES } from './entities';

@Module({
  controllers: [MeetingsController, AgendaController, ConclusionsController, VotesController, RoomScreenPairingsController, RoomScreensController, VideoController, ChatController, CheckInController, RoomsController, SeatsController],
  providers: [MeetingStore, MeetingViews, MeetingsService, AgendaService, SessionService, ConclusionsService, RoomScreensService, VideoService, VideoRooms, ChatService, CheckInService, SeatsService],
  exports: [MeetingStore, MeetingsService, AgendaService, SessionService, ConclusionsService, RoomScreensService, CheckInService],
})
export class MeetingsModule {}
