import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, MeetingEvent, MeetingJoinAck, ServerToClientEvents } from '@ecabinet/shared/contracts';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client on `/live`, connected with the given access token. */
export async function connectLive(url: string, token: string): Promise<LiveClient & { received: MeetingEvent[] }> {
  const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }) as LiveClient & { received: MeetingEvent[] };
  socket.received = [];
  socket.on('meeting:event', (event) => socket.received.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('session:hello', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function joinMeeting(socket: LiveClient, meetingId: string, sinceSeq?: number): Promise<MeetingJoinAck> {
  return socket.timeout(10_000).emitWithAck('meeting:join', sinceSeq === undefined ? { meetingId } : { meetingId, sinceSeq });
}

/** Resolves when the socket has received an event with this seq (or fails after 5 s). */
export async function waitForSeq(socket: LiveClient & { received: MeetingEvent[] }, seq: number): Promise<MeetingEvent> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = socket.received.find((event) => event.seq === seq);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no meeting:event with seq ${seq}; got ${socket.received.map((e) => e.seq).join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
