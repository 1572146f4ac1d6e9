// `npm test`: every unit and integration test against SQLite; then, when TEST_DATABASE_URL
// names a PostgreSQL database, the API's database tests again against it (api-core's specs,
// which boot the whole app; each spec in its own schema, two at a time: alone in this pass, one
// Jest worker left a core idle). The other API libraries' tests use no database and run once.
// Results are never replayed from the Nx cache: a test run always runs the tests.
// TEST_NODE_MAJOR=22 runs that PostgreSQL pass on that Node.js major (fetched from the npm registry by
// fetch-node.mjs): CI uses it so that the Docker image's runtime runs the API's tests too.
import { execFileSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { nx, nxEnv } from './nx-env.mjs';

const postgresUrl = process.env.TEST_DATABASE_URL;
const { TEST_DATABASE_URL: _omit, ...sqliteEnv } = nxEnv;

console.log('\n=== Unit and integration tests on SQLite ===\n');
nx(['run-many', '-t', 'test', '--skip-nx-cache', '--parallel=2'], sqliteEnv);

if (postgresUrl) {
  const postgresEnv = { ...nxEnv, TEST_DATABASE_URL: postgresUrl };
  const nodeMajor = process.env.TEST_NODE_MAJOR;
  if (nodeMajor) {
    const bin = execFileSync(process.execPath, [new URL('./fetch-node.mjs', import.meta.url).pathname, nodeMajor], { encoding: 'utf8' }).trim();
    postgresEnv.PATH = `${bin}${delimiter}${process.env.PATH}`;
  }
  const nodeVersion = execFileSync('node', ['--version'], { encoding: 'utf8', env: postgresEnv }).trim();
  console.log(`\n=== API integration tests again on PostgreSQL (${postgresUrl.replace(/\/\/[^@]*@/, '//')}), Node ${nodeVersion} ===\n`);
  nx(['run', 'api-core:test', '--skip-nx-cache', '--maxWorkers=2'], postgresEnv);
} else {
  console.log('\nTEST_DATABASE_URL is not set: PostgreSQL run skipped (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test).');
}
