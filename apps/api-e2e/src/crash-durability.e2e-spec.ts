import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BallotResponse, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { approvalDocument, ballotContentHash, ballotContentInputOf, canonicalJson } from '@ecabinet/shared/trust';
import { call, sharedSecret, startApiProcess } from './api-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

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
    await call(api.url, 'POST', `/api/ballots/${created.body.id}/submit`, secretary);
    // The chair signs the approval with a device key of his own, over the content as he reads it.
    const chairPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const chairKey = await call<{ id: string }>(api.url, 'POST', '/api/signing-keys', chair, { publicKey: chairPair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), label: 'chair tablet' });
    const pending = (await call<BallotResponse>(api.url, 'GET', `/api/ballots/${created.body.id}`, chair)).body;
    const approval = approvalDocument({
      ballotId: pending.id,
      contentHash: await ballotContentHash(ballotContentInputOf(pending)),
      deadline: pending.deadline,
      sequence: 1,
      chairId: (await login('chair')).user.id,
      signedAt: new Date(),
    });
    const approvalSignature = sign('sha256', Buffer.from(canonicalJson(approval)), { key: chairPair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
    expect((await call(api.url, 'POST', `/api/ballots/${created.body.id}/approve`, chair, { document: approval, signature: approvalSignature, keyId: chairKey.body.id })).status).toBe(200);
    await call(api.url, 'POST', `/api/ballots/${created.body.id}/issue`, secretary);
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
        ballotHash: ballot.approvals[0].hash,
        recipientId: me.user.id,
        revision: 1,
        previous: null,
        signedAt: new Date().toISOString(),
        answers: [{ questionId: ballot.questions[0].id, choice: 'agree', comment: '' }],
      };
      const signature = sign('sha256', Buffer.from(canonicalJson(document)), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
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
