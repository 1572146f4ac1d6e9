import type { BallotRecipientChoice, BallotResponse } from '@ecabinet/shared/contracts';
import { startTestApp, testDatabaseDriver, userIds, type TestApp } from '../testing';

/** Who a ballot goes to: the secretariat chooses among enabled members and the chair. */
describe(`ballot recipients (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'observer']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(() => t.close());

  const draft = (recipientIds?: string[]) =>
    t.request('POST', '/api/ballots', {
      token: tokens['secretary'],
      body: { title: 'Phiếu chọn người nhận', summary: 'Tóm tắt', questions: [{ text: 'Tán thành?' }], deadline: new Date(Date.now() + 86_400_000).toISOString(), ...(recipientIds ? { recipientIds } : {}) },
    });
  const count = async () => ((await t.request('GET', '/api/ballots?box=all', { token: tokens['secretary'] })).body as BallotResponse[]).length;

  it('offers the secretariat the enabled members and the chair, by name, and no one else', async () => {
    const response = await t.request('GET', '/api/ballots/recipient-choices', { token: tokens['secretary'] });
    expect(response.status).toBe(200);
    const choices = response.body as BallotRecipientChoice[];
    const chosen = new Set(choices.map((c) => c.id));
    for (const username of ['chair', 'member1', 'member8']) expect(chosen.has(ids[username])).toBe(true);
    for (const username of ['admin', 'secretary', 'observer']) expect(chosen.has(ids[username])).toBe(false);
    expect(choices.map((c) => c.fullName)).toEqual([...choices.map((c) => c.fullName)].sort((a, b) => a.localeCompare(b, 'vi')));
    expect(choices.find((c) => c.id === ids['member1'])).toEqual({ id: ids['member1'], fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính' });
    for (const who of ['member1', 'chair', 'observer']) expect((await t.request('GET', '/api/ballots/recipient-choices', { token: tokens[who] })).status).toBe(403);
  });

  it('sends to the chosen members; by default to every member', async () => {
    const chosen = await draft([ids['member1'], ids['chair']]);
    expect(chosen.status).toBe(201);
    expect((chosen.body as BallotResponse).recipients?.map((r) => r.userId).sort()).toEqual([ids['member1'], ids['chair']].sort());
    const all = await draft();
    expect((all.body as BallotResponse).recipientCount).toBe(9); // the chair holds the member role too: 8 ministers and the chair
    const changed = await t.request('PATCH', `/api/ballots/${chosen.body.id}`, { token: tokens['secretary'], body: { version: chosen.body.version, recipientIds: [ids['member1']] } });
    expect(changed.status).toBe(200);
    expect((changed.body as BallotResponse).recipientCount).toBe(1);
  });

  it('refuses anyone who is not an enabled member, and an empty list, with 422 naming them; nothing is created', async () => {
    const before = await count();
    const disabled = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'former-minister', fullName: 'Nguyễn Văn Cũ', password: 'former-minister-pass', roles: ['member'] } });
    expect(disabled.status).toBe(201);
    expect((await t.request('PATCH', `/api/users/${disabled.body.id}`, { token: tokens['admin'], body: { disabled: true } })).status).toBe(200);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [who, refused] of [
      [[ids['member1'], ids['observer']], [ids['observer']]],
      [[ids['secretary']], [ids['secretary']]],
      [[unknown, ids['member1']], [unknown]],
      [[disabled.body.id as string], [disabled.body.id as string]],
      [[], []],
    ] as const) {
      const response = await draft([...who]);
      expect({ status: response.status, code: response.body.code, userIds: response.body.details?.userIds }).toEqual({ status: 422, code: 'BALLOT_RECIPIENTS_INVALID', userIds: [...refused] });
    }
    expect(await count()).toBe(before);
  });
});
