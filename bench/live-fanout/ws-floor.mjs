// The floor: a bare `ws` server that broadcasts a payload to every connection, the least work
// any live-update server can do. POST /broadcast with the JSON body to send.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((request, response) => {
  if (request.method !== 'POST') return response.writeHead(404).end();
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const payload = Buffer.concat(chunks).toString();
    for (const client of wss.clients) client.send(payload);
    response.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port, pid: process.pid }));
