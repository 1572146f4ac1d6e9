import { InjectionToken } from '@angular/core';
import { type ClientToServerEvents, LIVE_NAMESPACE, type LiveHandshakeAuth, type ServerToClientEvents } from '@ecabinet/shared/contracts';
import { type Socket, io } from 'socket.io-client';

/** The Socket.IO client, typed from the one event map in the contracts. */
export type LiveSocketClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export type LiveSocketFactory = (auth: LiveHandshakeAuth) => LiveSocketClient;

/**
 * Creates the (not yet connected) socket for the `/live` namespace on this origin. A token so
 * tests can hand in a fake.
 */
export const LIVE_SOCKET_FACTORY = new InjectionToken<LiveSocketFactory>('LIVE_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (auth) =>
    io(LIVE_NAMESPACE, {
      path: '/socket.io',
      auth,
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    }),
});
