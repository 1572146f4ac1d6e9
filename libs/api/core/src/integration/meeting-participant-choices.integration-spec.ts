import type { MeetingParticipantChoice } from '@ecabinet/shared/contracts';
import { startTestApp, testDatabaseDriver, userIds, type TestApp } from '../testing';

/** Whom the secretariat may name as a meeting's participant: enabled users, by name, with their roles. */
describe(`meeting participant choices (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'observer']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(() => t.close());

  const choices = () => t.request('GET', '/api/meetings/participant-choices', { token: tokens['secretary'] });

  it('offers the secretariat every enabled user who may take part (not a pure administrator), by name, with roles and organisation and nothing else', async () => {
    const response = await choices();
    expect(response.status).toBe(200);
    const list = response.body as MeetingParticipantChoice[];
    const offered = new Set(list.map((c) => c.id));
    for (const username of ['chair', 'member1', 'member8', 'observer', 'secretary']) expect(offered.has(ids[username])).toBe(true);
    expect(offered.has(ids['admin'])).toBe(false);
    expect(list.map((c) => c.fullName)).toEqual([...list.map((c) => c.fullName)].sort((a, b) => a.localeCompare(b, 'vi')));
    const organisations = (await t.request('GET', '/api/organisations', { token: tokens['secretary'] })).body as { id: string; symbol: string }[];
    const finance = organisations.find((o) => o.symbol === 'BTC')?.id;
    expect(list.find((c) => c.id === ids['member1'])).toEqual({ id: ids['member1'], fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính', roles: ['member'], organisationId: finance });
  });

  it('leaves out a disabled user', async () => {
    const created = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'retired-deputy', fullName: 'Trần Văn Nghỉ', password: 'retired-deputy-pass', roles: ['delegate'] } });
    expect(created.status).toBe(201);
    expect(((await choices()).body as MeetingParticipantChoice[]).some((c) => c.id === created.body.id)).toBe(true);
    expect((await t.request('PATCH', `/api/users/${created.body.id}`, { token: tokens['admin'], body: { disabled: true } })).status).toBe(200);
    expect(((await choices()).body as MeetingParticipantChoice[]).some((c) => c.id === created.body.id)).toBe(false);
  });

  it('is refused to everyone but the secretariat, and to a caller without a token', async () => {
    for (const who of ['admin', 'chair', 'member1', 'observer']) {
      const response = await t.request('GET', '/api/meetings/participant-choices', { token: tokens[who] });
      expect({ who, status: response.status }).toEqual({ who, status: 403 });
    }
    expect((await t.request('GET', '/api/meetings/participant-choices')).status).toBe(401);
  });
});
