import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { asyncScheduler, debounceTime, groupBy, mergeMap, throttleTime, type Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import {
  LIVE_NAMESPACE,
  RealtimeErrorCode,
  type ClientToServerEvents,
  type BallotNotice,
  type MeetingJoinAck,
  type RealtimeError,
  type ServerToClientEvents,
} from '@ecabinet/shared/contracts';
import { DomainError, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TokenService } from '@ecabinet/api/identity';
import { MeetingsService, projectMeetingEvent, withholdMeetingEvent, type Viewer } from '@ecabinet/api/meetings';

interface SocketData {
  user: AuthenticatedUser;
}

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const userRoom = (userId: string) => `user:${userId}`;
/** The sockets of one sign-in session (refresh-token family), closed when it ends. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The secretariat and the chair: ballot tracking and approval queues. */
export const STAFF_ROOM = 'staff';
/** Each socket following a meeting is in exactly one view room of it, so it gets each event once. */
export const meetingRoom = (meetingId: string, viewer: Viewer) => `meeting:${meetingId}:${viewer}`;
/** One user's sockets following a meeting (besides the view room): events withheld from him go around it. */
export const meetingUserRoom = (meetingId: string, userId: string) => `meeting:${meetingId}:user:${userId}`;
/** The most often a ballot's tracking boards are told to re-read while answers pour in. */
const PROGRESS_INTERVAL_MS = 300;
const VIEWERS: readonly Viewer[] = ['manager', 'participant'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const badMessage = (message: string): { error: RealtimeError } => ({ error: { code: RealtimeErrorCode.BAD_MESSAGE, message } });

/**
 * The `/live` namespace. A connection must present a valid access token in the handshake
 * (`auth: { token }`); domain events are relayed to the rooms that may see them.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly subscriptions: Subscription[] = [];

  @WebSocketServer()
  private readonly namespace!: LiveNamespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    private readonly meetings: MeetingsService,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.tokens
        .authenticate(typeof token === 'string' ? token : undefined)
        .then(({ user }) => {
          socket.data.user = user;
          next();
        })
        .catch(() => {
          const error = new Error('UNAUTHENTICATED') as Error & { data: { code: string; message: string } };
          error.data = { code: 'UNAUTHENTICATED', message: 'A valid access token is required.' };
          next(error);
        });
    });
    this.subscriptions.push(
      this.events.on('identity.sessions-revoked').subscribe(({ payload }) => {
        // Rooms go through the Redis adapter when REDIS_URL is set: sockets on every instance close.
        const target = payload.sessionId ? this.namespace.to(sessionRoom(payload.sessionId)) : this.namespace.to(userRoom(payload.userId));
        const room = payload.exceptSessionId ? target.except(sessionRoom(payload.exceptSessionId)) : target;
        room.emit('session:revoked', { reason: payload.reason });
        room.disconnectSockets(true);
      }),
      this.events.on('meeting.event').subscribe(({ payload: { event, withheldFrom = [] } }) => {
        // Those excluded from the item of a papers event get only its seq, so no catch-up is needed.
        const withheld = withheldFrom.map((userId) => meetingUserRoom(event.meetingId, userId));
        for (const viewer of VIEWERS) this.namespace.to(meetingRoom(event.meetingId, viewer)).except(withheld).emit('meeting:event', projectMeetingEvent(event, viewer));
        if (withheld.length) this.namespace.to(withheld).emit('meeting:event', withholdMeetingEvent(event));
      }),
      this.events.on('ballot.issued').subscribe(({ payload }) => this.ballotNotice(payload.userIds, { ballotId: payload.ballotId, kind: 'issued', title: payload.title, deadline: payload.deadline })),
      this.events.on('ballot.extended').subscribe(({ payload }) => this.ballotNotice(payload.userIds, { ballotId: payload.ballotId, kind: 'extended', title: payload.title, deadline: payload.deadline })),
      this.events.on('ballot.reminded').subscribe(({ payload }) => this.ballotNotice(payload.userIds, { ballotId: payload.ballotId, kind: 'reminder', title: payload.title, deadline: payload.deadline })),
      // A delegate is not a recipient: only their own room, and nothing of the ballot but its title and deadline.
      this.events.on('ballot.delegates-reminded').subscribe(({ payload }) => {
        for (const { userId, members } of payload.delegates) {
          this.namespace.to(userRoom(userId)).emit('ballot:notice', { ballotId: payload.ballotId, kind: 'delegate-reminder', title: payload.title, deadline: payload.deadline, members });
        }
      }),
      this.events.on('ballot.changed').subscribe(({ payload }) => this.ballotNotice(payload.userIds, { ballotId: payload.ballotId, kind: 'status', status: payload.status })),
      // Answers can arrive by the hundred per second; the tracking boards re-read at most a few times a second.
      this.events
        .on('ballot.progress')
        .pipe(
          groupBy(({ payload }) => payload.ballotId, { duration: (group) => group.pipe(debounceTime(60_000)) }),
          mergeMap((group) => group.pipe(throttleTime(PROGRESS_INTERVAL_MS, asyncScheduler, { leading: true, trailing: true }))),
        )
        .subscribe(({ payload }) => this.ballotNotice([], { ballotId: payload.ballotId, kind: 'progress' })),
      this.events.on('papers.book-progress').subscribe(({ payload }) => {
        if (payload.userIds.length) this.namespace.to(payload.userIds.map(userRoom)).emit('book:progress', payload.progress);
      }),
      this.events.on('notification.created').subscribe(({ payload }) => this.namespace.to(userRoom(payload.userId)).emit('notification:new', { notification: payload.notification, unread: payload.unread })),
      this.events.on('notification.unread').subscribe(({ payload }) => this.namespace.to(userRoom(payload.userId)).emit('notification:unread', { unread: payload.unread })),
      this.events.on('meeting.published').subscribe(({ payload }) => {
        const rooms = payload.userIds.map(userRoom);
        if (rooms.length) this.namespace.to(rooms).emit('meeting:published', { meetingId: payload.meetingId, title: payload.title, startsAt: payload.startsAt });
      }),
    );
  }

  /** To the users concerned and to the staff room; each socket gets a notice once. */
  private ballotNotice(userIds: string[], notice: BallotNotice): void {
    this.namespace.to([STAFF_ROOM, ...userIds.map(userRoom)]).emit('ballot:notice', notice);
  }

  async handleConnection(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    const user = socket.data.user;
    await socket.join(user.sessionId ? [userRoom(user.id), sessionRoom(user.sessionId)] : userRoom(user.id));
    if (user.roles.includes('secretary') || user.roles.includes('chair')) await socket.join(STAFF_ROOM);
    socket.emit('session:hello', { userId: user.id, serverTime: new Date().toISOString() });
    this.logger.debug(`live connection ${socket.id} for ${user.username}`);
  }

  @SubscribeMessage('session:ping')
  ping(@MessageBody() payload: unknown): { sentAt: number; serverTime: string } | { error: RealtimeError } {
    const sentAt = (payload as { sentAt?: unknown } | null)?.sentAt;
    if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) {
      return { error: { code: RealtimeErrorCode.BAD_MESSAGE, message: 'session:ping needs { sentAt: number }.' } };
    }
    return { sentAt, serverTime: new Date().toISOString() };
  }

  /**
   * Follow a meeting. The socket joins its view room before the state is read, so nothing
   * committed after the snapshot's `seq` can be missed; the client drops events at or below it.
   */
  @SubscribeMessage('meeting:join')
  async joinMeeting(@ConnectedSocket() socket: LiveSocket, @MessageBody() payload: unknown): Promise<MeetingJoinAck> {
    const { meetingId, sinceSeq } = (payload ?? {}) as { meetingId?: unknown; sinceSeq?: unknown };
    if (typeof meetingId !== 'string' || !UUID.test(meetingId)) return badMessage('meeting:join needs { meetingId: uuid, sinceSeq?: integer }.');
    if (sinceSeq !== undefined && (typeof sinceSeq !== 'number' || !Number.isInteger(sinceSeq) || sinceSeq < 0)) {
      return badMessage('sinceSeq must be a non-negative integer.');
    }
    const user = socket.data.user;
    try {
      const viewer = await this.meetings.viewerOf(meetingId, user);
      for (const other of VIEWERS) if (other !== viewer) await socket.leave(meetingRoom(meetingId, other));
      await socket.join([meetingRoom(meetingId, viewer), meetingUserRoom(meetingId, user.id)]);
      if (sinceSeq !== undefined) {
        const missed = await this.meetings.eventsSince(meetingId, sinceSeq, user);
        if (missed) return missed;
      }
      return await this.meetings.snapshot(meetingId, user);
    } catch (error) {
      if (error instanceof DomainError) {
        await this.leaveRooms(socket, meetingId);
        return { error: { code: RealtimeErrorCode.NOT_A_PARTICIPANT, message: error.message } };
      }
      this.logger.error({ err: error }, 'meeting:join failed');
      return { error: { code: RealtimeErrorCode.BAD_MESSAGE, message: 'The meeting could not be loaded; try again.' } };
    }
  }

  @SubscribeMessage('meeting:leave')
  async leaveMeeting(@ConnectedSocket() socket: LiveSocket, @MessageBody() payload: unknown): Promise<{ ok: true } | { error: RealtimeError }> {
    const meetingId = (payload as { meetingId?: unknown } | null)?.meetingId;
    if (typeof meetingId !== 'string' || !UUID.test(meetingId)) return badMessage('meeting:leave needs { meetingId: uuid }.');
    await this.leaveRooms(socket, meetingId);
    return { ok: true };
  }

  private async leaveRooms(socket: LiveSocket, meetingId: string): Promise<void> {
    for (const viewer of VIEWERS) await socket.leave(meetingRoom(meetingId, viewer));
    await socket.leave(meetingUserRoom(meetingId, socket.data.user.id));
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
