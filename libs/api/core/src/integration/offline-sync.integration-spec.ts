import type { AnnotationResponse, AnswerReceipt, PositionResponse } from '@ecabinet/shared/contracts';
import { Clock } from '@ecabinet/api/platform';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { answerDocument, createDeviceKey, createMeeting, issueTestBallot, rawSql, signDocument, startTestApp, testDatabaseDriver, uploadPaper, userIds, type MeetingFixture, type TestApp } from '../testing';

/**
 * What a tablet sends when the network returns (#14): notes, positions and signed answers made
 * offline. A change sent again (its first answer lost) is stored once; a change made meanwhile
 * on another device is returned in a 409 and kept, never overwritten; a signed answer that
 * arrives after the deadline is refused plainly, whatever time it was signed at.
 */
describe(`offline changes sent when the network returns (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let f: MeetingFixture;
  let paperId: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', secretary: 'secretary' } });
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 3 }), { token: f.tokens['secretary'], fields: { title: 'Tờ trình' } });
    paperId = upload.body.id;
  });
  afterAll(() => t.close());

  const notes = () => `/api/meetings/${f.meeting.id}/papers/${paperId}/annotations`;
  const myNotes = async (username = 'member1') => (await t.request('GET', notes(), { token: f.tokens[username] })).body as AnnotationResponse[];

  it('stores a note made offline once, however often it is sent, and refuses an id that names another note', async () => {
    const id = '6f1c1e2a-8b7d-4c3e-9a51-2d4b8e6f0a11';
    const note = { id, kind: 'note', page: 2, text: 'Viết khi ở trên máy bay' };
    const first = await t.request('POST', notes(), { token: f.tokens['member1'], body: note });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id, page: 2, text: 'Viết khi ở trên máy bay', revision: 1 });
    // Sent again, and twice at once: the same note, as stored.
    const again = await Promise.all([1, 2].map(() => t.request('POST', notes(), { token: f.tokens['member1'], body: note })));
    expect(again.map((r) => [r.status, r.body.id, r.body.createdAt])).toEqual([
      [201, id, first.body.createdAt],
      [201, id, first.body.createdAt],
    ]);
    expect((await myNotes()).filter((n) => n.id === id)).toHaveLength(1);
    // Another member cannot take the id, nor learn the note's text from it.
    const taken = await t.request('POST', notes(), { token: f.tokens['member2'], body: { ...note, text: 'khác' } });
    expect([taken.status, taken.body.code]).toEqual([409, 'ANNOTATION_ID_TAKEN']);
    expect(JSON.stringify(taken.body)).not.toContain('máy bay');
    expect((await myNotes('member2')).map((n) => n.id)).not.toContain(id);
    expect((await t.request('POST', notes(), { token: f.tokens['member1'], body: { ...note, id: 'not-a-uuid' } })).status).toBe(400);
  });

  it('keeps a note changed on another device: an offline edit or delete of the older revision is a 409 with the note as it is', async () => {
    const made = (await t.request('POST', notes(), { token: f.tokens['member1'], body: { kind: 'note', page: 1, text: 'Bản đầu' } })).body as AnnotationResponse;
    // The phone edits it online.
    const phone = await t.request('PATCH', `${notes()}/${made.id}`, { token: f.tokens['member1'], body: { text: 'Sửa trên điện thoại', revision: 1 } });
    expect(phone.body.revision).toBe(2);
    // The tablet, offline, had edited and then deleted revision 1.
    const edit = await t.request('PATCH', `${notes()}/${made.id}`, { token: f.tokens['member1'], body: { text: 'Sửa trên máy tính bảng', revision: 1 } });
    expect([edit.status, edit.body.code, edit.body.details?.text, edit.body.details?.revision]).toEqual([409, 'STALE_VERSION', 'Sửa trên điện thoại', 2]);
    const remove = await t.request('DELETE', `${notes()}/${made.id}?revision=1`, { token: f.tokens['member1'] });
    expect([remove.status, remove.body.code, remove.body.details?.text]).toEqual([409, 'STALE_VERSION', 'Sửa trên điện thoại']);
    expect((await myNotes()).find((n) => n.id === made.id)?.text).toBe('Sửa trên điện thoại');
    // Of the revision it saw, the delete goes through; sent again, the note is gone (404), not an error of another kind.
    expect((await t.request('DELETE', `${notes()}/${made.id}?revision=2`, { token: f.tokens['member1'] })).status).toBe(204);
    expect((await t.request('DELETE', `${notes()}/${made.id}?revision=2`, { token: f.tokens['member1'] })).status).toBe(404);
    expect((await t.request('DELETE', `${notes()}/${made.id}?revision=zero`, { token: f.tokens['member1'] })).status).toBe(400);
  });

  it('applies a position marked offline unless it changed meanwhile elsewhere: then a 409 with it, kept; a replay is the same', async () => {
    const position = `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/position`;
    const token = f.tokens['member2'];
    // The tablet showed none and marks "objection" offline; sent twice, the same.
    for (let i = 0; i < 2; i++) {
      const set = await t.request('PUT', position, { token, body: { position: 'objection', baseline: 'none' } });
      expect([set.status, (set.body as PositionResponse).position]).toEqual([200, 'objection']);
    }
    // The phone, online, changes it to "wish to speak".
    expect((await t.request('PUT', position, { token, body: { position: 'wish_to_speak', baseline: 'objection' } })).status).toBe(200);
    // The tablet, still showing "objection", had changed it to "no objection" offline: refused, with the phone's choice.
    const stale = await t.request('PUT', position, { token, body: { position: 'no_objection', baseline: 'objection' } });
    expect([stale.status, stale.body.code, stale.body.details?.position]).toEqual([409, 'STALE_VERSION', 'wish_to_speak']);
    const mine = (await t.request('GET', `/api/meetings/${f.meeting.id}/positions/mine`, { token })).body as PositionResponse[];
    expect(mine.map((p) => p.position)).toEqual(['wish_to_speak']);
    // Without a baseline (online, on the screen that shows it), a change applies as before.
    expect((await t.request('PUT', position, { token, body: { position: 'no_objection' } })).status).toBe(200);
    expect((await t.request('PUT', position, { token, body: { position: 'no_objection', baseline: 'maybe' } })).status).toBe(400);
  });

  it('says a signed answer sent again is stored already (with its receipt), and refuses plainly one that arrives after the deadline, though signed before', async () => {
    const tokens = { secretary: f.tokens['secretary'], chair: f.tokens['chair'] };
    const keys: Record<string, { key: ReturnType<typeof createDeviceKey>; id: string }> = {};
    f.tokens['member3'] = (await t.loginAs('member3')).accessToken;
    for (const username of ['member1', 'member2', 'member3']) {
      const key = createDeviceKey();
      const registered = await t.request('POST', '/api/signing-keys', { token: f.tokens[username], body: { publicKey: key.publicKey, label: 'Máy tính bảng' } });
      keys[username] = { key, id: registered.body.id };
    }
    const ballot = await issueTestBallot(t, tokens, [ids['member1'], ids['member2'], ids['member3']]);
    const signed = (username: string, signedAt = new Date()) => {
      const document = answerDocument(ballot, ids[username], 1, ['agree', 'disagree'], signedAt);
      return { document, signature: signDocument(document, keys[username].key), keyId: keys[username].id };
    };
    const send = (username: string, body: unknown) => t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: f.tokens[username], body });

    // Queued offline, sent; its answer lost, sent again: the device learns it is in.
    const queued = signed('member1');
    const first = await send('member1', queued);
    expect(first.status).toBe(201);
    const again = await send('member1', queued);
    expect([again.status, again.body.code, again.body.details?.alreadyStored]).toEqual([409, 'SIGNATURE_REPLAYED', true]);
    expect((again.body.details?.receipt as AnswerReceipt).documentHash).toBe((first.body as AnswerReceipt).documentHash);

    // member3 signed three hours ago, offline; the ballot is still open: it counts.
    const offline = await send('member3', signed('member3', new Date(Date.now() - 3 * 3_600_000)));
    expect(offline.status).toBe(201);
    // A time ahead of the server's clock is still refused.
    expect((await send('member2', signed('member2', new Date(Date.now() + 3_600_000)))).body.code).toBe('SIGNATURE_INVALID');

    // member2 signs on the plane before the deadline; the tablet reaches the server after it.
    const late = signed('member2', new Date());
    const spy = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 49 * 3_600_000));
    try {
      const refused = await send('member2', late);
      expect([refused.status, refused.body.code]).toEqual([409, 'BALLOT_CLOSED']);
      // member1's answer, sent once more after the deadline, is still known as stored, not as late.
      expect((await send('member1', queued)).body.details?.alreadyStored).toBe(true);
    } finally {
      spy.mockRestore();
    }
    const stored = await rawSql(t.config.database, `SELECT recipient_id FROM ballot_answers WHERE ballot_id = '${ballot.id}'`);
    expect(new Set(stored.map((r) => (r as { recipient_id: string }).recipient_id))).toEqual(new Set([ids['member1'], ids['member3']]));
  });
});
