import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RoomScreenHandshakeAuth, RoomScreenView } from '@ecabinet/shared/contracts';
import { ROOM_SCREEN_CREDENTIAL_KEY, ROOM_SCREEN_POLL_MS, ROOM_SCREEN_SOCKET_FACTORY, RoomScreenStore, type RoomScreenSocket } from './room-screen.store';

/** Just what the store uses of a Socket.IO client: handlers by event, connect, disconnect. */
class FakeScreenSocket {
  readonly handlers = new Map<string, ((payload: unknown) => void)[]>();
  connected = false;
  disconnected = false;
  constructor(readonly auth: RoomScreenHandshakeAuth) {}
  on(event: string, handler: (payload: unknown) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  connect(): this {
    this.connected = true;
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
  fire(event: string, payload?: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }
}

const view = (overrides: Partial<RoomScreenView> = {}): RoomScreenView => ({
  meetingId: 'm1',
  seq: 4,
  title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
  place: null,
  startsAt: '2026-12-07T01:00:00.000Z',
  status: 'in_session',
  quorum: { present: 1, members: 9, reached: false },
  itemCount: 3,
  currentItem: null,
  speaker: null,
  queue: [],
  vote: null,
  seats: null,
  serverTime: new Date(Date.now() + 60_000).toISOString(),
  ...overrides,
});

describe('RoomScreenStore', () => {
  let backend: HttpTestingController;
  let sockets: FakeScreenSocket[];
  let store: RoomScreenStore;

  beforeEach(() => {
    jest.useFakeTimers();
    localStorage.clear();
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ROOM_SCREEN_POLL_MS, useValue: 1000 },
        {
          provide: ROOM_SCREEN_SOCKET_FACTORY,
          useValue: (auth: RoomScreenHandshakeAuth) => {
            const socket = new FakeScreenSocket(auth);
            sockets.push(socket);
            return socket as unknown as RoomScreenSocket;
          },
        },
        RoomScreenStore,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(RoomScreenStore);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  const pairing = { pairingId: 'p1', code: 'K7M2QX', secret: 's3cret', expiresAt: '2026-12-07T01:10:00.000Z' };

  it('shows a code, asks until it is entered, keeps the credential and follows the meeting with it', () => {
    store.start();
    backend.expectOne({ method: 'POST', url: '/api/room-screens/pairings' }).flush(pairing);
    expect(store.phase()).toEqual({ kind: 'pairing', code: 'K7M2QX', expiresAt: pairing.expiresAt });

    jest.advanceTimersByTime(1000);
    const first = backend.expectOne('/api/room-screens/pairings/p1/claim');
    expect(first.request.body).toEqual({ secret: 's3cret' });
    first.flush({ status: 'waiting', expiresAt: pairing.expiresAt });
    jest.advanceTimersByTime(1000);
    backend.expectOne('/api/room-screens/pairings/p1/claim').flush({ status: 'paired', screenToken: 'rs.x.y', screenId: 'x', meetingId: 'm1', label: 'Màn hình chính' });

    expect(store.phase()).toEqual({ kind: 'paired', label: 'Màn hình chính' });
    expect(JSON.parse(localStorage.getItem(ROOM_SCREEN_CREDENTIAL_KEY) ?? '{}')).toMatchObject({ screenToken: 'rs.x.y' });
    expect(sockets).toHaveLength(1);
    expect(sockets[0].auth).toEqual({ screenToken: 'rs.x.y' });
    expect(sockets[0].connected).toBe(true);

    sockets[0].fire('connect');
    sockets[0].fire('screen:view', view());
    expect(store.connected()).toBe(true);
    expect(store.view()?.title).toContain('tháng 11');
    // Elapsed times are counted on the server's clock (a minute ahead here).
    expect(store.clockOffsetMs()).toBeGreaterThan(59_000);
    expect(store.clockOffsetMs()).toBeLessThan(61_000);
    sockets[0].fire('disconnect');
    expect(store.connected()).toBe(false);
  });

  it('asks for a new code when the old one expired, and tries again when the server is away', () => {
    store.start();
    backend.expectOne('/api/room-screens/pairings').flush(null, { status: 0, statusText: 'offline' });
    expect(store.phase()).toEqual({ kind: 'unreachable' });
    jest.advanceTimersByTime(2000);
    backend.expectOne('/api/room-screens/pairings').flush(pairing);
    jest.advanceTimersByTime(1000);
    // The network drops while waiting: the same code is asked about again.
    backend.expectOne('/api/room-screens/pairings/p1/claim').flush(null, { status: 0, statusText: 'offline' });
    jest.advanceTimersByTime(1000);
    backend
      .expectOne('/api/room-screens/pairings/p1/claim')
      .flush({ code: 'PAIRING_NOT_FOUND', statusCode: 404, message: 'expired', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    backend.expectOne('/api/room-screens/pairings').flush({ ...pairing, pairingId: 'p2', code: 'ABCDEF' });
    expect(store.phase()).toMatchObject({ kind: 'pairing', code: 'ABCDEF' });
    jest.advanceTimersByTime(1000);
    backend.expectOne('/api/room-screens/pairings/p2/claim').flush({ status: 'waiting', expiresAt: pairing.expiresAt });
    TestBed.resetTestingModule();
  });

  it('starts from the kept credential after a power cut, and forgets it when revoked or refused', () => {
    localStorage.setItem(ROOM_SCREEN_CREDENTIAL_KEY, JSON.stringify({ screenToken: 'rs.a.b', screenId: 'a', meetingId: 'm1', label: 'Máy chiếu' }));
    store.start();
    expect(store.phase()).toEqual({ kind: 'paired', label: 'Máy chiếu' });
    expect(sockets[0].auth).toEqual({ screenToken: 'rs.a.b' });
    sockets[0].fire('screen:view', view());

    sockets[0].fire('screen:revoked', { reason: 'revoked' });
    expect(localStorage.getItem(ROOM_SCREEN_CREDENTIAL_KEY)).toBeNull();
    expect(sockets[0].disconnected).toBe(true);
    expect(store.view()).toBeNull();
    backend.expectOne('/api/room-screens/pairings').flush(pairing);
    expect(store.phase()).toMatchObject({ kind: 'pairing' });
    TestBed.resetTestingModule();

    // Revoked while the screen was off: the handshake is refused.
    localStorage.setItem(ROOM_SCREEN_CREDENTIAL_KEY, JSON.stringify({ screenToken: 'rs.c.d', screenId: 'c', meetingId: 'm1', label: 'TV' }));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ROOM_SCREEN_SOCKET_FACTORY, useValue: (auth: RoomScreenHandshakeAuth) => (sockets[sockets.push(new FakeScreenSocket(auth)) - 1] as unknown as RoomScreenSocket) },
        RoomScreenStore,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(RoomScreenStore);
    store.start();
    const refused = sockets.at(-1) as FakeScreenSocket;
    // A network failure is not a refusal: the credential stays and Socket.IO keeps trying.
    refused.fire('connect_error', new Error('xhr poll error'));
    expect(localStorage.getItem(ROOM_SCREEN_CREDENTIAL_KEY)).not.toBeNull();
    refused.fire('connect_error', new Error('UNAUTHENTICATED'));
    expect(localStorage.getItem(ROOM_SCREEN_CREDENTIAL_KEY)).toBeNull();
    backend.expectOne('/api/room-screens/pairings').flush(pairing);
  });
});
