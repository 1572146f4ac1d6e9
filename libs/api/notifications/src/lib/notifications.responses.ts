import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  NOTIFICATION_KINDS,
  type NotificationEmailChoices,
  type NotificationKind,
  type NotificationPage as NotificationPageContract,
  type NotificationParams as NotificationParamsContract,
  type NotificationPreferencesResponse as NotificationPreferencesContract,
  type NotificationResponse as NotificationContract,
  type NotificationUnreadResponse as NotificationUnreadContract,
  type PushSubscriptionResponse as PushSubscriptionContract,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the notification routes; each `implements` its contract so a change there fails to compile here. */
export class NotificationParamsResponse implements NotificationParamsContract {
  @ApiPropertyOptional({ format: 'date-time' }) deadline?: string;
  @ApiPropertyOptional({ format: 'date-time' }) startsAt?: string;
  @ApiPropertyOptional() meetingTitle?: string;
  @ApiPropertyOptional({ type: [String] }) members?: string[];
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional() fingerprint?: string;
  @ApiPropertyOptional({ description: 'A restricted or confidential paper: its title is never pushed' }) restricted?: boolean;
  @ApiPropertyOptional() certified?: boolean;
  @ApiPropertyOptional({ example: '05/BB-CP' }) number?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) dueDate?: string;
  @ApiPropertyOptional({ enum: ['accepted', 'refused'] }) decision?: 'accepted' | 'refused';
  @ApiPropertyOptional({ enum: ['completion', 'extension'] }) requestKind?: 'completion' | 'extension';
  @ApiPropertyOptional() daysLate?: number;
}

export class NotificationResponse implements NotificationContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) kind!: NotificationKind;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true, description: 'A route of the web app' }) link!: string | null;
  @ApiProperty({ type: NotificationParamsResponse }) params!: NotificationParamsResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class NotificationPageResponse implements NotificationPageContract {
  @ApiProperty({ type: [NotificationResponse] }) items!: NotificationResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() unread!: number;
}

export class NotificationUnreadResponse implements NotificationUnreadContract {
  @ApiProperty() unread!: number;
}

/** Per kind, whether it also goes by e-mail. */
export class NotificationEmailChoicesResponse implements NotificationEmailChoices {
  @ApiProperty({ name: 'ballot-issued' }) 'ballot-issued'!: boolean;
  @ApiProperty({ name: 'ballot-returned' }) 'ballot-returned'!: boolean;
  @ApiProperty({ name: 'ballot-reminder' }) 'ballot-reminder'!: boolean;
  @ApiProperty({ name: 'ballot-extended' }) 'ballot-extended'!: boolean;
  @ApiProperty({ name: 'paper-added' }) 'paper-added'!: boolean;
  @ApiProperty({ name: 'paper-replaced' }) 'paper-replaced'!: boolean;
  @ApiProperty({ name: 'meeting-published' }) 'meeting-published'!: boolean;
  @ApiProperty({ name: 'meeting-rescheduled' }) 'meeting-rescheduled'!: boolean;
  @ApiProperty({ name: 'meeting-started' }) 'meeting-started'!: boolean;
  @ApiProperty({ name: 'minutes-approved' }) 'minutes-approved'!: boolean;
  @ApiProperty({ name: 'resolution-issued' }) 'resolution-issued'!: boolean;
  @ApiProperty({ name: 'task-assigned' }) 'task-assigned'!: boolean;
  @ApiProperty({ name: 'task-decided' }) 'task-decided'!: boolean;
  @ApiProperty({ name: 'task-reminder' }) 'task-reminder'!: boolean;
  @ApiProperty({ name: 'task-overdue' }) 'task-overdue'!: boolean;
  @ApiProperty({ name: 'floor-granted' }) 'floor-granted'!: boolean;
  @ApiProperty({ name: 'signing-key-registered' }) 'signing-key-registered'!: boolean;
}

export class NotificationPreferencesResponse implements NotificationPreferencesContract {
  @ApiProperty({ type: NotificationEmailChoicesResponse }) email!: NotificationEmailChoicesResponse;
  @ApiProperty({ type: NotificationEmailChoicesResponse, description: "Per kind, whether it is pushed to the user's subscribed devices" }) push!: NotificationEmailChoicesResponse;
  @ApiProperty({ type: String, nullable: true, description: 'The VAPID public key (base64url) to subscribe with; null: this installation does not push' }) pushKey!: string | null;
  @ApiProperty() emailAvailable!: boolean;
  @ApiProperty() hasEmail!: boolean;
}

export class PushSubscriptionResponse implements PushSubscriptionContract {
  @ApiProperty({ description: "The push service's origin", example: 'https://fcm.googleapis.com' }) service!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
