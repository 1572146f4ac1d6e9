export {
  LiveSocket,
  type LiveAck,
  type LiveConnectionState,
  type LiveEventPayload,
  type LiveRequestName,
  type LiveRequestPayload,
} from './lib/live-socket.service';
export { LIVE_SOCKET_FACTORY, type LiveSocketClient, type LiveSocketFactory } from './lib/live-socket-factory';
