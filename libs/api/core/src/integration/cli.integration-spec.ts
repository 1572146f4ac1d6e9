import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTamperSuite } from '@ecabinet/shared/trust';
import { createAdminCommand, migrateCommand, verifyBallotCommand } from '../lib/cli';
import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

describe(`operator commands (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    lines.length = 0;
  });

  it('migrate reports an up-to-date schema on a migrated database', async () => {
    expect(await migrateCommand(t.config, print)).toBe(0);
    expect(lines).toEqual(['The database schema is up to date.']);
  });

  it('create-admin refuses a missing or short ADMIN_PASSWORD and creates an admin who can sign in', async () => {
    delete process.env['ADMIN_PASSWORD'];
    expect(await createAdminCommand(t.config, ['chief', 'Trưởng Quản trị'], print)).toBe(2);
    process.env['ADMIN_PASSWORD'] = 'short';
    expect(await createAdminCommand(t.config, ['chief', 'Trưởng Quản trị'], print)).toBe(2);
    process.env['ADMIN_PASSWORD'] = 'a-very-long-admin-password';
    expect(await createAdminCommand(t.config, ['chief', 'Trưởng Quản trị'], print)).toBe(0);
    expect(await createAdminCommand(t.config, ['chief', 'Trưởng Quản trị'], print)).toBe(1);
    delete process.env['ADMIN_PASSWORD'];
    const login = await t.loginAs('chief', 'a-very-long-admin-password');
    expect(login.user).toMatchObject({ roles: ['admin'], fullName: 'Trưởng Quản trị' });
  });
});

describe('verify-ballot against the tamper suite (no server, no database)', () => {
  it('accepts the genuine record against its root, and refuses every forgery, saying why', async () => {
    const suite = await buildTamperSuite();
    const dir = mkdtempSync(join(tmpdir(), 'tamper-'));
    writeFileSync(join(dir, 'roots.pem'), suite.kit.anchorsPem);
    const run = async (raw: string) => {
      const file = join(dir, 'bundle.json');
      writeFileSync(file, raw);
      const lines: string[] = [];
      return { code: await verifyBallotCommand([file, '--trust', join(dir, 'roots.pem')], (line) => lines.push(line)), text: lines.join('\n') };
    };
    expect(await run(suite.genuine)).toMatchObject({ code: 0, text: expect.stringMatching(/^Bundle OK: 3 signed answers/) });
    for (const forgery of suite.forgeries) {
      const result = await run(forgery.raw);
      expect({ forgery: forgery.name, code: result.code, caught: result.text.includes(forgery.caughtBy) }).toEqual({ forgery: forgery.name, code: 1, caught: true });
    }
  });
});

describe(`the offline verification page (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const page = join(__dirname, '..', '..', '..', '..', '..', 'dist', 'apps', 'verify', 'verify.html');
  beforeAll(async () => {
    execFileSync(process.execPath, [join(__dirname, '..', '..', '..', '..', '..', 'tools', 'scripts', 'build-verify-page.mjs')], { stdio: 'pipe' });
    t = await startTestApp({ verifyPage: page });
  });
  afterAll(() => t.close());

  it('is served to anyone at /verify with a policy that allows its own script and no connection, and as a download', async () => {
    const served = await fetch(`${t.url}/verify`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('text/html');
    const policy = served.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(await served.text()).toContain('id="verify"');
    const download = await fetch(`${t.url}/verify.html`);
    expect(download.headers.get('content-disposition')).toContain('ecabinet-verify.html');
  });
});
