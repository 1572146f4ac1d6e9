/**
 * The meeting's chat (#15): one channel for all its participants, private messages between two
 * of them, notices from the secretariat. Stored with the meeting, live over Socket.IO, shown as text.
 */

/** The longest message, in characters (after trimming). */
export const CHAT_MAX_LENGTH = 2000;
/** The most messages `GET /chat` returns (the newest). */
export const CHAT_HISTORY_LIMIT = 500;

export type ChatMessageKind = 'message' | 'notice';

export interface ChatMessageResponse {
  id: string;
  meetingId: string;
  senderId: string;
  senderName: string;
  /** Null: the meeting's channel (a notice is always there). */
  recipientId: string | null;
  recipientName: string | null;
  kind: ChatMessageKind;
  body: string;
  createdAt: string;
}

/** `GET /api/meetings/{meetingId}/chat`: what the caller may read, and what he has not read yet. */
export interface ChatStateResponse {
  messages: ChatMessageResponse[];
  /** Unread in the channel, and per person in private conversations (by their user id). */
  unread: { channel: number; private: Record<string, number> };
  /** Who may not write in the channel (muted by the chair or the secretariat). */
  mutedUserIds: string[];
  /** The caller may mute others and send notices. */
  moderator: boolean;
  /** Closed meetings keep their chat, read only. */
  writable: boolean;
}

export interface SendChatMessageRequest {
  body: string;
  /** A participant's user id for a private message; omitted: the channel. */
  to?: string;
  /** The secretariat's notice to all (in the channel, marked apart). */
  notice?: boolean;
}

export interface MarkChatReadRequest {
  /** The private conversation with this user; omitted: the channel. */
  with?: string;
}

export interface SetChatMuteRequest {
  muted: boolean;
}
