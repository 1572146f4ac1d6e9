import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { asyncScheduler, debounceTime, groupBy, mergeMap, throttleTime, type Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import {
  LIVE_NAMESPACE,
  RealtimeErrorCode,
  SCREEN_RECONNECT_GRACE_MS,
  type ClientToServerEvents,
  type BallotNotice,
  type MeetingJoinAck,
  type MeetingScreens,
  type ParticipantScreens,
  type RealtimeError,
  type ScreenStatus,
  type ServerToClientEvents,
} from '@ecabinet/shared/contracts';
import { APP_CONFIG, DomainError, DomainEvents, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { TokenService } from '@ecabinet/api/identity';
import { MeetingsService, projectMeetingEvent, withholdMeetingEvent, type Viewer } from '@ecabinet/api/meetings';

interface SocketData {
  user: AuthenticatedUser;
  /** Per meeting followed: the version (`seq`) this screen said it displays, or null before it says. Read across instances (`fetchSockets`). */
  shown?: Record<string, number | null>;
}

/** Between the API instances (through the Redis adapter): a user's screens of these meetings all dropped. */
interface ServerSideEvents {
  'screens:gone': (payload: { meetingIds: string[]; userId: string; at: number }) => void;
}

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

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
/** The chair's count of current screens is sent at most this often per meeting (and this long after a change). */
const SCREENS_INTERVAL_MS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const badMessage = (message: string): { error: RealtimeError } => ({ error: { code: RealtimeErrorCode.BAD_MESSAGE, message } });

/**
 * The `/live` namespace. A connection must present a valid access token in the handshake
 * (`auth: { token }`); domain events are relayed to the rooms that may see them.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly subscriptions: Subscription[] = [];
  /** Meetings whose screens count is due, and when each user's last screen of a meeting dropped (`meetingId userId`). */
  private readonly screensDue = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly screensGone = new Map<string, number>();
  private readonly screensLater = new Set<ReturnType<typeof setTimeout>>();

  @WebSocketServer()
  private readonly namespace!: LiveNamespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    private readonly meetings: MeetingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    namespace.on('screens:gone', (payload) => this.rememberGone(payload));
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
        // A new version: every screen is behind until it says it shows it.
        this.screensChanged(event.meetingId);
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
      // The channel: whoever follows the meeting (both views); a private message: its two people's own rooms.
      this.events.on('chat.message').subscribe(({ payload: { message, userIds } }) => {
        const rooms = userIds ? userIds.map(userRoom) : VIEWERS.map((viewer) => meetingRoom(message.meetingId, viewer));
        this.namespace.to(rooms).emit('chat:message', message);
      }),
      this.events.on('chat.muted').subscribe(({ payload }) => this.namespace.to(VIEWERS.map((viewer) => meetingRoom(payload.meetingId, viewer))).emit('chat:muted', payload)),
      this.events.on('meeting.published').subscribe(({ payload }) => {
        const rooms = payload.userIds.map(userRoom);
        if (rooms.length) this.namespace.to(rooms).emit('meeting:published', { meetingId: payload.meetingId, title: payload.title, startsAt: payload.startsAt });
      }),
    );
  }

  /** Another instance's screens dropped: remembered here too, so that any instance's count says "reconnecting". */
  private rememberGone({ meetingIds, userId, at }: { meetingIds: string[]; userId: string; at: number }): void {
    for (const [key, goneAt] of this.screensGone) if (at - goneAt > SCREEN_RECONNECT_GRACE_MS) this.screensGone.delete(key);
    for (const meetingId of meetingIds) this.screensGone.set(`${meetingId} ${userId}`, at);
  }

  /** To the users concerned and to the staff room; each socket gets a notice once. */
  private ballotNotice(userIds: string[], notice: BallotNotice): void {
    this.namespace.to([STAFF_ROOM, ...userIds.map(userRoom)]).emit('ballot:notice', notice);
  }

  async handleConnection(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    // Every screen acknowledges every version (#15): 10,000 messages per change at 10,000 screens.
    // Handled directly, without Nest's per-message pipeline (an Observable, pipes and interceptors
    // around a handler that only reads the message and notes a number).
    socket.on('meeting:ack', (payload: unknown, ack?: unknown) => {
      const reply = this.acknowledgeShown(socket, payload);
      if (typeof ack === 'function') ack(reply);
    });
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
      // A screen that joins shows nothing yet; its acknowledgement follows the reply.
      socket.data.shown = { ...socket.data.shown, [meetingId]: socket.data.shown?.[meetingId] ?? null };
      this.screensChanged(meetingId);
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

  /**
   * The screen displays this version of a meeting it joined (#15). An older one is not current,
   * nor is a version the meeting has not reached: only the current one counts.
   */
  acknowledgeShown(socket: LiveSocket, payload: unknown): { ok: true } | { error: RealtimeError } {
    const { meetingId, seq } = (payload ?? {}) as { meetingId?: unknown; seq?: unknown };
    if (typeof meetingId !== 'string' || !UUID.test(meetingId) || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      return badMessage('meeting:ack needs { meetingId: uuid, seq: non-negative integer }.');
    }
    if (!socket.rooms.has(meetingUserRoom(meetingId, socket.data.user.id))) {
      return { error: { code: RealtimeErrorCode.NOT_A_PARTICIPANT, message: 'Join the meeting (meeting:join) before acknowledging what it shows.' } };
    }
    socket.data.shown = { ...socket.data.shown, [meetingId]: seq };
    this.screensChanged(meetingId);
    return { ok: true };
  }

  handleDisconnect(@ConnectedSocket() socket: LiveSocket): void {
    const meetingIds = Object.keys(socket.data.shown ?? {});
    if (!meetingIds.length || !socket.data.user) return;
    const gone = { meetingIds, userId: socket.data.user.id, at: Date.now() };
    this.rememberGone(gone);
    // Only the Redis adapter (REDIS_URL) has other instances to tell.
    if (this.config.redisUrl) this.namespace.serverSideEmit('screens:gone', gone);
    for (const meetingId of meetingIds) this.screensChanged(meetingId);
  }

  private async leaveRooms(socket: LiveSocket, meetingId: string): Promise<void> {
    for (const viewer of VIEWERS) await socket.leave(meetingRoom(meetingId, viewer));
    await socket.leave(meetingUserRoom(meetingId, socket.data.user.id));
    if (socket.data.shown && meetingId in socket.data.shown) {
      socket.data.shown = Object.fromEntries(Object.entries(socket.data.shown).filter(([followed]) => followed !== meetingId));
      this.screensChanged(meetingId);
    }
  }

  /** The count of a meeting's current screens is sent to its chair and secretariat shortly (changes close together make one count). */
  private screensChanged(meetingId: string): void {
    if (this.screensDue.has(meetingId)) return;
    this.screensDue.set(
      meetingId,
      setTimeout(() => {
        this.screensDue.delete(meetingId);
        this.sendScreens(meetingId).catch((error: unknown) => this.logger.warn({ err: error }, 'the screens count could not be sent'));
      }, SCREENS_INTERVAL_MS),
    );
  }

  private async sendScreens(meetingId: string): Promise<void> {
    // Nobody of the chair's side follows the meeting (most of the time, on most meetings): nothing to count for.
    const managers = await this.namespace.in(meetingRoom(meetingId, 'manager')).fetchSockets();
    if (managers.length === 0) return;
    const [followers, basis] = await Promise.all([this.namespace.in(meetingRoom(meetingId, 'participant')).fetchSockets(), this.meetings.screensBasis(meetingId)]);
    if (!basis) return;
    const sockets = [...managers, ...followers];
    const shownBy = new Map<string, (number | null)[]>();
    for (const socket of sockets) {
      const userId = socket.data.user?.id;
      if (!userId) continue;
      shownBy.set(userId, [...(shownBy.get(userId) ?? []), socket.data.shown?.[meetingId] ?? null]);
    }
    const now = Date.now();
    const participants: ParticipantScreens[] = basis.participants.map((participant) => {
      const shown = shownBy.get(participant.userId) ?? [];
      const current = shown.filter((seq) => seq === basis.seq).length;
      const acknowledged = shown.filter((seq): seq is number => seq !== null);
      const goneAt = this.screensGone.get(`${meetingId} ${participant.userId}`);
      let status: ScreenStatus;
      if (shown.length === 0) status = goneAt !== undefined && now - goneAt < SCREEN_RECONNECT_GRACE_MS ? 'reconnecting' : 'offline';
      else status = current === shown.length ? 'current' : 'behind';
      return {
        userId: participant.userId,
        fullName: participant.fullName,
        role: participant.role,
        status,
        screens: shown.length,
        current,
        shownSeq: acknowledged.length ? Math.min(...acknowledged) : null,
      };
    });
    const order: Record<ScreenStatus, number> = { behind: 0, reconnecting: 1, offline: 2, current: 3 };
    participants.sort((a, b) => order[a.status] - order[b.status] || a.fullName.localeCompare(b.fullName, 'vi'));
    const summary: MeetingScreens = {
      meetingId,
      seq: basis.seq,
      screens: participants.reduce((sum, p) => sum + p.screens, 0),
      current: participants.reduce((sum, p) => sum + p.current, 0),
      participants,
      at: new Date(now).toISOString(),
    };
    this.namespace.to(meetingRoom(meetingId, 'manager')).emit('meeting:screens', summary);
    // A reconnecting screen that stays away long enough turns "offline" in a later count.
    if (participants.some((p) => p.status === 'reconnecting')) {
      const later = setTimeout(() => {
        this.screensLater.delete(later);
        this.screensChanged(meetingId);
      }, SCREEN_RECONNECT_GRACE_MS);
      this.screensLater.add(later);
    }
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const timer of [...this.screensDue.values(), ...this.screensLater]) clearTimeout(timer);
    this.screensDue.clear();
    this.screensLater.clear();
  }
}
