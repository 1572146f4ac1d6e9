import type { BallotStatus } from './ballots';
import type { ChatMessageResponse } from './chat';
import type { RealtimeErrorCode } from './errors';
import type { MeetingEvent, MeetingJoinAck, MeetingJoinRequest } from './meeting-events';
import type { MeetingRole } from './meetings';
import type { NotificationResponse } from './notifications';
import type { BookProgress } from './papers';

/** Socket.IO namespace that carries every live update. */
export const LIVE_NAMESPACE = '/live';

export interface RealtimeError {
  code: RealtimeErrorCode;
  message: string;
}

export interface HelloPayload {
  userId: string;
  serverTime: string;
}

/**
 * Events the server sends. The server's emit helper and the client's socket are both
 * typed from this map; later domains add their events here.
 */
export interface ServerToClientEvents {
  /** Sent once after a connection is authenticated. */
  'session:hello': (payload: HelloPayload) => void;
  /** The user's sessions were revoked (logout everywhere, account disabled). */
  'session:revoked': (payload: { reason: 'logout' | 'disabled' | 'password-changed' | 'device-wiped' }) => void;
  /** One change of a meeting the socket has joined; `seq` grows by exactly one per change. */
  'meeting:event': (event: MeetingEvent) => void;
  /** A meeting the user takes part in was published. */
  'meeting:published': (payload: { meetingId: string; title: string; startsAt: string }) => void;
  /** A ballot reached the user (issued, extended, reminded, closed) or, for the secretariat and the chair, changed. */
  'ballot:notice': (payload: BallotNotice) => void;
  /** The meeting book of this reader is being compiled in the background, or is ready. */
  'book:progress': (payload: BookProgress) => void;
  /** A notification for this user was stored; `unread` is the user's unread count now. */
  'notification:new': (payload: { notification: NotificationResponse; unread: number }) => void;
  /** The user read notifications (on any device); `unread` is the count now. */
  'notification:unread': (payload: { unread: number }) => void;
  /** To the chair and the secretariat following a meeting: whose screens show its current version. */
  'meeting:screens': (payload: MeetingScreens) => void;
  /** A chat message: in the channel, to those following the meeting; private, to its two people. */
  'chat:message': (payload: ChatMessageResponse) => void;
  /** Someone was muted (or unmuted) in a meeting's channel. */
  'chat:muted': (payload: { meetingId: string; userId: string; muted: boolean }) => void;
}

/**
 * Where one participant's screens stand: every one shows the meeting's current version; one at
 * least shows an older one; none is connected, one having dropped within the last
 * {@link SCREEN_RECONNECT_GRACE_MS} (reconnecting) or not (offline).
 */
export type ScreenStatus = 'current' | 'behind' | 'reconnecting' | 'offline';

/** How long a participant whose screens all dropped counts as reconnecting rather than offline. */
export const SCREEN_RECONNECT_GRACE_MS = 30_000;

export interface ParticipantScreens {
  userId: string;
  fullName: string;
  role: MeetingRole;
  status: ScreenStatus;
  /** His screens following the meeting now, and how many of them show its current version. */
  screens: number;
  current: number;
  /** The oldest version one of his screens acknowledged (null: none yet). */
  shownSeq: number | null;
}

/**
 * Proof that every screen is current (#15): each client acknowledges (`meeting:ack`) the version
 * (`seq`) of the meeting it displays, agenda included; the chair's console sees the count.
 */
export interface MeetingScreens {
  meetingId: string;
  /** The meeting's current version. */
  seq: number;
  /** The participants' screens following the meeting, and how many show `seq`. */
  screens: number;
  current: number;
  /** Every participant, those not current first. */
  participants: ParticipantScreens[];
  at: string;
}

export interface BallotNotice {
  ballotId: string;
  /** `delegate-reminder`: to a delegate, whose members (`members`) have not answered yet; title and deadline only. */
  kind: 'issued' | 'extended' | 'reminder' | 'delegate-reminder' | 'status' | 'progress';
  title?: string;
  deadline?: string;
  status?: BallotStatus;
  /** Full names of the late members a delegate assists (`delegate-reminder` only). */
  members?: string[];
}

/** Events the client sends, with their acknowledgement callback. */
export interface ClientToServerEvents {
  /** Round-trip check used by the connection indicator. */
  'session:ping': (payload: { sentAt: number }, ack: (reply: { sentAt: number; serverTime: string }) => void) => void;
  /** Follow a meeting: a snapshot, or exactly the events missed since `sinceSeq`. */
  'meeting:join': (payload: MeetingJoinRequest, ack: (reply: MeetingJoinAck) => void) => void;
  'meeting:leave': (payload: { meetingId: string }, ack: (reply: { ok: true } | { error: RealtimeError }) => void) => void;
  /** The version (`seq`) of a joined meeting this screen now displays. */
  'meeting:ack': (payload: { meetingId: string; seq: number }, ack: (reply: { ok: true } | { error: RealtimeError }) => void) => void;
}

/** Handshake sent by the client: `io(url + LIVE_NAMESPACE, { auth: { token } })`. */
export interface LiveHandshakeAuth {
  token: string;
}
