// Client side of the live fan-out benchmark, in its own process: opens N connections (Socket.IO
// to e-Cabinet's /live, or raw WebSocket to the floor server), and reports for every event the
// wall-clock time at which the LAST connection received it.
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const { mode, url, token, meetingId, count, ack: acknowledge = false } = JSON.parse(process.argv[2]);
const now = () => performance.timeOrigin + performance.now();
const arrivals = new Map(); // key -> { count, last }
const sockets = [];

function arrived(key) {
  const at = now();
  const entry = arrivals.get(key) ?? { count: 0, last: 0 };
  entry.count += 1;
  entry.last = Math.max(entry.last, at);
  arrivals.set(key, entry);
  if (entry.count === count) process.send({ type: 'event', key, last: entry.last });
}

async function openSocketIo() {
  const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('session:hello', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(60_000).emitWithAck('meeting:join', { meetingId });
  if (ack.error) throw new Error(ack.error.message);
  // As the web app does (#15): each screen says which version it now displays, without asking
  // for an answer, after a random wait of up to 250 ms (the newest version by then).
  let toSay = null;
  const say = (seq) => {
    if (!acknowledge) return;
    const waiting = toSay !== null;
    toSay = seq;
    if (!waiting) {
      setTimeout(() => {
        socket.emit('meeting:ack', { meetingId, seq: toSay });
        toSay = null;
      }, Math.random() * 250);
    }
  };
  say(ack.seq);
  socket.on('meeting:event', (event) => {
    arrived(String(event.seq));
    say(event.seq);
  });
  return socket;
}

async function openWs() {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.on('message', (data) => arrived(String(JSON.parse(data.toString()).seq)));
  return socket;
}

const open = mode === 'socket.io' ? openSocketIo : openWs;
// Connect in batches so the server is not asked to authenticate thousands at once.
for (let i = 0; i < count; i += 50) {
  const batch = await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
  sockets.push(...batch);
}
process.send({ type: 'ready', count: sockets.length });
process.on('message', (message) => {
  if (message === 'close') {
    for (const socket of sockets) (socket.disconnect ?? socket.close).call(socket);
    setTimeout(() => process.exit(0), 100);
  }
});
