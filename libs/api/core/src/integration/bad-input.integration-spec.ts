import { startTestApp, testDatabaseDriver, type TestApp, type TestResponse } from '../testing';

describe(`bad input gets a clear error, never a 500 (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.loginAs('admin')).accessToken;
  });
  afterAll(() => t.close());

  const expectClientError = (response: TestResponse, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code, correlationId: expect.any(String) });
    expect(typeof response.body.message).toBe('string');
  };

  it('malformed JSON', async () => {
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '{"username": ' }), 400, 'VALIDATION_FAILED');
  });

  it('a body that is not an object', async () => {
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '"just a string"' }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '[1,2,3]' }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: 'null' }), 400, 'VALIDATION_FAILED');
  });

  it('missing, wrongly typed and unknown fields are listed per field', async () => {
    const response = await t.request('POST', '/api/users', {
      token: admin,
      body: { username: 'Bad Name!', fullName: 42, password: 'short', roles: ['king'], isAdmin: true },
    });
    expectClientError(response, 400, 'VALIDATION_FAILED');
    const fields = (response.body.details as { field: string }[]).map((detail) => detail.field).sort();
    expect(fields).toEqual(['fullName', 'isAdmin', 'password', 'roles', 'username']);
  });

  it('a body over the size limit', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' });
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: huge }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type', async () => {
    const response = await t.request('POST', '/api/auth/login', { rawBody: 'username=a', headers: { 'content-type': 'text/xml' } });
    expectClientError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an id that is not a UUID, and one that names nobody', async () => {
    expectClientError(await t.request('GET', '/api/users/not-a-uuid', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', "/api/users/1' OR '1'='1", { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/users/00000000-0000-4000-8000-000000000000', { token: admin }), 404, 'USER_NOT_FOUND');
  });

  it('out-of-range query parameters', async () => {
    expectClientError(await t.request('GET', '/api/audit?limit=100000', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/audit?from=yesterday', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/audit?action=drop-table', { token: admin }), 400, 'VALIDATION_FAILED');
  });

  it('a forged or malformed token', async () => {
    expectClientError(await t.request('GET', '/api/auth/me', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
    const [header, , signature] = (await t.loginAs('member1')).accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', se: 0, typ: 'access', exp: 9999999999 })).toString('base64url');
    expectClientError(await t.request('GET', '/api/auth/me', { token: `${header}.${forged}.${signature}` }), 401, 'UNAUTHENTICATED');
    expectClientError(await t.request('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHENTICATED');
  });

  it('a garbage refresh cookie', async () => {
    expectClientError(await t.request('POST', '/api/auth/refresh', { headers: { cookie: 'ec_refresh=%%%garbage' } }), 401, 'REFRESH_INVALID');
    expectClientError(await t.request('POST', '/api/auth/refresh'), 401, 'REFRESH_INVALID');
  });

  it('an unknown API path is a 404 in the same shape', async () => {
    expectClientError(await t.request('GET', '/api/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('echoes a well-formed correlation id and replaces a hostile one', async () => {
    const echoed = await t.request('GET', '/api/health', { headers: { 'x-correlation-id': 'trace-abc-12345' } });
    expect(echoed.headers.get('x-correlation-id')).toBe('trace-abc-12345');
    const replaced = await t.request('GET', '/api/health', { headers: { 'x-correlation-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
