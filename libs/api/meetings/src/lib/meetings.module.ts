import { Module } from '@nestjs/common';
import { AgendaService } from './agenda.service';
import { MeetingStore } from './meeting-store';
import { AgendaController, MeetingsController, VotesController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { SessionService } from './session.service';

export { MEETING_ENTITIES } from './entities';

@Module({
  controllers: [MeetingsController, AgendaController, VotesController],
  providers: [MeetingStore, MeetingsService, AgendaService, SessionService],
  exports: [MeetingStore, MeetingsService, AgendaService, SessionService],
})
export class MeetingsModule {}
