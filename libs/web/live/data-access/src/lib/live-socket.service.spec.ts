import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { HelloPayload, LiveHandshakeAuth, LoginResponse } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { firstValueFrom } from 'rxjs';
import { LIVE_SOCKET_FACTORY, type LiveSocketClient } from './live-socket-factory';
import { LiveSocket } from './live-socket.service';

type Listener = (...args: unknown[]) => void;

/** Just enough of a Socket.IO client to drive the service. */
class FakeSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  disconnected = false;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly anyListeners: Listener[] = [];
  readonly io = { on: jest.fn(), removeAllListeners: jest.fn() };
  readonly requests: { event: string; payload: unknown; answer: (reply: unknown) => void }[] = [];

  constructor(public auth: LiveHandshakeAuth) {}

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
    return this;
  }
  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return {
      emitWithAck: (event, payload) => new Promise((answer) => this.requests.push({ event, payload, answer })),
    };
  }
  connect(): this {
    this.connectCalls++;
    this.active = true;
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.connected = false;
    this.active = false;
    return this;
  }

  /** Simulates something the server or transport did. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  serverEmits(event: string, payload: unknown): void {
    this.fire(event, payload);
    for (const listener of this.anyListeners) listener(event, payload);
  }
  acceptHandshake(): void {
    this.connected = true;
    this.fire('connect');
  }
  refuseHandshake(): void {
    this.active = false;
    this.fire('connect_error', new Error('unauthorized'));
  }
}

function session(accessToken: string): LoginResponse {
  return {
    accessToken,
    expiresIn: 900,
    user: {
      id: 'u-1',
      username: 'member1',
      fullName: 'Member One',
      title: null,
      email: null,
      roles: ['member'],
      disabled: false,
      totpEnabled: false,
      totpRequired: false,
      assists: [],
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

describe('LiveSocket', () => {
  let sockets: FakeSocket[];
  let live: LiveSocket;
  let store: AuthStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        {
          provide: LIVE_SOCKET_FACTORY,
          useValue: (auth: LiveHandshakeAuth) => {
            const socket = new FakeSocket(auth);
            sockets.push(socket);
            return socket as unknown as LiveSocketClient;
          },
        },
      ],
    });
    live = TestBed.inject(LiveSocket);
    store = TestBed.inject(AuthStore);
    backend = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  async function signIn(token: string): Promise<void> {
    const done = firstValueFrom(store.login({ username: 'member1', password: 'x' }));
    backend.expectOne('/api/auth/login').flush(session(token));
    await done;
    TestBed.tick();
  }

  it('connects with the access token once signed in and reports online', async () => {
    TestBed.tick();
    expect(sockets).toHaveLength(0);
    expect(live.state()).toBe('offline');

    await signIn('t1');
    expect(sockets).toHaveLength(1);
    expect(sockets[0].auth).toEqual({ token: 't1' });
    expect(live.state()).toBe('connecting');

    sockets[0].acceptHandshake();
    expect(live.state()).toBe('online');
  });

  it('streams typed server events', async () => {
    await signIn('t1');
    const hello = firstValueFrom(live.on('session:hello'));
    const payload: HelloPayload = { userId: 'u-1', serverTime: '2025-01-01T00:00:00Z' };
    sockets[0].serverEmits('session:hello', payload);
    await expect(hello).resolves.toEqual(payload);
  });

  it('shows reconnecting while the transport is down', async () => {
    await signIn('t1');
    sockets[0].acceptHandshake();
    sockets[0].fire('disconnect', 'transport close');
    expect(live.state()).toBe('reconnecting');
  });

  it('asks for a single refresh however often the handshake is refused', async () => {
    await signIn('old');
    const socket = sockets[0];
    socket.refuseHandshake();
    socket.refuseHandshake();
    expect(backend.match('/api/auth/refresh')).toHaveLength(1);
  });

  it('reconnects the same socket with the refreshed token', async () => {
    await signIn('old');
    const socket = sockets[0];
    socket.refuseHandshake();
    backend.expectOne('/api/auth/refresh').flush(session('fresh'));
    TestBed.tick();

    expect(sockets).toHaveLength(1);
    expect(socket.auth).toEqual({ token: 'fresh' });
    expect(socket.connectCalls).toBe(2);
    expect(live.state()).toBe('reconnecting');
    socket.acceptHandshake();
    expect(live.state()).toBe('online');
  });

  it('does not loop on refreshes when the server refuses even a fresh token', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      await signIn('old');
      const socket = sockets[0];
      socket.refuseHandshake();
      backend.expectOne('/api/auth/refresh').flush(session('fresh'));
      TestBed.tick();
      socket.refuseHandshake();
      backend.expectNone('/api/auth/refresh');
      expect(live.state()).toBe('offline');

      jest.advanceTimersByTime(30_000);
      expect(socket.connectCalls).toBe(3);
      expect(live.state()).toBe('reconnecting');
    } finally {
      jest.useRealTimers();
    }
  });

  it('announces every (re)connection, so a page can join its meeting again', async () => {
    await signIn('t1');
    let connections = 0;
    live.connected.subscribe(() => connections++);
    sockets[0].acceptHandshake();
    sockets[0].fire('disconnect', 'transport close');
    sockets[0].acceptHandshake();
    expect(connections).toBe(2);
  });

  it('sends a request and emits the acknowledgement; refuses at once while offline', async () => {
    await signIn('t1');
    await expect(firstValueFrom(live.request('meeting:leave', { meetingId: 'm-1' }))).rejects.toThrow('not open');

    sockets[0].acceptHandshake();
    const reply = firstValueFrom(live.request('meeting:leave', { meetingId: 'm-1' }));
    expect(sockets[0].requests.map(({ event, payload }) => ({ event, payload }))).toEqual([
      { event: 'meeting:leave', payload: { meetingId: 'm-1' } },
    ]);
    sockets[0].requests[0].answer({ ok: true });
    await expect(reply).resolves.toEqual({ ok: true });
  });

  it('disconnects on sign-out', async () => {
    await signIn('t1');
    sockets[0].acceptHandshake();
    const done = firstValueFrom(store.logout(), { defaultValue: undefined });
    backend.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await done;
    TestBed.tick();
    expect(sockets[0].disconnected).toBe(true);
    expect(live.state()).toBe('offline');
  });
});
