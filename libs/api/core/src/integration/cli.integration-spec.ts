import { createAdminCommand, migrateCommand } from '../lib/cli';
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
