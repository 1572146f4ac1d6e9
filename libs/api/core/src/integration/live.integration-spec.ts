import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HelloPayload, ServerToClientEvents } from '@ecabinet/shared/contracts';
import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, auth: Record<string, unknown>): LiveClient {
  return io(`${url}/live`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

function once<T>(socket: LiveClient, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
    (socket as unknown as { once(e: string, cb: (v: T) => void): void }).once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe(`live channel /live (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t.close();
  });

  it('refuses a connection without a token or with a bad one', async () => {
    for (const auth of [{}, { token: 'garbage' }, { token: 42 }]) {
      const socket = connect(t.url, auth);
      sockets.push(socket);
      const error = await once<Error & { data?: { code: string } }>(socket, 'connect_error');
      expect(error.message).toBe('UNAUTHENTICATED');
      expect(error.data?.code).toBe('UNAUTHENTICATED');
      expect(socket.connected).toBe(false);
    }
  });

  it('accepts the access token in the handshake and greets the user', async () => {
    const login = await t.loginAs('member1');
    const socket = connect(t.url, { token: login.accessToken });
    sockets.push(socket);
    const hello = await once<HelloPayload>(socket, 'session:hello');
    expect(hello.userId).toBe(login.user.id);
    const reply = await socket.timeout(5000).emitWithAck('session:ping', { sentAt: 123 });
    expect(reply).toMatchObject({ sentAt: 123, serverTime: expect.any(String) });
  });

  it('answers a malformed message with an error instead of failing', async () => {
    const login = await t.loginAs('member2');
    const socket = connect(t.url, { token: login.accessToken });
    sockets.push(socket);
    await once(socket, 'session:hello');
    const emit = socket.timeout(5000).emitWithAck as unknown as (event: string, payload: unknown) => Promise<unknown>;
    for (const payload of [null, 'text', { sentAt: 'soon' }, [1, 2]]) {
      expect(await emit.call(socket.timeout(5000), 'session:ping', payload)).toMatchObject({ error: { code: 'BAD_MESSAGE' } });
    }
    expect(socket.connected).toBe(true);
  });

  it('ends live connections when the user logs out everywhere', async () => {
    const login = await t.loginAs('member3');
    const socket = connect(t.url, { token: login.accessToken });
    sockets.push(socket);
    await once(socket, 'session:hello');
    const revoked = once<{ reason: string }>(socket, 'session:revoked');
    const disconnected = once<string>(socket, 'disconnect');
    await t.request('POST', '/api/auth/logout-everywhere', { token: login.accessToken });
    expect(await revoked).toEqual({ reason: 'logout' });
    expect(await disconnected).toBe('io server disconnect');
  });
});
