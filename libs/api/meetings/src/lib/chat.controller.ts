import { Body, Controller, Get, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsString, IsUUID, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import {
  CHAT_MAX_LENGTH,
  type ChatMessageKind,
  type ChatMessageResponse,
  type ChatStateResponse,
  type MarkChatReadRequest,
  type SendChatMessageRequest,
  type SetChatMuteRequest,
} from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, Omittable, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { ChatService } from './chat.service';

class SendChatMessageDto implements SendChatMessageRequest {
  @ApiProperty({ maxLength: CHAT_MAX_LENGTH, description: 'Plain text, shown as text' })
  @IsString()
  @MaxLength(CHAT_MAX_LENGTH, { message: `A message has at most ${CHAT_MAX_LENGTH} characters.` })
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A participant, for a private message' })
  @Omittable()
  @IsUUID('all')
  to?: string;

  @ApiPropertyOptional({ description: 'The secretariat\'s notice to all' })
  @Omittable()
  @IsBoolean()
  notice?: boolean;
}

class MarkChatReadDto implements MarkChatReadRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID('all')
  with?: string;
}

class SetChatMuteDto implements SetChatMuteRequest {
  @ApiProperty()
  @IsBoolean()
  muted!: boolean;
}

class ChatMessageSchema implements ChatMessageResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty() senderName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recipientId!: string | null;
  @ApiProperty({ type: String, nullable: true }) recipientName!: string | null;
  @ApiProperty({ enum: ['message', 'notice'] }) kind!: ChatMessageKind;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class ChatUnreadSchema {
  @ApiProperty() channel!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) private!: Record<string, number>;
}

class ChatStateSchema implements ChatStateResponse {
  @ApiProperty({ type: [ChatMessageSchema] }) messages!: ChatMessageResponse[];
  @ApiProperty({ type: ChatUnreadSchema }) unread!: ChatStateResponse['unread'];
  @ApiProperty({ type: [String] }) mutedUserIds!: string[];
  @ApiProperty() moderator!: boolean;
  @ApiProperty() writable!: boolean;
}

class ChatMutesSchema {
  @ApiProperty({ type: [String] }) mutedUserIds!: string[];
}

/** The meeting's chat (#15): its participants and the secretariat; private messages to their two people only. */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:meetingId/chat')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Get()
  @ApiOkResponse({ type: ChatStateSchema })
  state(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser): Promise<ChatStateResponse> {
    return this.chat.state(meetingId, user);
  }

  @Post()
  @ApiCreatedResponse({ type: ChatMessageSchema })
  @ApiForbiddenResponse({ description: 'CHAT_MUTED in the channel; a notice from someone not of the secretariat or chair', type: ApiErrorResponse })
  send(@UuidParam('meetingId') meetingId: string, @Body() body: SendChatMessageDto, @CurrentUser() user: AuthenticatedUser): Promise<ChatMessageResponse> {
    return this.chat.send(meetingId, body, user);
  }

  @Post('read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The conversation is read up to now' })
  read(@UuidParam('meetingId') meetingId: string, @Body() body: MarkChatReadDto, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.chat.read(meetingId, body.with, user);
  }

  @Put('mutes/:userId')
  @ApiOkResponse({ type: ChatMutesSchema })
  setMuted(@UuidParam('meetingId') meetingId: string, @UuidParam('userId') userId: string, @Body() body: SetChatMuteDto, @CurrentUser() user: AuthenticatedUser): Promise<{ mutedUserIds: string[] }> {
    return this.chat.setMuted(meetingId, userId, body.muted, user);
  }

  @Get('export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The channel and notices as CSV (UTF-8 with BOM), for the meeting\'s record', schema: { type: 'string', format: 'binary' } })
  async export(@UuidParam('meetingId') meetingId: string, @CurrentUser() user: AuthenticatedUser, @Res() reply: FastifyReply): Promise<void> {
    const bytes = await this.chat.exportCsv(meetingId, user);
    await reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="tin-nhan-phien-hop-${meetingId.slice(0, 8)}.csv"`).send(bytes);
  }
}
