import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { Subscription } from 'rxjs';
import { MeetingErrorCode, type VideoTokenResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, DomainEvents, type AppConfig, type AuthenticatedUser, type VideoConfig } from '@ecabinet/api/platform';
import { MeetingEntity, ParticipantEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { MeetingStore } from './meeting-store';

/** A call token lives until the session's planned end, but never less than this, nor more than a working day. */
const MIN_TOKEN_SECONDS = 15 * 60;
const MAX_TOKEN_SECONDS = 12 * 3600;

export const videoRoomName = (meetingId: string) => `ecabinet-${meetingId}`;

const notConfigured = () => new DomainError(MeetingErrorCode.VIDEO_NOT_CONFIGURED, 'Video calls are not configured (VIDEO_PROVIDER).');

/**
 * The meeting's call on an existing video engine (#15): Jitsi Meet (a JWT its prosody
 * `token` authentication checks) or LiveKit (an access token of `livekit-server-sdk`). No video
 * server here: only who may join which room, under which name and role, until when.
 */
@Injectable()
export class VideoService {
  private readonly jwt = new JwtService();

  constructor(
    private readonly store: MeetingStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A participant's token, while the session runs (open or adjourned). The chair and the
   * secretariat are moderators. Not a participant: 403 (the secretariat may always join).
   */
  async token(meetingId: string, user: AuthenticatedUser): Promise<VideoTokenResponse> {
    const video = this.config.video;
    if (!video) throw notConfigured();
    const access = await this.store.access(meetingId, user);
    const { meeting } = access;
    if (meeting.status !== 'in_session' && meeting.status !== 'adjourned') throw meetingErrors.notInSession();
    const moderator = access.viewer === 'manager';
    const now = this.store.now();
    const seconds = tokenSeconds(meeting, now);
    // Whole seconds, as the token's `exp` says it.
    const expiresAt = new Date(Math.floor(now.getTime() / 1000 + seconds) * 1000);
    const room = videoRoomName(meetingId);
    const identity = { id: user.id, name: user.fullName, role: access.role ?? 'secretary', moderator };
    const token = video.provider === 'jitsi' ? this.jitsiToken(video, room, identity, now, expiresAt) : await this.liveKitToken(video, room, identity, seconds);
    return { provider: video.provider, url: video.url, room, token, expiresAt: expiresAt.toISOString(), moderator, displayName: user.fullName };
  }

  /**
   * The participant's call connected: he counts as present remotely (quorum included), unless he
   * is already marked in the room or represented. The secretariat without a seat is not marked.
   */
  async joined(meetingId: string, user: AuthenticatedUser): Promise<{ attendance: ParticipantEntity['attendance'] | null }> {
    if (!this.config.video) throw notConfigured();
    return this.store.change(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      if (meeting.status !== 'in_session' && meeting.status !== 'adjourned') throw meetingErrors.notInSession();
      const participant = access.participant;
      if (!participant || participant.attendance === 'in_room' || participant.attendance === 'represented' || participant.attendance === 'remote') {
        return { result: { attendance: participant?.attendance ?? null } };
      }
      await manager.getRepository(ParticipantEntity).update({ meetingId, userId: user.id }, { attendance: 'remote' });
      return {
        result: { attendance: 'remote' as const },
        event: { kind: 'attendance', data: await this.store.attendanceData(meeting, manager) },
        audit: { action: 'meeting.attendance.set', details: { userId: user.id, attendance: 'remote', by: 'video-call' } },
      };
    });
  }

  /** The claims Jitsi's token authentication reads (aud, iss = app_id, sub = the domain, room, context.user). */
  private jitsiToken(video: VideoConfig, room: string, who: Identity, now: Date, expiresAt: Date): string {
    const claims = {
      aud: 'jitsi',
      iss: video.key,
      sub: new URL(video.url).host,
      room,
      nbf: Math.floor(now.getTime() / 1000) - 10,
      exp: Math.floor(expiresAt.getTime() / 1000),
      moderator: who.moderator,
      context: { user: { id: who.id, name: who.name, moderator: who.moderator ? 'true' : 'false', affiliation: who.moderator ? 'owner' : 'member', role: who.role } },
    };
    return this.jwt.sign(claims, { secret: video.secret, algorithm: 'HS256' });
  }

  private async liveKitToken(video: VideoConfig, room: string, who: Identity, seconds: number): Promise<string> {
    const token = new AccessToken(video.key, video.secret, { identity: who.id, name: who.name, ttl: seconds, metadata: JSON.stringify({ role: who.role, moderator: who.moderator }) });
    token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true, roomAdmin: who.moderator });
    return token.toJwt();
  }
}

interface Identity {
  id: string;
  name: string;
  role: string;
  moderator: boolean;
}

function tokenSeconds(meeting: MeetingEntity, now: Date): number {
  const untilEnd = meeting.endsAt ? Math.floor((meeting.endsAt.getTime() - now.getTime()) / 1000) : MAX_TOKEN_SECONDS;
  return Math.min(MAX_TOKEN_SECONDS, Math.max(MIN_TOKEN_SECONDS, untilEnd));
}

/** How long LiveKit keeps the meeting's room with nobody in it (a member whose link dropped comes back). */
const EMPTY_ROOM_SECONDS = 30 * 60;

/**
 * One room per meeting on LiveKit: made when the session opens (named, with the meeting's title as
 * its metadata, kept through short gaps) and deleted when it closes, which ends the call for
 * everyone still in it. The instance that made the change does it (it alone hears the domain
 * event). The engine being away does not stop the session: it is logged, and LiveKit would still
 * make the room on the first join. Jitsi has no room API: its rooms exist while someone is in them,
 * and its tokens are issued only during the session and expire with its planned end.
 */
@Injectable()
export class VideoRooms implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(VideoRooms.name);
  private subscription: Subscription | null = null;
  private readonly rooms: RoomServiceClient | null;

  constructor(
    private readonly events: DomainEvents,
    private readonly store: MeetingStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const video = config.video;
    this.rooms = video?.provider === 'livekit' ? new RoomServiceClient(video.url.replace(/^ws/, 'http'), video.key, video.secret, { failover: false, requestTimeout: 10 }) : null;
  }

  onModuleInit(): void {
    if (!this.rooms) return;
    this.subscription = this.events.on('meeting.event').subscribe(({ payload: { event } }) => {
      if (event.kind !== 'status') return;
      if (event.data.status === 'in_session') void this.open(event.meetingId);
      if (event.data.status === 'closed') void this.close(event.meetingId);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private async open(meetingId: string): Promise<void> {
    try {
      const meeting = await this.store.manager.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
      await this.rooms?.createRoom({ name: videoRoomName(meetingId), emptyTimeout: EMPTY_ROOM_SECONDS, metadata: JSON.stringify({ meetingId, title: meeting?.title ?? '' }) });
    } catch (error) {
      this.logger.warn(`LiveKit: the room of meeting ${meetingId} was not made (${(error as Error).message}); it will be made on the first join`);
    }
  }

  private async close(meetingId: string): Promise<void> {
    try {
      await this.rooms?.deleteRoom(videoRoomName(meetingId));
    } catch (error) {
      this.logger.warn(`LiveKit: the room of meeting ${meetingId} was not closed (${(error as Error).message})`);
    }
  }
}
