import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { BallotResponse } from '@ecabinet/shared/contracts';
import { TokenService, UserEntity } from '@ecabinet/api/identity';
import { SigningKeyEntity, keyFingerprint } from '@ecabinet/api/ballots';
import { TrustService } from '@ecabinet/api/trust';
import { approveBallot, answerDocument, createDeviceKey, dropDatabase, rawSql, signDocument, startTestApp, testDatabaseDriver, type DeviceKey, type TestApp } from '../testing';

interface Recipient {
  user: UserEntity;
  token: string;
  key: DeviceKey;
  keyId: string;
}

/** Users with a device key each, created straight in the database (the API path is tested elsewhere). */
async function recipients(t: TestApp, count: number, prefix: string): Promise<Recipient[]> {
  const dataSource = t.app.get(DataSource);
  const tokens = t.app.get(TokenService);
  const trust = t.app.get(TrustService);
  const now = new Date();
  const list = Array.from({ length: count }, (_, i) => {
    const key = createDeviceKey();
    const user = dataSource.getRepository(UserEntity).create({
      id: randomUUID(),
      username: `${prefix}-${i}`,
      fullName: `Thành viên ${i}`,
      title: null,
      email: null,
      passwordHash: 'not-a-login-account',
      roles: ['member'],
      disabled: false,
      totpSecret: null,
      totpEnabled: false,
      sessionEpoch: 0,
      createdAt: now,
      updatedAt: now,
    });
    // An access token dies with its session (refresh-token family): each member gets one.
    const session = { id: randomUUID(), userId: user.id, familyId: randomUUID(), tokenHash: '-', expiresAt: new Date(now.getTime() + 86_400_000), createdAt: now };
    return { user, key, keyId: randomUUID(), session, token: tokens.issueAccessToken(user, session.familyId).accessToken };
  });
  for (let i = 0; i < list.length; i += 100) {
    const slice = list.slice(i, i + 100);
    await dataSource.getRepository(UserEntity).insert(slice.map((r) => r.user));
    await dataSource.getRepository('RefreshTokenEntity').insert(slice.map((r) => r.session));
    // Certified as the demo certifies a device at registration.
    const certified = await Promise.all(slice.map((r) => trust.certifyDemoDevice({ id: r.user.id, fullName: r.user.fullName }, Buffer.from(r.key.publicKey, 'base64'), now)));
    await dataSource.getRepository(SigningKeyEntity).insert(
      slice.map((r, index) => ({
        id: r.keyId,
        userId: r.user.id,
        label: 'load',
        publicKey: r.key.publicKey,
        fingerprint: keyFingerprint(r.key.publicKey),
        createdAt: now,
        revokedAt: null,
        certificate: Buffer.from(certified[index]?.certificate ?? []).toString('base64'),
        certificateChain: (certified[index]?.chain ?? []).map((der) => Buffer.from(der).toString('base64')),
        certifiedAt: now,
      })),
    );
  }
  return list;
}

async function issue(t: TestApp, recipientIds: string[], deadline: Date): Promise<BallotResponse> {
  const secretary = (await t.loginAs('secretary')).accessToken;
  const chair = (await t.loginAs('chair')).accessToken;
  const created = await t.request('POST', '/api/ballots', {
    token: secretary,
    body: { title: 'Phiếu tải', summary: 'Kiểm tra tải', questions: [{ text: 'Câu 1?' }, { text: 'Câu 2?' }], recipientIds, deadline: deadline.toISOString() },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  await t.request('POST', `/api/ballots/${created.body.id}/submit`, { token: secretary });
  await approveBallot(t, created.body.id, chair);
  const issued = await t.request('POST', `/api/ballots/${created.body.id}/issue`, { token: secretary });
  if (issued.status !== 200) throw new Error(JSON.stringify(issued.body));
  return issued.body as BallotResponse;
}

function submit(t: TestApp, ballot: BallotResponse, r: Recipient, revision: number, choice: 'agree' | 'disagree') {
  const document = answerDocument(ballot, r.user.id, revision, [choice, choice]);
  return t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: r.token, body: { document, signature: signDocument(document, r.key), keyId: r.keyId } });
}

describe(`ballot answers under load (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('300 recipients answering at once, twice each: exactly 300 current answers, every revision kept', async () => {
    const people = await recipients(t, 300, 'load');
    const ballot = await issue(t, people.map((p) => p.user.id), new Date(Date.now() + 3_600_000));
    const results = await Promise.all(
      people.map(async (p) => {
        const first = await submit(t, ballot, p, 1, 'agree');
        const second = await submit(t, ballot, p, 2, 'disagree');
        return [first.status, second.status];
      }),
    );
    expect(results.flat().filter((status) => status !== 201)).toEqual([]);
    const count = async (sql: string) => Number(((await rawSql(t.config.database, sql)) as { n: string | number }[])[0].n);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_answers WHERE ballot_id = '${ballot.id}'`)).toBe(600);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_answers WHERE ballot_id = '${ballot.id}' AND is_current = true`)).toBe(300);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_opinions WHERE ballot_id = '${ballot.id}' AND is_current = true AND choice = 'disagree'`)).toBe(600);
    // The database itself refuses a second current answer for a recipient.
    await expect(
      rawSql(t.config.database, `UPDATE ballot_answers SET is_current = true WHERE ballot_id = '${ballot.id}' AND recipient_id = '${people[0].user.id}' AND revision = 1`),
    ).rejects.toMatchObject({ message: expect.stringMatching(/UNIQUE|duplicate key/i) });
  });

  it('first answers arriving together are stored together, yet each refusal is its own: a replay, a revoked key', async () => {
    const people = await recipients(t, 40, 'group');
    // A first ballot answered by everyone: each device key is now known to the answer path.
    const warm = await issue(t, people.map((p) => p.user.id), new Date(Date.now() + 3_600_000));
    expect((await Promise.all(people.map((p) => submit(t, warm, p, 1, 'agree')))).filter((r) => r.status !== 201)).toEqual([]);
    const ballot = await issue(t, people.map((p) => p.user.id), new Date(Date.now() + 3_600_000));
    expect((await submit(t, ballot, people[39], 1, 'agree')).status).toBe(201);
    // Revoked behind the answer path's back: only the storing statement can see it.
    await rawSql(t.config.database, `UPDATE signing_keys SET revoked_at = CURRENT_TIMESTAMP WHERE id = '${people[0].keyId}'`);

    const dataSource = t.app.get(DataSource);
    const query = jest.spyOn(dataSource, 'query');
    const replay = answerDocument(ballot, people[1].user.id, 1, ['disagree', 'disagree']);
    const replayBody = { document: replay, signature: signDocument(replay, people[1].key), keyId: people[1].keyId };
    const sendReplay = () => t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: people[1].token, body: replayBody });
    const [revoked, original, copy, ...rest] = await Promise.all([
      submit(t, ballot, people[0], 1, 'agree'),
      sendReplay(),
      sendReplay(),
      ...people.slice(2, 39).map((p) => submit(t, ballot, p, 1, 'disagree')),
    ]);
    const answerStatements = query.mock.calls.filter(([sql]) => /INSERT INTO ballot_answers/.test(String(sql))).length;
    query.mockRestore();

    expect({ status: revoked.status, code: revoked.body.code }).toEqual({ status: 422, code: 'SIGNING_KEY_REVOKED' });
    expect([original.status, copy.status].sort()).toEqual([201, 409]);
    expect([original, copy].find((r) => r.status === 409)?.body).toMatchObject({ code: 'SIGNATURE_REPLAYED', details: { expectedRevision: 2 } });
    expect(rest.filter((r) => r.status !== 201)).toEqual([]);

    const count = async (sql: string) => Number(((await rawSql(t.config.database, sql)) as { n: string | number }[])[0].n);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_answers WHERE ballot_id = '${ballot.id}'`)).toBe(39);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_answers WHERE ballot_id = '${ballot.id}' AND recipient_id = '${people[0].user.id}'`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM ballot_opinions WHERE ballot_id = '${ballot.id}' AND is_current = true AND choice = 'disagree'`)).toBe(38 * 2);
    const admin = (await t.loginAs('admin')).accessToken;
    const audited = (await t.request('GET', '/api/audit?action=ballot.answered&limit=200', { token: admin })).body.items.filter((e: { targetId: string }) => e.targetId === ballot.id);
    expect(audited).toHaveLength(39);
    // Stored together, yet each entry names its own answerer and request.
    expect(new Set(audited.map((e: { actorId: string }) => e.actorId))).toEqual(new Set(people.slice(1).map((p) => p.user.id)));
    expect(new Set(audited.map((e: { correlationId: string }) => e.correlationId)).size).toBe(39);
    // On PostgreSQL the 39 answers in flight together took far fewer statements than answers.
    if (t.config.database.driver === 'postgres') expect(answerStatements).toBeLessThan(20);
  });

  it('answers racing the deadline are either in, whole, or refused with 409: never half-stored', async () => {
    const people = await recipients(t, 60, 'race');
    const deadline = new Date(Date.now() + 1500);
    const ballot = await issue(t, people.map((p) => p.user.id), deadline);
    const wait = deadline.getTime() - Date.now() - 150;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const responses = await Promise.all(people.map((p, i) => new Promise((resolve) => setTimeout(resolve, i * 5)).then(() => submit(t, ballot, p, 1, 'agree'))));
    const accepted = responses.filter((r) => r.status === 201).length;
    const refused = responses.filter((r) => r.status === 409 && r.body.code === 'BALLOT_CLOSED').length;
    expect(accepted + refused).toBe(people.length);
    const answers = Number(((await rawSql(t.config.database, `SELECT COUNT(*) AS n FROM ballot_answers WHERE ballot_id = '${ballot.id}'`)) as { n: number }[])[0].n);
    const opinions = Number(((await rawSql(t.config.database, `SELECT COUNT(*) AS n FROM ballot_opinions WHERE ballot_id = '${ballot.id}'`)) as { n: number }[])[0].n);
    expect(answers).toBe(accepted);
    expect(opinions).toBe(accepted * 2);
  });
});

describe(`closing that fell due while the server was down (${testDatabaseDriver()})`, () => {
  it('happens at the next start, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ecabinet-restart-'));
    const first = await startTestApp({ dataDir, keepDatabase: true });
    const database = first.config.database;
    let ballot: BallotResponse;
    try {
      // Demo members with device keys registered through the API, as a tablet would.
      const members: Recipient[] = [];
      for (const username of ['member1', 'member2', 'member3']) {
        const login = await first.loginAs(username);
        const key = createDeviceKey();
        const registered = await first.request('POST', '/api/signing-keys', { token: login.accessToken, body: { publicKey: key.publicKey, label: 'tablet' } });
        members.push({ user: { id: login.user.id } as UserEntity, token: login.accessToken, key, keyId: registered.body.id });
      }
      const deadline = new Date(Date.now() + 4000);
      ballot = await issue(first, members.map((m) => m.user.id), deadline);
      const answered = await submit(first, ballot, members[0], 1, 'agree');
      expect({ status: answered.status, body: answered.status === 201 ? null : answered.body }).toEqual({ status: 201, body: null });
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now()) + 300));
    } catch (error) {
      await first.close().catch(() => undefined);
      await dropDatabase(database, dataDir);
      throw error;
    }

    const second = await startTestApp({ dataDir, database });
    try {
      const secretary = (await second.loginAs('secretary')).accessToken;
      const after = (await second.request('GET', `/api/ballots/${ballot.id}`, { token: secretary })).body as BallotResponse;
      expect(after.status).toBe('closed');
      expect(after.tally?.[0]).toMatchObject({ agree: 1, silent: 2, passed: false });
      const admin = (await second.loginAs('admin')).accessToken;
      const closings = (await second.request('GET', '/api/audit?action=ballot.closed', { token: admin })).body.items.filter((e: { targetId: string }) => e.targetId === ballot.id);
      expect(closings).toHaveLength(1);
    } finally {
      await second.close();
      await dropDatabase(database, dataDir);
    }
  });
});
