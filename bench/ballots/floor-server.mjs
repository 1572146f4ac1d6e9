// The floor of the ballots benchmark: the least a server can do for a signed answer, as a bare
// node:http handler with no framework: parse the JSON body, verify one P-256 signature over the
// document's canonical JSON, insert one row with pg, answer 201. Run by run.mjs on the same
// machine and PostgreSQL as the API, so the ratio of their p99s says what the product costs.
//
//   FLOOR_PORT=… FLOOR_KEYS=keys.json DATABASE_URL=… node bench/ballots/floor-server.mjs
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import pg from 'pg';

const canonical = (value) => {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(sort(value));
};
const keys = new Map(Object.entries(JSON.parse(readFileSync(process.env.FLOOR_KEYS, 'utf8'))).map(([id, spki]) => [id, createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' })]));
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await db.query('CREATE TABLE IF NOT EXISTS floor_answers (id varchar(36) PRIMARY KEY, recipient_id varchar(36) NOT NULL, document text NOT NULL, signature text NOT NULL)');

createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const text = canonical(body.document);
      const key = keys.get(body.keyId);
      if (!key || !verify('sha256', Buffer.from(text), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(body.signature, 'base64'))) {
        response.writeHead(422, { 'content-length': 0 }).end();
        return;
      }
      await db.query('INSERT INTO floor_answers (id, recipient_id, document, signature) VALUES ($1, $2, $3, $4)', [randomUUID(), body.document.recipientId, text, body.signature]);
      const reply = JSON.stringify({ ok: true });
      response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) }).end(reply);
    } catch (error) {
      const reply = String(error);
      response.writeHead(500, { 'content-length': Buffer.byteLength(reply) }).end(reply);
    }
  });
}).listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
