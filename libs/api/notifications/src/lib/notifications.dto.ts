import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import {
  NOTIFICATION_PAGE_MAX,
  type NotificationEmailChoices,
  type NotificationQuery,
  type UpdateNotificationPreferencesRequest,
} from '@ecabinet/shared/contracts';
import { Omittable } from '@ecabinet/api/platform';

export class NotificationQueryDto implements NotificationQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: NOTIFICATION_PAGE_MAX, default: 20 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTIFICATION_PAGE_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only unread ones' })
  @Omittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

/** Every kind may be given; kinds left out keep their current choice. */
export class NotificationEmailChoicesDto implements Partial<NotificationEmailChoices> {
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'ballot-issued'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'ballot-returned'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'ballot-reminder'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'ballot-extended'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'paper-added'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'paper-replaced'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'meeting-published'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'meeting-rescheduled'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'minutes-approved'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'resolution-issued'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'task-assigned'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'task-decided'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'task-reminder'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'task-overdue'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'floor-granted'?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'signing-key-registered'?: boolean;
}

export class UpdateNotificationPreferencesDto implements UpdateNotificationPreferencesRequest {
  @ApiProperty({ type: NotificationEmailChoicesDto, description: 'Per kind, whether it also goes by e-mail' })
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationEmailChoicesDto)
  email!: NotificationEmailChoicesDto;
}
