// `npm test`: every unit and integration test against SQLite; then, when TEST_DATABASE_URL
// names a PostgreSQL database, the API's tests again against it (each spec in its own schema).
// Results are never replayed from the Nx cache: a test run always runs the tests.
import { nx, nxEnv } from './nx-env.mjs';

const postgresUrl = process.env.TEST_DATABASE_URL;
const { TEST_DATABASE_URL: _omit, ...sqliteEnv } = nxEnv;

console.log('\n=== Unit and integration tests on SQLite ===\n');
nx(['run-many', '-t', 'test', '--skip-nx-cache', '--parallel=2'], sqliteEnv);

if (postgresUrl) {
  console.log(`\n=== API tests again on PostgreSQL (${postgresUrl.replace(/\/\/[^@]*@/, '//')}) ===\n`);
  nx(['run-many', '-t', 'test', '-p', 'api-*', '--skip-nx-cache', '--parallel=2'], { ...nxEnv, TEST_DATABASE_URL: postgresUrl });
} else {
  console.log('\nTEST_DATABASE_URL is not set: PostgreSQL run skipped (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test).');
}
