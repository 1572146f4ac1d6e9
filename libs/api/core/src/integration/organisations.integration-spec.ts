import type { OrganisationResponse } from '@ecabinet/shared/contracts';
import { startTestApp, testDatabaseDriver, userIds, type TestApp } from '../testing';

/** Organisations of the Government (bộ, ngành, cơ quan): read by everyone signed in, managed by the administrator, never deleted. */
describe(`organisations (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'member1', 'secretary']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(() => t.close());

  const list = async (token = tokens['member1']) => (await t.request('GET', '/api/organisations', { token })).body as OrganisationResponse[];

  it("the demo government's organisations, each with its head and its people, for anyone signed in", async () => {
    const organisations = await list();
    expect(organisations.map((o) => o.symbol)).toEqual(expect.arrayContaining(['CP', 'VPCP', 'BTC', 'BTP', 'BKHĐT', 'BNG']));
    const finance = organisations.find((o) => o.symbol === 'BTC') as OrganisationResponse;
    expect(finance).toMatchObject({ name: 'Bộ Tài chính', shortName: 'Tài chính', headUserId: ids['member1'], headName: 'Lê Quang Huy', active: true, memberCount: 1 });
    expect(organisations.find((o) => o.symbol === 'VPCP')?.memberCount).toBe(4);
    const me = await t.request('GET', `/api/users/${ids['member1']}`, { token: tokens['admin'] });
    expect(me.body.organisationId).toBe(finance.id);
    expect((await t.request('GET', '/api/organisations')).status).toBe(401);
  });

  it('the administrator creates and changes one (audited); a bad or taken symbol, an unfit head or an unknown field is refused and changes nothing', async () => {
    const create = (body: Record<string, unknown>, token = tokens['admin']) => t.request('POST', '/api/organisations', { token, body });
    expect((await create({ name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBND-HN' }, tokens['secretary'])).status).toBe(403);
    const before = (await list()).length;
    for (const body of [
      { name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBND HN' },
      { name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: '' },
      { name: 'x'.repeat(201), shortName: 'UBND Hà Nội', symbol: 'UBNDHN' },
      { name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBNDHN', headUserId: 'not-a-uuid' },
      { name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBNDHN', budget: 1 },
      { name: null, shortName: 'UBND Hà Nội', symbol: 'UBNDHN' },
    ]) {
      const refused = await create(body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await create({ name: 'Bộ Tài chính (trùng)', shortName: 'Tài chính', symbol: 'btc' })).body).toMatchObject({ code: 'ORGANISATION_SYMBOL_TAKEN' });
    expect((await create({ name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBNDHN', headUserId: ids['observer'] })).body).toMatchObject({ code: 'ORGANISATION_HEAD_INVALID' });
    expect((await create({ name: 'Ủy ban nhân dân thành phố Hà Nội', shortName: 'UBND Hà Nội', symbol: 'UBNDHN', headUserId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect(await list()).toHaveLength(before);

    const created = await create({ name: '  Ủy ban nhân dân thành phố Hà Nội ', shortName: 'UBND Hà Nội', symbol: 'ubnd-hn', headUserId: ids['member3'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ủy ban nhân dân thành phố Hà Nội', symbol: 'UBND-HN', headName: 'Đặng Văn Đức', memberCount: 0, active: true });
    const id = created.body.id as string;
    const renamed = await t.request('PATCH', `/api/organisations/${id}`, { token: tokens['admin'], body: { shortName: 'Hà Nội', headUserId: null } });
    expect(renamed.body).toMatchObject({ shortName: 'Hà Nội', headUserId: null, headName: null });
    expect((await t.request('PATCH', `/api/organisations/${id}`, { token: tokens['admin'], body: { symbol: 'BTP' } })).body.code).toBe('ORGANISATION_SYMBOL_TAKEN');
    expect((await t.request('PATCH', `/api/organisations/${id}`, { token: tokens['member1'], body: { shortName: 'Khác' } })).status).toBe(403);
    expect((await t.request('PATCH', '/api/organisations/00000000-0000-4000-8000-000000000000', { token: tokens['admin'], body: { shortName: 'Khác' } })).body.code).toBe('ORGANISATION_NOT_FOUND');
    const audit = await t.request('GET', '/api/audit?action=organisation.updated', { token: tokens['admin'] });
    expect(audit.body.items[0]).toMatchObject({ targetId: id, actorUsername: 'admin' });
    expect(audit.body.items[0].details.changes).toMatchObject({ shortName: { from: 'UBND Hà Nội', to: 'Hà Nội' }, headUserId: { from: ids['member3'], to: null } });
  });

  it("users join an active organisation; an inactive one is kept, with its people, but takes no one new", async () => {
    const created = await t.request('POST', '/api/organisations', { token: tokens['admin'], body: { name: 'Thanh tra Chính phủ', shortName: 'Thanh tra', symbol: 'TTCP' } });
    const id = created.body.id as string;
    const user = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'thanhtra.1', fullName: 'Cán bộ thanh tra', password: 'ecabinet-demo', roles: ['observer'], organisationId: id } });
    expect(user.body).toMatchObject({ organisationId: id });
    expect((await t.request('GET', `/api/organisations/${id}`, { token: tokens['member1'] })).body.memberCount).toBe(1);
    // A disabled account is not counted among the organisation's people.
    const colleague = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'thanhtra.0', fullName: 'Cán bộ đã nghỉ', password: 'ecabinet-demo', roles: ['observer'], organisationId: id } });
    expect((await t.request('GET', `/api/organisations/${id}`, { token: tokens['member1'] })).body.memberCount).toBe(2);
    expect((await t.request('PATCH', `/api/users/${colleague.body.id}`, { token: tokens['admin'], body: { disabled: true } })).status).toBe(200);
    expect((await t.request('PATCH', `/api/organisations/${id}`, { token: tokens['admin'], body: { active: false } })).body).toMatchObject({ active: false, memberCount: 1 });
    expect((await list()).at(-1)?.id).toBe(id);
    const joining = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'thanhtra.2', fullName: 'Cán bộ thanh tra 2', password: 'ecabinet-demo', roles: ['observer'], organisationId: id } });
    expect(joining.body.code).toBe('ORGANISATION_INACTIVE');
    expect((await t.request('PATCH', `/api/users/${ids['member2']}`, { token: tokens['admin'], body: { organisationId: id } })).body.code).toBe('ORGANISATION_INACTIVE');
    expect((await t.request('PATCH', `/api/users/${ids['member2']}`, { token: tokens['admin'], body: { organisationId: '00000000-0000-4000-8000-000000000000' } })).body.code).toBe('ORGANISATION_NOT_FOUND');
    // The user already there stays; leaving it is allowed.
    const left = await t.request('PATCH', `/api/users/${user.body.id}`, { token: tokens['admin'], body: { organisationId: null } });
    expect(left.body).toMatchObject({ organisationId: null });
  });
});
