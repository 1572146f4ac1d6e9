// Client side of the reconnect storm, in its own process: N Socket.IO screens follow one meeting
// as the web app does; on 'drop' they all lose their connection at once; on 'rejoin' they all
// reconnect at once and join again, and the process reports when the last of them holds the
// meeting's current version (the `seq` of its join's answer).
import { io } from 'socket.io-client';

const { url, token, meetingId, count } = JSON.parse(process.argv[2]);
const now = () => performance.timeOrigin + performance.now();
const sockets = [];

function join(socket, sinceSeq) {
  return socket.timeout(120_000).emitWithAck('meeting:join', sinceSeq === undefined ? { meetingId } : { meetingId, sinceSeq });
}

async function open() {
  const socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('session:hello', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await join(socket);
  if (ack.error) throw new Error(ack.error.message);
  return socket;
}

for (let i = 0; i < count; i += 50) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, open))));
}
process.send({ type: 'ready', count: sockets.length });

process.on('message', async (message) => {
  if (message.type === 'drop') {
    for (const socket of sockets) socket.disconnect();
    process.send({ type: 'dropped' });
  }
  if (message.type === 'rejoin') {
    // Every screen reconnects at once; one that missed too much (no `sinceSeq` here: the worst
    // case) is answered with the whole snapshot.
    let failures = 0;
    const reasons = new Map();
    const fail = (reason) => {
      failures += 1;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    };
    let last = 0;
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      sockets.map(async (socket) => {
        try {
          await new Promise((resolve, reject) => {
            socket.once('session:hello', resolve);
            socket.once('connect_error', reject);
            socket.connect();
          });
          const ack = await join(socket, message.sinceSeq);
          if (ack.error || ack.seq < message.seq) fail(ack.error?.message ?? `seq ${ack.seq}`);
        } catch (error) {
          fail(error.message);
        }
        last = Math.max(last, now());
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    process.send({ type: 'rejoined', last, failures, reasons: Object.fromEntries(reasons), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  }
  if (message.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    setTimeout(() => process.exit(0), 100);
  }
});
