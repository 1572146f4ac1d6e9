import { Injectable, effect, inject, signal, untracked } from '@angular/core';
import type { ClientToServerEvents, ServerToClientEvents } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { type Observable, Subject, defer, filter, from, map, throwError } from 'rxjs';
import { LIVE_SOCKET_FACTORY, type LiveSocketClient } from './live-socket-factory';

export type LiveConnectionState = 'connecting' | 'online' | 'offline' | 'reconnecting';

/** The payload of a server event, from the contracts' event map. */
export type LiveEventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Client events answered with an acknowledgement, from the contracts' event map. */
export type LiveRequestName = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, (reply: never) => void] ? E : never;
}[keyof ClientToServerEvents];

/** What the client sends with a request event. */
export type LiveRequestPayload<E extends LiveRequestName> = Parameters<ClientToServerEvents[E]>[0];

/** The server's acknowledgement of a request event. */
export type LiveAck<E extends LiveRequestName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

interface ReceivedEvent {
  readonly name: string;
  readonly payload: unknown;
}

const PING_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * At most one token refresh per this interval on behalf of the socket. If the server keeps
 * refusing fresh tokens (a policy, not expiry), the socket retries quietly at this pace
 * instead of hammering the refresh endpoint.
 */
const REFRESH_INTERVAL_MS = 30_000;

/**
 * The live connection to the server (Socket.IO namespace `/live`). It follows the session by
 * itself: connects when a user signs in, disconnects on sign-out, and when the server refuses
 * the handshake (expired access token) asks for one refresh and reconnects with the new token.
 *
 * State is a signal for the UI; server events are Observables for the stores that consume them.
 */
@Injectable({ providedIn: 'root' })
export class LiveSocket {
  private readonly auth = inject(AuthStore);
  private readonly createSocket = inject(LIVE_SOCKET_FACTORY);
  private readonly received = new Subject<ReceivedEvent>();
  private readonly connectionState = signal<LiveConnectionState>('offline');
  private readonly connections = new Subject<void>();
  private socket: LiveSocketClient | null = null;
  /** The token for which a refresh was already requested after a refused handshake. */
  private refreshRequestedFor: string | null = null;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  readonly state = this.connectionState.asReadonly();

  /**
   * Emits each time the connection is (re)established. The server forgets which rooms a socket
   * had joined when it drops, so a page following a meeting joins it again on each emission.
   */
  readonly connected: Observable<void> = this.connections.asObservable();

  constructor() {
    effect(() => {
      const token = this.auth.accessToken();
      untracked(() => this.follow(token));
    });
  }

  /** Every future `event` from the server. */
  on<E extends keyof ServerToClientEvents>(event: E): Observable<LiveEventPayload<E>> {
    return this.received.pipe(
      filter((received) => received.name === event),
      map((received) => received.payload as LiveEventPayload<E>),
    );
  }

  /**
   * Sends a client event and emits the server's acknowledgement once. Errors at once when the
   * connection is not open (nothing is queued for later), or when no answer comes within 10 s.
   */
  request<E extends LiveRequestName>(event: E, payload: LiveRequestPayload<E>): Observable<LiveAck<E>> {
    return defer(() => {
      const socket = this.socket;
      if (!socket?.connected) {
        return throwError(() => new Error('The live connection is not open.'));
      }
      // Socket.IO's own typing cannot follow a generic event name; the map above keeps callers exact.
      const timed = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as {
        emitWithAck(name: E, body: LiveRequestPayload<E>): Promise<LiveAck<E>>;
      };
      return from(timed.emitWithAck(event, payload));
    });
  }

  /**
   * Sends a client event without asking for an answer (nothing comes back to thousands of
   * screens); dropped when the connection is not open. Returns whether it was sent.
   */
  send<E extends LiveRequestName>(event: E, payload: LiveRequestPayload<E>): boolean {
    const socket = this.socket;
    if (!socket?.connected) return false;
    (socket as unknown as { emit(name: E, body: LiveRequestPayload<E>): void }).emit(event, payload);
    return true;
  }

  /** Round-trip time to the server in milliseconds; errors when offline or after 5 s. */
  ping(): Observable<number> {
    const socket = this.socket;
    if (!socket?.connected) {
      throw new Error('The live connection is not open.');
    }
    const sentAt = Date.now();
    return from(socket.timeout(PING_TIMEOUT_MS).emitWithAck('session:ping', { sentAt })).pipe(map(() => Date.now() - sentAt));
  }

  private follow(token: string | null): void {
    if (!token) {
      this.close();
      return;
    }
    if (!this.socket) {
      this.open(token);
      return;
    }
    // A refreshed token: future handshakes use it. An open connection stays as it is (it was
    // authenticated when it was made); a refused or dropped one tries again at once.
    this.socket.auth = { token };
    if (!this.socket.connected && !this.socket.active) {
      this.connectionState.set('reconnecting');
      this.socket.connect();
    }
  }

  private open(token: string): void {
    const socket = this.createSocket({ token });
    this.socket = socket;
    this.refreshRequestedFor = null;

    socket.on('connect', () => {
      this.refreshRequestedFor = null;
      this.connectionState.set('online');
      this.connections.next();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') {
        this.connectionState.set('offline');
      } else if (reason === 'io server disconnect') {
        // The server closed the connection on purpose; it may have revoked the token.
        this.connectionState.set('offline');
        this.refreshAfterRefusal(socket);
      } else {
        this.connectionState.set('reconnecting');
      }
    });
    socket.on('connect_error', () => {
      if (socket.active) {
        // A transport failure: Socket.IO retries by itself with back-off.
        this.connectionState.set('reconnecting');
      } else {
        // The server refused the handshake (invalid or expired token).
        this.connectionState.set('offline');
        this.refreshAfterRefusal(socket);
      }
    });
    socket.io.on('reconnect_attempt', () => this.connectionState.set('reconnecting'));
    socket.on('session:revoked', () => this.auth.sessionRevoked());
    socket.onAny((name: string, payload: unknown) => this.received.next({ name, payload }));

    this.connectionState.set('connecting');
    socket.connect();
  }

  private close(): void {
    const socket = this.socket;
    this.socket = null;
    this.refreshRequestedFor = null;
    this.cancelRetry();
    if (socket) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    }
    this.connectionState.set('offline');
  }

  /** One refresh per refused token; the new token reconnects through `follow()`. */
  private refreshAfterRefusal(socket: LiveSocketClient): void {
    const token = (socket.auth as { token?: string } | undefined)?.token ?? null;
    if (socket !== this.socket || token === null || this.refreshRequestedFor === token) {
      return;
    }
    const sinceLastRefresh = Date.now() - this.lastRefreshAt;
    if (sinceLastRefresh < REFRESH_INTERVAL_MS) {
      this.retryLater(socket, REFRESH_INTERVAL_MS - sinceLastRefresh);
      return;
    }
    this.refreshRequestedFor = token;
    this.lastRefreshAt = Date.now();
    this.auth.refreshAccessToken().subscribe({
      error: (error: unknown) => {
        if (AuthStore.isSessionRejection(error)) {
          this.auth.expireSession();
        }
      },
    });
  }

  private retryLater(socket: LiveSocketClient, delayMs: number): void {
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (socket === this.socket && !socket.connected && !socket.active) {
        this.connectionState.set('reconnecting');
        socket.connect();
      }
    }, delayMs);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }
}
