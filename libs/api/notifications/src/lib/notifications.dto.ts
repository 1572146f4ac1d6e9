import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  NOTIFICATION_PAGE_MAX,
  type NotificationEmailChoices,
  type NotificationQuery,
  type PushSubscriptionRequest,
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
  @ApiPropertyOptional() @Omittable() @IsBoolean() 'meeting-started'?: boolean;
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
  @ApiPropertyOptional({ type: NotificationEmailChoicesDto, description: 'Per kind, whether it also goes by e-mail (required without `push`)' })
  // One of the two must be given: an empty change is a mistake.
  @ValidateIf((request: UpdateNotificationPreferencesDto) => request.email !== undefined || request.push === undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationEmailChoicesDto)
  email?: NotificationEmailChoicesDto;

  @ApiPropertyOptional({ type: NotificationEmailChoicesDto, description: "Per kind, whether it is pushed to the user's subscribed devices" })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationEmailChoicesDto)
  push?: NotificationEmailChoicesDto;
}

/** The keys `PushSubscription.toJSON()` gives. */
export class PushSubscriptionKeysDto {
  @ApiProperty({ description: "The device's P-256 public key, base64url (65 bytes)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{80,100}={0,2}$/, { message: 'p256dh must be base64url' })
  p256dh!: string;

  @ApiProperty({ description: 'The 16-byte authentication secret, base64url' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,30}={0,2}$/, { message: 'auth must be base64url' })
  auth!: string;
}

export class PushSubscriptionDto implements PushSubscriptionRequest {
  @ApiProperty({ description: "The push service's URL for this device", maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'endpoint must be an https URL' })
  endpoint!: string;

  @ApiProperty({ type: PushSubscriptionKeysDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionKeysDto)
  keys!: PushSubscriptionKeysDto;
}
