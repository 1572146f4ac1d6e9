import { Module } from '@nestjs/common';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { NotificationsModule } from '@ecabinet/api/notifications';
import { PapersModule } from '@ecabinet/api/papers';
import { DocumentNumbers } from './document-numbers';
import { MinutesService } from './minutes.service';
import { MinutesController, ResolutionsController } from './records.controller';
import { ResolutionsService } from './resolutions.service';
import { TasksController } from './tasks.controller';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';
import { TaskScheduler } from './task-scheduler';
import { TasksService } from './tasks.service';

export { RECORD_ENTITIES } from './entities';

/** After the meeting: minutes, the session's resolution, and the tasks followed to the end. */
@Module({
  imports: [MeetingsModule, PapersModule, NotificationsModule],
  controllers: [MinutesController, ResolutionsController, TasksController, StatisticsController, ApprovalsController],
  providers: [MinutesService, ResolutionsService, TasksService, TaskScheduler, StatisticsService, ApprovalsService, DocumentNumbers],
  exports: [MinutesService, ResolutionsService, TasksService, TaskScheduler, DocumentNumbers],
})
export class RecordsModule {}
