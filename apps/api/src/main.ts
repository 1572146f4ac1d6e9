/**
 * e-Cabinet API entry point: `node main.js` serves; `node main.js audit-verify` and
 * `node main.js migrate` and `node main.js create-admin` are the operator commands (see README).
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigError, loadAppConfig, type AppConfig } from '@ecabinet/api/platform';
import { auditVerifyCommand, caCommand, createAdminCommand, createApp, verifyBallotCommand, DEMO_PASSWORD, DEMO_USERS, migrateCommand } from '@ecabinet/api/core';

const print = (line: string) => process.stdout.write(`${line}\n`);

function readConfig(): AppConfig {
  try {
    return loadAppConfig(process.env, process.env['npm_package_version'] ?? '0.1.0');
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Connections waiting to be accepted (the kernel caps it at net.core.somaxconn, 4,096 on Debian). */
const LISTEN_BACKLOG = 8192;

async function serve(config: AppConfig): Promise<void> {
  const webRoot = process.env['WEB_ROOT'] ?? join(__dirname, '..', 'web', 'browser');
  const verifyPage = process.env['VERIFY_PAGE'] ?? join(__dirname, '..', 'verify', 'verify.html');
  const { app, seeded } = await createApp({ config, webRoot, verifyPage });
  // A province's screens reconnect at once after a network cut (#15): with Node's default accept
  // queue (511) most of 10,000 connections were dropped and retried seconds later by the kernel.
  await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  const url = config.publicUrl;
  print('');
  print(`  e-Cabinet is running: ${url}`);
  print(`  API ${url}/api   ·   API docs ${url}/api/docs   ·   live updates ${url}/live (Socket.IO)`);
  print(`  Database: ${config.database.driver}${config.database.driver === 'sqlite' ? ` (${config.database.path})` : ''}   ·   Redis: ${config.redisUrl ? 'on' : 'off'}`);
  if (config.seedDemo) {
    print(`  ${seeded ? 'Seeded a demo government.' : 'Demo government present.'} Demo logins (password "${DEMO_PASSWORD}"):`);
    print(`    ${DEMO_USERS.map((user) => user.username).join(', ')}`);
  }
  print('');
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  // Needs only the file: no configuration, no database, no server.
  if (command === 'verify-ballot') {
    process.exitCode = await verifyBallotCommand(process.argv.slice(3), print);
    return;
  }
  if (command === 'ca') {
    process.exitCode = await caCommand(process.argv.slice(3), print);
    return;
  }
  const config = readConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'audit-verify':
      process.exitCode = await auditVerifyCommand(config, print, process.argv.slice(3));
      return;
    case 'migrate':
      process.exitCode = await migrateCommand(config, print);
      return;
    case 'create-admin':
      process.exitCode = await createAdminCommand(config, process.argv.slice(3), print);
      return;
    default:
      process.stderr.write(`Unknown command "${command}". Use: serve | migrate | audit-verify | create-admin | verify-ballot | ca\n`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`e-Cabinet failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env['LOG_LEVEL'] === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
