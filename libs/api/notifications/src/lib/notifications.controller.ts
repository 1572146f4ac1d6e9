import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NotificationPage, NotificationPreferencesResponse, NotificationResponse, NotificationUnreadResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { NotificationQueryDto, UpdateNotificationPreferencesDto } from './notifications.dto';
import { NotificationPreferencesService } from './notification-preferences.service';
import {
  NotificationPageResponse,
  NotificationPreferencesResponse as NotificationPreferencesSchema,
  NotificationResponse as NotificationSchema,
  NotificationUnreadResponse as NotificationUnreadSchema,
} from './notifications.responses';
import { NotificationsService } from './notifications.service';

/**
 * The caller's own notifications (the bell) and e-mail choices. Every signed-in user has an
 * inbox; nobody, the administrator included, reads or marks anyone else's (404, as for a missing one).
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  @Get()
  @ApiOkResponse({ description: "The caller's notifications, newest first, with the unread count", type: NotificationPageResponse })
  list(@Query() query: NotificationQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<NotificationPage> {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Every notification of the caller marked read; the unread count (0)', type: NotificationUnreadSchema })
  readAll(@CurrentUser() user: AuthenticatedUser): Promise<NotificationUnreadResponse> {
    return this.notifications.markAllRead(user);
  }

  @Get('preferences')
  @ApiOkResponse({ description: 'Per kind, whether it also goes by e-mail; whether e-mail can be sent at all', type: NotificationPreferencesSchema })
  getPreferences(@CurrentUser() user: AuthenticatedUser): Promise<NotificationPreferencesResponse> {
    return this.preferences.get(user);
  }

  @Put('preferences')
  @ApiOkResponse({ description: 'The choices as stored', type: NotificationPreferencesSchema })
  setPreferences(@Body() body: UpdateNotificationPreferencesDto, @CurrentUser() user: AuthenticatedUser): Promise<NotificationPreferencesResponse> {
    return this.preferences.update(user, body);
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The notification, read', type: NotificationSchema })
  @ApiNotFoundResponse({ description: "NOTIFICATION_NOT_FOUND, also for someone else's notification", type: ApiErrorResponse })
  read(@UuidParam('notificationId') notificationId: string, @CurrentUser() user: AuthenticatedUser): Promise<NotificationResponse> {
    return this.notifications.markRead(notificationId, user);
  }
}
