import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { PASSWORD_MIN_LENGTH } from '@ecabinet/shared/contracts';
import type { AppConfig } from '@ecabinet/api/platform';
import { buildDataSourceOptions } from '@ecabinet/api/database';
import { AuditOutboxEntity, verifyAuditChain } from '@ecabinet/api/audit';
import { verifyBallotBundle } from '@ecabinet/api/ballots';
import { UsersService } from '@ecabinet/api/identity';
import { ALL_ENTITIES, AppModule } from './app.module';
import { runMigrations } from './create-app';

/** `audit-verify`: checks the audit chain in the configured database; exit code 1 when broken. */
export async function auditVerifyCommand(config: AppConfig, print: (line: string) => void): Promise<number> {
  const dataSource = new DataSource(buildDataSourceOptions(config.database, ALL_ENTITIES));
  await dataSource.initialize();
  try {
    const result = await verifyAuditChain(dataSource);
    const pending = await dataSource.getRepository(AuditOutboxEntity).count();
    const waiting = pending ? ` ${pending} newer entries are waiting to be chained (a running API chains them within a second).` : '';
    if (result.ok) {
      print(`Audit chain OK: ${result.checked} entries verified (${config.database.driver}).${waiting}`);
      return 0;
    }
    print(`Audit chain BROKEN at entry ${result.firstBrokenSeq}: ${result.reason}. ${result.checked} entries before it verified.`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

/** `migrate`: applies pending migrations and lists them. */
export async function migrateCommand(config: AppConfig, print: (line: string) => void): Promise<number> {
  const applied = await runMigrations(config);
  print(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database schema is up to date.');
  return 0;
}

/**
 * `create-admin <username> "<full name>"`: the first administrator of a production install,
 * which never seeds users. The password comes from ADMIN_PASSWORD, never from the command line
 * (it would stay in the shell history and the process list).
 */
export async function createAdminCommand(config: AppConfig, args: string[], print: (line: string) => void): Promise<number> {
  const [username, fullName] = args;
  const password = process.env['ADMIN_PASSWORD'] ?? '';
  if (!username || !fullName) {
    print('Usage: create-admin <username> "<full name>"   (password in the ADMIN_PASSWORD variable)');
    return 2;
  }
  if (password.length < PASSWORD_MIN_LENGTH) {
    print(`ADMIN_PASSWORD must be set and at least ${PASSWORD_MIN_LENGTH} characters long.`);
    return 2;
  }
  await runMigrations(config);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot({ config: { ...config, seedDemo: false }, webRoot: null }), { logger: false });
  try {
    const user = await context.get(UsersService).create({ username, fullName, password, roles: ['admin'] });
    print(`Created administrator "${user.username}" (${user.id}).`);
    return 0;
  } catch (error) {
    print(`Could not create the administrator: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await context.close();
  }
}

/**
 * `verify-ballot <bundle.json>`: re-checks a downloaded result bundle with nothing but the file
 * (no server, no database): seal, every signature, no recipient twice, and the recomputed tally.
 */
export function verifyBallotCommand(file: string | undefined, print: (line: string) => void): number {
  if (!file) {
    print('Usage: verify-ballot <bundle.json>');
    return 2;
  }
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    print(`Cannot read ${file}.`);
    return 2;
  }
  const result = verifyBallotBundle(raw);
  if (result.ok) {
    print(`Bundle OK: ${result.answers} signed answers verified, tally recomputed and matching. SHA-256 ${result.sha256}`);
    return 0;
  }
  print(`Bundle NOT valid (${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}):`);
  for (const problem of result.problems) print(`  - ${problem}`);
  return 1;
}
