import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

describe(`health (${testDatabaseDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('reports the database and file store up and Redis not configured', async () => {
    t = await startTestApp();
    const response = await t.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.checks).toEqual({
      database: { state: 'up', driver: testDatabaseDriver() },
      fileStore: { state: 'up' },
      redis: { state: 'not-configured' },
    });
  });

  it('tells the web app, before sign-in, the time zone in which to show times (TIMEZONE, Hanoi by default)', async () => {
    t = await startTestApp();
    const response = await t.request('GET', '/api/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ timeZone: 'Asia/Ho_Chi_Minh' });
    await t.close();
    t = await startTestApp({ env: { TIMEZONE: 'Europe/Paris' } });
    expect((await t.request('GET', '/api/config')).body).toEqual({ timeZone: 'Europe/Paris' });
  });

  it('reports Redis up when configured (the live channel then runs through the Redis adapter)', async () => {
    t = await startTestApp({ env: { REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379' } });
    const response = await t.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.checks.redis.state).toBe('up');
  });
});
