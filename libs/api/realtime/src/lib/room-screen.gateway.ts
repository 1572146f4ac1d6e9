import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { ROOM_SCREEN_NAMESPACE, type RoomScreenClientEvents, type RoomScreenServerEvents } from '@ecabinet/shared/contracts';
import { DomainEvents } from '@ecabinet/api/platform';
import { RoomScreensService, type RoomScreenCaller } from '@ecabinet/api/meetings';

interface ScreenSocketData {
  screen: RoomScreenCaller;
}

type ScreenNamespace = Namespace<RoomScreenClientEvents, RoomScreenServerEvents, Record<string, never>, ScreenSocketData>;
type ScreenSocket = Socket<RoomScreenClientEvents, RoomScreenServerEvents, Record<string, never>, ScreenSocketData>;

/** Every screen of a meeting; one view is made per change and sent to them all (on every instance, through the adapter). */
export const screensRoom = (meetingId: string) => `room-screens:${meetingId}`;
/** One paired screen's sockets, closed when it is revoked. */
export const screenRoom = (screenId: string) => `room-screen:${screenId}`;
/** Changes close together make one view. */
const VIEW_INTERVAL_MS = 100;

/**
 * The `/room-screen` namespace (#15): a paired room screen connects with its credential
 * (`auth: { screenToken }`) and receives its meeting's view, and nothing else. It sends nothing:
 * no handler is registered here, and a user's access token is refused (it is not a screen's).
 */
@WebSocketGateway({ namespace: ROOM_SCREEN_NAMESPACE, cors: { origin: false } })
export class RoomScreenGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RoomScreenGateway.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly due = new Map<string, ReturnType<typeof setTimeout>>();

  @WebSocketServer()
  private readonly namespace!: ScreenNamespace;

  constructor(
    private readonly screens: RoomScreensService,
    private readonly events: DomainEvents,
  ) {}

  afterInit(namespace: ScreenNamespace): void {
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { screenToken?: unknown } | undefined)?.screenToken;
      this.screens
        .authenticate(token)
        .then((screen) => {
          if (!screen) throw new Error('refused');
          socket.data.screen = screen;
          next();
        })
        .catch(() => {
          const error = new Error('UNAUTHENTICATED') as Error & { data: { code: string; message: string } };
          error.data = { code: 'UNAUTHENTICATED', message: 'This screen is not paired, or its pairing was revoked. Pair it again.' };
          next(error);
        });
    });
    this.subscriptions.push(
      this.events.on('meeting.event').subscribe(({ payload }) => this.viewChanged(payload.event.meetingId)),
      this.events.on('room-screen.refresh').subscribe(({ payload }) => this.viewChanged(payload.meetingId)),
      this.events.on('room-screen.revoked').subscribe(({ payload }) => {
        const room = this.namespace.to(screenRoom(payload.screenId));
        room.emit('screen:revoked', { reason: 'revoked' });
        room.disconnectSockets(true);
      }),
    );
  }

  async handleConnection(socket: ScreenSocket): Promise<void> {
    const { screenId, meetingId } = socket.data.screen;
    await socket.join([screensRoom(meetingId), screenRoom(screenId)]);
    try {
      const view = await this.screens.view(meetingId);
      if (!view) {
        socket.emit('screen:revoked', { reason: 'meeting-gone' });
        socket.disconnect(true);
        return;
      }
      socket.emit('screen:view', view);
    } catch (error) {
      this.logger.warn({ err: error }, 'a room screen view could not be made');
    }
  }

  /** A change of the meeting: its screens get a new view shortly, made once for all of them. */
  private viewChanged(meetingId: string): void {
    if (this.due.has(meetingId)) return;
    this.due.set(
      meetingId,
      setTimeout(() => {
        this.due.delete(meetingId);
        this.sendView(meetingId).catch((error: unknown) => this.logger.warn({ err: error }, 'a room screen view could not be sent'));
      }, VIEW_INTERVAL_MS),
    );
  }

  private async sendView(meetingId: string): Promise<void> {
    if (!(await this.screens.hasScreens(meetingId))) return;
    const view = await this.screens.view(meetingId);
    if (view) this.namespace.to(screensRoom(meetingId)).emit('screen:view', view);
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }
}
