import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import {
  CHAT_HISTORY_LIMIT,
  CHAT_MAX_LENGTH,
  CommonErrorCode,
  MeetingErrorCode,
  type ChatMessageResponse,
  type ChatStateResponse,
  type SendChatMessageRequest,
} from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, DomainEvents, csvBytes, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { ChatMessageEntity, ChatMuteEntity, ChatReadEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { MeetingStore, type MeetingAccess } from './meeting-store';

const chatErrors = {
  muted: () => new DomainError(MeetingErrorCode.CHAT_MUTED, 'The chair muted you in this meeting\'s channel; private messages still go.'),
  recipient: () => new DomainError(MeetingErrorCode.CHAT_RECIPIENT_INVALID, 'A private message goes to another participant of this meeting.'),
  blank: () => new DomainError(CommonErrorCode.VALIDATION_FAILED, 'Write a message first.', [{ field: 'body', problems: ['The message is empty.'] }]),
};

/** The channel's key in the reads table. */
const CHANNEL = '';

/**
 * The meeting's chat (#15): participants (and the secretariat) write in its channel or privately
 * to one another; the chair and the secretariat mute and send notices. Private messages are read
 * by their two people only. Text is stored as written and always shown as text.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly store: MeetingStore,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async state(meetingId: string, user: AuthenticatedUser): Promise<ChatStateResponse> {
    const access = await this.store.access(meetingId, user);
    const manager = this.store.manager;
    const rows = await manager
      .getRepository(ChatMessageEntity)
      .createQueryBuilder('m')
      .where('m.meetingId = :meetingId', { meetingId })
      .andWhere('(m.recipientId IS NULL OR m.senderId = :me OR m.recipientId = :me)', { me: user.id })
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(CHAT_HISTORY_LIMIT)
      .getMany();
    rows.reverse();
    const [reads, mutes] = await Promise.all([
      manager.getRepository(ChatReadEntity).find({ where: { meetingId, userId: user.id } }),
      manager.getRepository(ChatMuteEntity).find({ where: { meetingId } }),
    ]);
    const readAt = new Map(reads.map((read) => [read.peerId, read.readAt.getTime()]));
    const unread: ChatStateResponse['unread'] = { channel: 0, private: {} };
    for (const row of rows) {
      if (row.senderId === user.id) continue;
      const peer = row.recipientId === null ? CHANNEL : row.senderId;
      if (row.createdAt.getTime() <= (readAt.get(peer) ?? 0)) continue;
      if (peer === CHANNEL) unread.channel += 1;
      else unread.private[peer] = (unread.private[peer] ?? 0) + 1;
    }
    return {
      messages: await this.toResponses(rows),
      unread,
      mutedUserIds: mutes.map((mute) => mute.userId).sort(),
      moderator: access.viewer === 'manager',
      writable: access.meeting.status !== 'closed',
    };
  }

  async send(meetingId: string, request: SendChatMessageRequest, user: AuthenticatedUser): Promise<ChatMessageResponse> {
    const body = request.body.trim();
    if (!body || body.length > CHAT_MAX_LENGTH) throw chatErrors.blank();
    const access = await this.store.access(meetingId, user);
    this.requireWritable(access);
    const manager = this.store.manager;
    let recipientId: string | null = null;
    if (request.notice) {
      if (!user.roles.includes('secretary') && access.viewer !== 'manager') throw meetingErrors.notManager();
    } else if (request.to) {
      const participants = await this.store.participants(meetingId);
      if (request.to === user.id || !participants.some((p) => p.userId === request.to)) throw chatErrors.recipient();
      recipientId = request.to;
    } else if (await manager.getRepository(ChatMuteEntity).exists({ where: { meetingId, userId: user.id } })) {
      throw chatErrors.muted();
    }
    const message: ChatMessageEntity = {
      id: randomUUID(),
      meetingId,
      senderId: user.id,
      recipientId,
      kind: request.notice ? 'notice' : 'message',
      body,
      createdAt: this.store.now(),
    };
    await manager.getRepository(ChatMessageEntity).insert(message);
    // What one has written, one has read.
    await this.markRead(meetingId, user.id, recipientId ?? CHANNEL, message.createdAt);
    const [response] = await this.toResponses([message]);
    this.events.publish('chat.message', { message: response, userIds: recipientId ? [user.id, recipientId] : null });
    return response;
  }

  async read(meetingId: string, peer: string | undefined, user: AuthenticatedUser): Promise<void> {
    await this.store.access(meetingId, user);
    await this.markRead(meetingId, user.id, peer ?? CHANNEL, this.store.now());
  }

  /** The chair or the secretariat mutes (or unmutes) a participant in the channel. Audited. */
  async setMuted(meetingId: string, userId: string, muted: boolean, user: AuthenticatedUser): Promise<{ mutedUserIds: string[] }> {
    const mutedUserIds = await this.store.change<string[], never>(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      if (access.viewer !== 'manager') throw meetingErrors.notManager();
      this.requireWritable(access);
      const participants = await this.store.participants(meetingId, manager);
      if (!participants.some((p) => p.userId === userId)) throw chatErrors.recipient();
      const mutes = manager.getRepository(ChatMuteEntity);
      if (muted) await mutes.save({ meetingId, userId, mutedBy: user.id, mutedAt: this.store.now() });
      else await mutes.delete({ meetingId, userId });
      const all = (await mutes.find({ where: { meetingId } })).map((mute) => mute.userId).sort();
      return { result: all, audit: { action: muted ? 'meeting.chat.muted' : 'meeting.chat.unmuted', details: { userId } } };
    });
    this.events.publish('chat.muted', { meetingId, userId, muted });
    return { mutedUserIds };
  }

  /** The channel and the notices, oldest first, as a CSV for the meeting's record (private messages stay private). */
  async exportCsv(meetingId: string, user: AuthenticatedUser): Promise<Buffer> {
    const access = await this.store.access(meetingId, user);
    if (access.viewer !== 'manager') throw meetingErrors.notManager();
    const rows = await this.store.manager.getRepository(ChatMessageEntity).find({ where: { meetingId, recipientId: IsNull() }, order: { createdAt: 'ASC' } });
    const channel = await this.toResponses(rows);
    const time = new Intl.DateTimeFormat('vi-VN', { timeZone: this.config.timeZone, dateStyle: 'short', timeStyle: 'medium' });
    const lines = [['Thời gian', 'Người gửi', 'Loại', 'Nội dung'], ...channel.map((m) => [time.format(new Date(m.createdAt)), m.senderName, m.kind === 'notice' ? 'Thông báo' : 'Tin nhắn', m.body])];
    return csvBytes(lines);
  }

  private requireWritable(access: MeetingAccess): void {
    if (access.meeting.status === 'closed') throw meetingErrors.closed();
  }

  private async markRead(meetingId: string, userId: string, peerId: string, at: Date): Promise<void> {
    await this.store.manager.getRepository(ChatReadEntity).save({ meetingId, userId, peerId, readAt: at });
  }

  private async toResponses(rows: ChatMessageEntity[]): Promise<ChatMessageResponse[]> {
    const users = await this.store.users([...new Set(rows.flatMap((row) => (row.recipientId ? [row.senderId, row.recipientId] : [row.senderId])))]);
    return rows.map((row) => ({
      id: row.id,
      meetingId: row.meetingId,
      senderId: row.senderId,
      senderName: users.get(row.senderId)?.fullName ?? '',
      recipientId: row.recipientId,
      recipientName: row.recipientId ? (users.get(row.recipientId)?.fullName ?? '') : null,
      kind: row.kind,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
