import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BallotResponse, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { call, sharedSecret, startApiProcess } from './api-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Canonical JSON as the server and the web app build it: keys sorted at every depth. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}

describe('signed answers survive kill -9 of the API', () => {
  const schema = `crash_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-crash-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    const client = new Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.end();
    const separator = POSTGRES.includes('?') ? '&' : '?';
    env = { DATABASE_URL: `${POSTGRES}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`, JWT_SECRET: sharedSecret(), DATA_DIR: dataDir };
  });

  afterAll(async () => {
    const client = new Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every answer acknowledged before SIGKILL is there after restart', async () => {
    const api = await startApiProcess(env);
    const login = async (username: string) => (await call<{ accessToken: string; user: { id: string } }>(api.url, 'POST', '/api/auth/login', undefined, { username, password: 'ecabinet-demo' })).body;
    const secretary = (await login('secretary')).accessToken;
    const chair = (await login('chair')).accessToken;
    const created = await call<BallotResponse>(api.url, 'POST', '/api/ballots', secretary, {
      title: 'Phiếu kiểm tra độ bền',
      summary: 'Câu trả lời đã xác nhận không được mất.',
      questions: [{ text: 'Tán thành?' }],
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
    });
    for (const [token, step] of [[secretary, 'submit'], [chair, 'approve'], [secretary, 'issue']] as const) await call(api.url, 'POST', `/api/ballots/${created.body.id}/${step}`, token);
    const ballot = (await call<BallotResponse>(api.url, 'GET', `/api/ballots/${created.body.id}`, secretary)).body;

    const acknowledged: string[] = [];
    for (const username of ['member1', 'member2', 'member3', 'member4', 'member5', 'member6', 'member7', 'member8']) {
      const me = await login(username);
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const key = await call<{ id: string }>(api.url, 'POST', '/api/signing-keys', me.accessToken, { publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), label: 'tablet' });
      const document: SignedAnswerDocument = {
        type: 'ecabinet.ballot-answer',
        ballotId: ballot.id,
        ballotVersion: ballot.version,
        recipientId: me.user.id,
        revision: 1,
        signedAt: new Date().toISOString(),
        answers: [{ questionId: ballot.questions[0].id, choice: 'agree', comment: '' }],
      };
      const signature = sign('sha256', Buffer.from(canonical(document)), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
      const response = await call(api.url, 'POST', `/api/ballots/${ballot.id}/answers`, me.accessToken, { document, signature, keyId: key.body.id });
      if (response.status === 201) acknowledged.push(me.user.id);
    }
    expect(acknowledged).toHaveLength(8);

    await api.stop('SIGKILL');
    const again = await startApiProcess(env);
    try {
      const secretaryAgain = (await call<{ accessToken: string }>(again.url, 'POST', '/api/auth/login', undefined, { username: 'secretary', password: 'ecabinet-demo' })).body.accessToken;
      const after = (await call<BallotResponse>(again.url, 'GET', `/api/ballots/${ballot.id}`, secretaryAgain)).body;
      expect(after.answeredCount).toBe(8);
      expect(after.recipients?.filter((r) => r.answered).map((r) => r.userId).sort()).toEqual([...acknowledged].sort());
    } finally {
      await again.stop();
    }
  });
});
