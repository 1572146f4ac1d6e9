import type { LiveHandshakeAuth, MeetingEvent } from '@ecabinet/shared/contracts';
import type { LiveSocketClient, LiveSocketFactory } from '@ecabinet/web/live/data-access';

type Listener = (...args: unknown[]) => void;

export interface FakeLiveRequest {
  readonly event: string;
  readonly payload: unknown;
  /** Sends the server's acknowledgement. */
  answer(reply: unknown): void;
  /** Lets the request time out. */
  fail(error?: Error): void;
}

/**
 * Just enough of a Socket.IO client for `LiveSocket` and the pages above it: tests play the
 * server (accept the handshake, drop the connection, push events, answer `meeting:join`).
 * Provide it with `{ provide: LIVE_SOCKET_FACTORY, useValue: fakeLiveSocketFactory(socket) }`.
 */
export class FakeLiveSocketClient {
  connected = false;
  active = false;
  auth: LiveHandshakeAuth = { token: '' };
  readonly requests: FakeLiveRequest[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly anyListeners: Listener[] = [];
  readonly io = { on: () => undefined, removeAllListeners: () => undefined };

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  onAny(listener: Listener): this {
    this.anyListeners.push(listener);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    this.anyListeners.length = 0;
    return this;
  }
  connect(): this {
    this.active = true;
    return this;
  }
  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }
  /** A client event sent without waiting for an answer: recorded like a request, its answer ignored. */
  emit(event: string, payload: unknown): this {
    this.requests.push({ event, payload, answer: () => undefined, fail: () => undefined });
    return this;
  }
  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return {
      emitWithAck: (event, payload) =>
        new Promise((resolve, reject) => {
          this.requests.push({ event, payload, answer: resolve, fail: (error) => reject(error ?? new Error('operation has timed out')) });
        }),
    };
  }

  /** The server accepted the handshake. */
  acceptHandshake(): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }
  /** The transport dropped; Socket.IO will try again. */
  dropConnection(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  /** A `meeting:event` from the server. */
  pushMeetingEvent(event: MeetingEvent): void {
    this.serverEmits('meeting:event', event);
  }
  serverEmits(event: string, payload: unknown): void {
    this.fire(event, payload);
    for (const listener of this.anyListeners) listener(event, payload);
  }
  /** Requests of one event name not yet looked at, oldest first. */
  requestsFor(event: string): FakeLiveRequest[] {
    return this.requests.filter((request) => request.event === event);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

/** A `LIVE_SOCKET_FACTORY` that hands out `socket` and records the handshake token on it. */
export function fakeLiveSocketFactory(socket: FakeLiveSocketClient): LiveSocketFactory {
  return (auth) => {
    socket.auth = auth;
    return socket as unknown as LiveSocketClient;
  };
}
