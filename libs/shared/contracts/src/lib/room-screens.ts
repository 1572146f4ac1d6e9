/**
 * The room screen (màn hình trình chiếu, #15): a read-only view of one meeting for the room's TV or
 * projector, paired without a user account. The screen asks for a short code, the secretariat
 * enters it in the console, and the screen then receives a credential good for that one meeting's
 * view and nothing else.
 */

import type { MeetingStatus, VoteChoice } from './meetings';
import type { ScreenSeat } from './seats';

/** Socket.IO namespace of room screens; the handshake is `auth: { screenToken }`. */
export const ROOM_SCREEN_NAMESPACE = '/room-screen';

/** The pairing code's letters: no 0/O, 1/I/L, so that it is read off a screen across a room without doubt. */
export const ROOM_SCREEN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ROOM_SCREEN_CODE_LENGTH = 6;
/** How long a code shown on a screen waits to be entered. */
export const ROOM_SCREEN_PAIRING_TTL_SECONDS = 600;

/** `POST /api/room-screens/pairings` (public): a new code for a screen to show. */
export interface RoomScreenPairingResponse {
  pairingId: string;
  code: string;
  /** Kept by the screen only: it proves, when claiming, that the screen is the one that asked. */
  secret: string;
  expiresAt: string;
}

/** `POST /api/room-screens/pairings/{pairingId}/claim` (public). */
export interface ClaimRoomScreenRequest {
  secret: string;
}

/** Waiting for the secretariat, or paired: the credential is handed over once. */
export type RoomScreenClaimResponse =
  | { status: 'waiting'; expiresAt: string }
  | { status: 'paired'; screenToken: string; screenId: string; meetingId: string; label: string };

/** `POST /api/meetings/{meetingId}/room-screens`: the chair or the secretariat pairs the screen showing `code`. */
export interface PairRoomScreenRequest {
  code: string;
  /** Where the screen is ("Màn hình chính", "Máy chiếu phòng họp số 2"). */
  label: string;
}

export interface RoomScreenResponse {
  id: string;
  meetingId: string;
  label: string;
  pairedAt: string;
  pairedByName: string;
  /** Until it is claimed, the screen has not taken its credential yet. */
  claimedAt: string | null;
  revokedAt: string | null;
}

/** Handshake of a room screen: `io(url + ROOM_SCREEN_NAMESPACE, { auth: { screenToken } })`. */
export interface RoomScreenHandshakeAuth {
  screenToken: string;
}

export interface RoomScreenVote {
  question: string;
  secret: boolean;
  status: 'open' | 'closed';
  votedCount: number;
  eligible: number;
  /** Once the vote is closed. */
  result: { agree: number; disagree: number; abstain: number; eligible: number; needed: number; passed: boolean } | null;
  /** A named vote, once closed: who chose what. Never for a secret vote (totals only). */
  names: Record<VoteChoice, string[]> | null;
}

/** Everything the room screen shows, as of the meeting's version `seq`. */
export interface RoomScreenView {
  meetingId: string;
  seq: number;
  title: string;
  place: string | null;
  startsAt: string;
  status: MeetingStatus;
  quorum: { present: number; members: number; reached: boolean };
  itemCount: number;
  currentItem: {
    number: string;
    title: string;
    presenter: string | null;
    plannedMinutes: number | null;
    /** When the item last took the floor (null when the session is not on it now), and the seconds banked before. */
    startedAt: string | null;
    spentSeconds: number;
  } | null;
  /** The speaker holding the floor, and how long each speaker may speak in this meeting. */
  speaker: { fullName: string; startedAt: string; limitSeconds: number | null } | null;
  /** Those waiting for the floor on the current item, in order. */
  queue: string[];
  /** The latest vote on the current item. */
  vote: RoomScreenVote | null;
  /** The meeting's seat map, when it has one: who sits where and how each is present. */
  seats: { label: string; seats: ScreenSeat[] }[] | null;
  /** The server's time when the view was made: the screen counts elapsed time against it, not its own clock. */
  serverTime: string;
}

export interface RoomScreenServerEvents {
  'screen:view': (view: RoomScreenView) => void;
  /** The secretariat revoked the screen (or the meeting is gone): it forgets its credential and asks for a new code. */
  'screen:revoked': (payload: { reason: 'revoked' | 'meeting-gone' }) => void;
}

/** A room screen sends nothing: it only shows. */
export type RoomScreenClientEvents = Record<string, never>;

/** The video engines a hybrid session can run on (VIDEO_PROVIDER). */
export const VIDEO_PROVIDERS = ['jitsi', 'livekit'] as const;
export type VideoProvider = (typeof VIDEO_PROVIDERS)[number];

/**
 * `POST /api/meetings/{meetingId}/video/token`: a participant's pass to the meeting's call. One
 * room per meeting; the token carries his display name and role and expires with the session.
 */
export interface VideoTokenResponse {
  provider: VideoProvider;
  /** Jitsi: the deployment's https URL (external_api.js is loaded from it); LiveKit: the server's wss URL. */
  url: string;
  room: string;
  token: string;
  expiresAt: string;
  /** The chair and the secretariat moderate the call. */
  moderator: boolean;
  displayName: string;
}
