import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

/** Every file and directory under `root` with its size and modification time (the database's own files aside). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (/\.sqlite(-wal|-shm|-journal)?$/.test(name)) continue;
      const path = join(dir, name);
      const info = statSync(path);
      out[path] = `${info.isDirectory() ? 'dir' : info.size} ${info.mtimeMs}`;
      if (info.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

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

  it('readiness reads only: asked again and again, it writes nothing under DATA_DIR (GET /api/health is readiness too)', async () => {
    t = await startTestApp();
    const before = snapshot(t.config.dataDir);
    for (const path of ['/api/health/ready', '/api/health', '/api/health/ready']) {
      const response = await t.request('GET', path);
      expect({ path, status: response.status, checks: response.body.checks }).toEqual({
        path,
        status: 200,
        checks: { database: { state: 'up', driver: testDatabaseDriver() }, fileStore: { state: 'up' }, redis: { state: 'not-configured' } },
      });
    }
    expect(snapshot(t.config.dataDir)).toEqual(before);
  });

  it('liveness does no I/O: it answers while the database is gone, when readiness says 503', async () => {
    t = await startTestApp();
    expect(await t.request('GET', '/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok', version: t.config.version } });
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    try {
      expect(await t.request('GET', '/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await t.request('GET', '/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'degraded', checks: { database: { state: 'down' }, fileStore: { state: 'up' } } });
      expect((await t.request('GET', '/api/health')).status).toBe(503);
    } finally {
      await dataSource.initialize();
    }
  });

  it('tells the web app, before sign-in, the time zone in which to show times (TIMEZONE, Hanoi by default)', async () => {
    t = await startTestApp();
    const response = await t.request('GET', '/api/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ timeZone: 'Asia/Ho_Chi_Minh', singleSignOn: false, offlineCopyHours: 72, video: null });
    await t.close();
    // With it the hours a paper kept on a device stays readable offline (OFFLINE_COPY_HOURS).
    t = await startTestApp({ env: { TIMEZONE: 'Europe/Paris', OFFLINE_COPY_HOURS: '0.5' } });
    expect((await t.request('GET', '/api/config')).body).toEqual({ timeZone: 'Europe/Paris', singleSignOn: false, offlineCopyHours: 0.5, video: null });
  });

  it('reports Redis up when configured (the live channel then runs through the Redis adapter)', async () => {
    t = await startTestApp({ env: { REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379' } });
    const response = await t.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.checks.redis.state).toBe('up');
  });
});
