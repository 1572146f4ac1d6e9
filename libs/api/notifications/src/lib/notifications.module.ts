import { Global, Module } from '@nestjs/common';
import { EmailPreferences } from '@ecabinet/api/platform';
import { BallotsModule } from '@ecabinet/api/ballots';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { PapersModule } from '@ecabinet/api/papers';
import { NotificationEventsListener } from './notification-events.listener';
import { NotificationMailerService } from './notification-mailer.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { PushService } from './push.service';

export { NOTIFICATION_ENTITIES } from './notification.entity';

/** Global for its EmailPreferences: the ballots module asks it before e-mailing an alert. */
@Global()
@Module({
  imports: [MeetingsModule, PapersModule, BallotsModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationPreferencesService,
    NotificationMailerService,
    NotificationEventsListener,
    PushService,
    { provide: EmailPreferences, useExisting: NotificationPreferencesService },
  ],
  exports: [NotificationsService, EmailPreferences],
})
export class NotificationsModule {}
