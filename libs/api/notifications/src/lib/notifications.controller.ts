import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { NotificationPage, NotificationPreferencesResponse, NotificationResponse, NotificationUnreadResponse, PushSubscriptionResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { NotificationQueryDto, PushSubscriptionDto, UpdateNotificationPreferencesDto } from './notifications.dto';
import { NotificationPreferencesService } from './notification-preferences.service';
import {
  NotificationPageResponse,
  NotificationPreferencesResponse as NotificationPreferencesSchema,
  NotificationResponse as NotificationSchema,
  NotificationUnreadResponse as NotificationUnreadSchema,
  PushSubscriptionResponse as PushSubscriptionSchema,
} from './notifications.responses';
import { NotificationsService } from './notifications.service';
import { PushService } from './push.service';

/**
 * The caller's own notifications (the bell), e-mail and push choices, and this device's push subscription. Every signed-in user has an
 * inbox; nobody, the administrator included, reads or marks anyone else's (404, as for a missing one).
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly push: PushService,
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

  @Put('push-subscription')
  @ApiOkResponse({ description: "This device's Web Push subscription, stored for the caller's session (replacing the one it had)", type: PushSubscriptionSchema })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PUSH_SERVICE_NOT_ALLOWED (not one of PUSH_SERVICES), PUSH_KEYS_INVALID', type: ApiErrorResponse })
  @ApiForbiddenResponse({ description: 'PUSH_NEEDS_SESSION: the caller is not a signed-in session', type: ApiErrorResponse })
  @ApiConflictResponse({ description: 'PUSH_DISABLED: no VAPID keys are configured', type: ApiErrorResponse })
  subscribePush(@Body() body: PushSubscriptionDto, @CurrentUser() user: AuthenticatedUser): Promise<PushSubscriptionResponse> {
    return this.push.subscribe(user, body);
  }

  @Delete('push-subscription')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "This device's subscription is deleted (nothing more is pushed to it); also when it had none" })
  async unsubscribePush(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.push.unsubscribe(user);
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The notification, read', type: NotificationSchema })
  @ApiNotFoundResponse({ description: "NOTIFICATION_NOT_FOUND, also for someone else's notification", type: ApiErrorResponse })
  read(@UuidParam('notificationId') notificationId: string, @CurrentUser() user: AuthenticatedUser): Promise<NotificationResponse> {
    return this.notifications.markRead(notificationId, user);
  }
}
