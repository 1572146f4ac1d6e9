// Fetches an official Node.js build of the given major version from the npm registry (the `node-<platform>-<arch>`
// packages) into tmp/node-<major>, and prints the directory holding its `node` binary. CI uses it to run the API's
// PostgreSQL tests and the two-process check on the Docker image's runtime (Node 22) while the workspace runs on Node 20.
//   node tools/scripts/fetch-node.mjs 22   ->   /path/to/tmp/node-22/package/bin
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const major = process.argv[2];
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: node tools/scripts/fetch-node.mjs <major version>');
  process.exit(2);
}
const dir = resolve(import.meta.dirname, '../../tmp', `node-${major}`);
const bin = join(dir, 'package', 'bin');

if (!existsSync(join(bin, 'node'))) {
  mkdirSync(dir, { recursive: true });
  const spec = `node-${process.platform}-${process.arch}@${major}`;
  execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
}
const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith(`v${major}.`)) throw new Error(`expected Node ${major}, got ${version}`);
process.stdout.write(`${bin}\n`);
