// A local Web Push service for tests (no internet here): devices subscribe through it, the API
// posts to it as to any push service, and it checks what a real one and the device would:
// the VAPID signature and claims (RFC 8292), then decrypts the payload as the device does
// (RFC 8291, aes128gcm). Written with node:crypto alone, so it checks the API's web-push
// library independently. Run it as a process: it prints `PUSH_SERVICE_READY <origin>`.
//
//   POST /_stub/devices               a new device: { id, endpoint, keys: { p256dh, auth } }
//   GET  /_stub/devices/:id/messages  what reached it: [{ message, ttl, urgency, vapid }] and refusals
//   POST /_stub/devices/:id/gone      it unsubscribed: later pushes get 410 Gone
//   POST /push/:id                    the endpoint the API posts to
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer } from 'node:http';

const devices = new Map();

const server = createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const url = new URL(request.url ?? '/', origin());
  const send = (status, value) => {
    response.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
    response.end(value === undefined ? undefined : JSON.stringify(value));
  };

  if (request.method === 'POST' && url.pathname === '/_stub/devices') {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const id = randomUUID();
    const device = { id, ecdh, publicKey: ecdh.getPublicKey(), auth: randomBytes(16), gone: false, messages: [], refusals: [] };
    devices.set(id, device);
    return send(201, { id, endpoint: `${origin()}/push/${id}`, keys: { p256dh: device.publicKey.toString('base64url'), auth: device.auth.toString('base64url') } });
  }
  const stub = /^\/_stub\/devices\/([^/]+)\/(messages|gone)$/.exec(url.pathname);
  if (stub) {
    const device = devices.get(stub[1]);
    if (!device) return send(404, { error: 'no such device' });
    if (stub[2] === 'gone') {
      device.gone = true;
      return send(204);
    }
    return send(200, { messages: device.messages, refusals: device.refusals });
  }
  const push = /^\/push\/([^/]+)$/.exec(url.pathname);
  if (request.method === 'POST' && push) {
    const device = devices.get(push[1]);
    if (!device) return send(404, { error: 'no such subscription' });
    if (device.gone) return send(410, { error: 'unsubscribed' });
    try {
      const vapid = checkVapid(request.headers.authorization ?? '');
      if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${request.headers['content-encoding']}`);
      const ttl = Number(request.headers.ttl);
      if (!Number.isInteger(ttl) || ttl < 0) throw new Error('no TTL');
      const message = JSON.parse(decrypt(device, body).toString('utf8'));
      device.messages.push({ message, ttl, urgency: request.headers.urgency ?? 'normal', vapid, receivedAt: new Date().toISOString() });
      return send(201);
    } catch (error) {
      device.refusals.push(String(error instanceof Error ? error.message : error));
      return send(400, { error: 'refused' });
    }
  }
  send(404, { error: 'not found' });
});

function origin() {
  return `http://127.0.0.1:${server.address().port}`;
}

/** `vapid t=<JWT>, k=<public key>`: an ES256 JWT by that key, for this service, not expired, at most 24 h ahead, with a contact. */
function checkVapid(header) {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header);
  if (!match) throw new Error(`Authorization: ${header || 'missing'}`);
  const [, token, k] = match;
  const [head, claims, signature] = token.split('.');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) throw new Error('VAPID signature');
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString());
  if (header_.alg !== 'ES256') throw new Error(`VAPID alg ${header_.alg}`);
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  if (payload.aud !== origin()) throw new Error(`VAPID aud ${payload.aud}`);
  if (!(payload.exp > now && payload.exp <= now + 24 * 3600 + 60)) throw new Error(`VAPID exp ${payload.exp}`);
  if (!/^(mailto:|https:)/.test(payload.sub ?? '')) throw new Error(`VAPID sub ${payload.sub}`);
  return { sub: payload.sub, aud: payload.aud, exp: payload.exp, publicKey: k };
}

/** RFC 8188 with the keys of RFC 8291: one record, the sender's public key as the key id. */
function decrypt(device, body) {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = device.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.publicKey, senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, device.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not the last record');
  return padded.subarray(0, end);
}

server.listen(0, '127.0.0.1', () => console.log(`PUSH_SERVICE_READY ${origin()}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
