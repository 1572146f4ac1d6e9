import type { BallotResponse } from '@ecabinet/shared/contracts';
import { Clock } from '@ecabinet/api/platform';
import { answerDocument, createDeviceKey, issueTestBallot, rawSql, signDocument, startTestApp, testDatabaseDriver, userIds, type DeviceKey, type TestApp } from '../testing';

/**
 * The answer path keeps what cannot change in memory (an issued ballot's version, questions and
 * recipients; a device key's text and owner) and skips reading them again. These tests change
 * what can change after the first answer has filled that memory (revocation, the deadline, the
 * status, a draft) and show the next answer still sees it.
 */
describe(`signed answers once the ballot and the key are known (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};
  const keys: Record<string, { key: DeviceKey; id: string }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member3']) tokens[username] = (await t.loginAs(username)).accessToken;
    for (const username of ['member1', 'member2', 'member3']) {
      const key = createDeviceKey();
      const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: key.publicKey, label: 'iPad' } });
      keys[username] = { key, id: registered.body.id };
    }
  });
  afterAll(() => t.close());

  /** The tests' SQL is written with `$n`; SQLite takes `?` in the same order. */
  const sql = (text: string) => (t.config.database.driver === 'postgres' ? text : text.replace(/\$\d+/g, '?'));

  const issue = (recipients: string[]) => issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'] }, recipients.map((u) => ids[u]));
  function send(ballot: BallotResponse, username: string, revision: number, signedAt = new Date()) {
    const key = keys[username];
    const document = answerDocument(ballot, ids[username], revision, ['agree', 'disagree'], signedAt);
    return t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens[username], body: { document, signature: signDocument(document, key.key), keyId: key.id } });
  }
  const stored = async (ballotId: string, username: string) =>
    ((await rawSql(t.config.database, sql('SELECT revision FROM ballot_answers WHERE ballot_id = $1 AND recipient_id = $2 ORDER BY revision'), [ballotId, ids[username]])) as { revision: number | string }[]).map((r) => Number(r.revision));

  it('a key revoked after it signed is refused on the next answer, first or revision, and nothing is stored', async () => {
    const first = await issue(['member1', 'member2']);
    expect((await send(first, 'member1', 1)).status).toBe(201);
    expect((await send(first, 'member2', 1)).status).toBe(201);
    const second = await issue(['member1', 'member2']);
    expect((await send(second, 'member2', 1)).status).toBe(201);

    for (const username of ['member1', 'member2']) {
      expect((await t.request('DELETE', `/api/signing-keys/${keys[username].id}`, { token: tokens['admin'] })).status).toBe(200);
    }
    // member1's first answer to the second ballot, member2's revision: both with a known key, now revoked.
    const firstAnswer = await send(second, 'member1', 1);
    expect({ status: firstAnswer.status, code: firstAnswer.body.code }).toEqual({ status: 422, code: 'SIGNING_KEY_REVOKED' });
    const revision = await send(second, 'member2', 2);
    expect({ status: revision.status, code: revision.body.code }).toEqual({ status: 422, code: 'SIGNING_KEY_REVOKED' });
    expect(await stored(second.id, 'member1')).toEqual([]);
    expect(await stored(second.id, 'member2')).toEqual([1]);

    // A fresh key for each: accepted again.
    for (const username of ['member1', 'member2']) {
      const key = createDeviceKey();
      const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: key.publicKey, label: 'Laptop' } });
      keys[username] = { key, id: registered.body.id };
    }
    expect((await send(second, 'member1', 1)).status).toBe(201);
    expect((await send(second, 'member2', 2)).status).toBe(201);
  });

  it('a ballot whose deadline passed, or that closed, after its first answers refuses the next with 409', async () => {
    const closing = await issue(['member3', 'member1']);
    expect((await send(closing, 'member3', 1)).status).toBe(201);
    // Past the deadline (48 h ahead), before the scheduler has closed it: the devices' clocks agree.
    const later = new Date(Date.now() + 49 * 3_600_000);
    const spy = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(later);
    try {
      const late = await send(closing, 'member1', 1, later);
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'BALLOT_CLOSED' });
      const lateRevision = await send(closing, 'member3', 2, later);
      expect({ status: lateRevision.status, code: lateRevision.body.code }).toEqual({ status: 409, code: 'BALLOT_CLOSED' });
    } finally {
      spy.mockRestore();
    }
    expect(await stored(closing.id, 'member1')).toEqual([]);
    expect(await stored(closing.id, 'member3')).toEqual([1]);

    // Closed early by the secretariat once everyone had answered: a revision afterwards is refused.
    const early = await issue(['member3']);
    expect((await send(early, 'member3', 1)).status).toBe(201);
    expect((await t.request('POST', `/api/ballots/${early.id}/close`, { token: tokens['secretary'] })).status).toBe(200);
    const afterClose = await send(early, 'member3', 2);
    expect({ status: afterClose.status, code: afterClose.body.code }).toEqual({ status: 409, code: 'BALLOT_CLOSED' });
    expect(await stored(early.id, 'member3')).toEqual([1]);
  });

  it('someone who is not a recipient stays refused, and a draft is still cleared by the answer that replaces it', async () => {
    const ballot = await issue(['member1', 'member2']);
    expect((await send(ballot, 'member1', 1)).status).toBe(201);
    const outsider = await send(ballot, 'member3', 1);
    // A member who is not a recipient does not learn the ballot exists, as before the ballot was known.
    expect({ status: outsider.status, code: outsider.body.code }).toEqual({ status: 404, code: 'BALLOT_NOT_FOUND' });
    expect(await stored(ballot.id, 'member3')).toEqual([]);

    const draft = await t.request('PUT', `/api/ballots/${ballot.id}/draft`, { token: tokens['member2'], body: { answers: [{ questionId: ballot.questions[0].id, choice: 'agree', comment: '' }] } });
    expect(draft.status).toBe(200);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/draft`, { token: tokens['member2'] })).body).toMatchObject({ answers: [{ choice: 'agree' }], savedAt: expect.any(String) });
    expect((await send(ballot, 'member2', 1)).status).toBe(201);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/draft`, { token: tokens['member2'] })).body).toEqual({ answers: [], savedAt: null });
  });
});
