import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { PASSWORD_MIN_LENGTH, type AuditCheckpoint, type AuditInclusionProof, type SealedBallotBundle } from '@ecabinet/shared/contracts';
import type { AppConfig } from '@ecabinet/api/platform';
import { buildDataSourceOptions } from '@ecabinet/api/database';
import { AuditEntryEntity, AuditOutboxEntity, auditRoot, sha256, verifyAuditChain } from '@ecabinet/api/audit';
import { canonicalJson, certificatesFromPem, crlsFromPem, inclusionHolds, sha256Hex, verifyBallotBundle, verifyCheckpointFile } from '@ecabinet/shared/trust';
import { UsersService } from '@ecabinet/api/identity';
import { ALL_ENTITIES, AppModule } from './app.module';
import { runMigrations } from './create-app';

/**
 * `audit-verify [--checkpoint cp.json --trust roots.pem [--bundle bundle.json]]`: checks the audit
 * chain in the configured database; with a checkpoint (as mailed to the inspectors), also that its
 * seal chains to the caller's anchors and that the log's first `size` entries still give its
 * Merkle root: a rewritten entry (even with every later hash recomputed) or a cut tail fails.
 * With a ballot's result bundle, also that every answer the anchored log records for that ballot
 * is in the bundle: the seal's key is in the server's configuration, so an insider can re-seal a
 * record without an answer; the log, anchored outside, still names it. Exit 0: valid; 1: broken;
 * 2: cannot check (a checkpoint without anchors, an unreadable file).
 */
export async function auditVerifyCommand(config: AppConfig, print: (line: string) => void, args: string[] = []): Promise<number> {
  const options = parseOptions(args, ['--checkpoint', '--trust', '--proof', '--bundle']);
  if (options.error || options.positional.length) {
    print(options.error ?? 'Usage: audit-verify [--checkpoint <checkpoint.json> --trust <roots.pem> [--bundle <bundle.json>]] | --proof <proof.json> --trust <roots.pem>');
    return 2;
  }
  if (options.values.has('--bundle') && !options.values.has('--checkpoint')) {
    print('--bundle goes with --checkpoint and --trust: only a log anchored by a sealed checkpoint can vouch for what a bundle should hold.');
    return 2;
  }
  const proofFile = options.values.get('--proof');
  if (proofFile) return verifyInclusionProof(proofFile, options.values.get('--trust'), print);
  const checkpointFile = options.values.get('--checkpoint');
  let checkpoint: AuditCheckpoint | null = null;
  let bundle: SealedBallotBundle | null = null;
  if (checkpointFile) {
    const trustFile = options.values.get('--trust');
    if (!trustFile) {
      print('No trust anchors: pass --trust <roots.pem> with --checkpoint. A checkpoint proves nothing unless its seal chains to roots you trust.');
      return 2;
    }
    const anchors = readAnchors(trustFile, print);
    const raw = readText(checkpointFile, print);
    if (!anchors || raw === null) return 2;
    const check = await verifyCheckpointFile(raw, { anchors });
    if (!check.ok || !check.checkpoint) {
      print(`Checkpoint NOT valid: ${check.problems.join('; ')}`);
      return 1;
    }
    checkpoint = check.checkpoint;
    const bundleFile = options.values.get('--bundle');
    if (bundleFile) {
      const text = readText(bundleFile, print);
      if (text === null) return 2;
      const bundleCheck = await verifyBallotBundle(text, { anchors });
      if (!bundleCheck.ok) {
        print(`Bundle NOT valid: ${bundleCheck.problems.join('; ')}`);
        return 1;
      }
      bundle = JSON.parse(text) as SealedBallotBundle;
    }
  } else if (options.values.has('--trust')) {
    print('--trust goes with --checkpoint.');
    return 2;
  }
  const dataSource = new DataSource(buildDataSourceOptions(config.database, ALL_ENTITIES));
  await dataSource.initialize();
  try {
    const result = await verifyAuditChain(dataSource);
    const pending = await dataSource.getRepository(AuditOutboxEntity).count();
    const waiting = pending ? ` ${pending} newer entries are waiting to be chained (a running API chains them within a second).` : '';
    if (!result.ok) {
      print(`Audit chain BROKEN at entry ${result.firstBrokenSeq}: ${result.reason}. ${result.checked} entries before it verified.`);
      return 1;
    }
    if (!checkpoint) {
      print(`Audit chain OK: ${result.checked} entries verified (${config.database.driver}).${waiting} This checks integrity only: pass --checkpoint and --trust to prove the log against a sealed checkpoint.`);
      return 0;
    }
    if (checkpoint.size > result.checked) {
      print(`Audit log does NOT extend the checkpoint: the checkpoint covers ${checkpoint.size} entries, the log now holds ${result.checked} (its tail was cut).`);
      return 1;
    }
    const hashes = (await dataSource.getRepository(AuditEntryEntity).createQueryBuilder('entry').select(['entry.seq', 'entry.hash']).where('entry.seq <= :size', { size: checkpoint.size }).orderBy('entry.seq', 'ASC').getMany()).map((entry) => entry.hash);
    if (auditRoot(hashes) !== checkpoint.rootHash) {
      print(`Audit log does NOT extend the checkpoint of ${checkpoint.at}: its first ${checkpoint.size} entries no longer give the sealed Merkle root (entries were rewritten).`);
      return 1;
    }
    print(`Audit log OK: ${result.checked} entries verified, and the first ${checkpoint.size} give the Merkle root of the checkpoint sealed at ${checkpoint.at} (${config.database.driver}).${waiting}`);
    return bundle ? await crossCheckBundle(dataSource, checkpoint, bundle, print) : 0;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Every answer the log records for the bundle's ballot, up to the checkpoint (so anchored), must
 * be in the bundle, revision for revision (the same document hash).
 */
async function crossCheckBundle(dataSource: DataSource, checkpoint: AuditCheckpoint, bundle: SealedBallotBundle, print: (line: string) => void): Promise<number> {
  const entries = await dataSource
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('entry')
    .where('entry.action = :action AND entry.target_id = :ballotId', { action: 'ballot.answered', ballotId: bundle.ballot.id })
    .orderBy('entry.seq', 'ASC')
    .getMany();
  const inBundle = new Set(await Promise.all(bundle.answers.map((answer) => sha256Hex(answer.document))));
  const anchored = entries.filter((entry) => entry.seq <= checkpoint.size);
  const details = (entry: AuditEntryEntity) => (entry.details ? (JSON.parse(entry.details) as { documentHash?: string; revision?: number }) : {});
  const missing = anchored.filter((entry) => !inBundle.has(details(entry).documentHash ?? ''));
  const later = entries.length - anchored.length;
  const beyond = later ? ` ${later} answer(s) recorded after the checkpoint are not covered by it: check again with a later one.` : '';
  if (missing.length) {
    const listed = missing.map((entry) => `entry ${entry.seq} (by ${entry.actorUsername ?? '?'}, revision ${details(entry).revision ?? '?'})`).join(', ');
    print(`Bundle leaves out ${missing.length} answer(s) the anchored audit log records: ${listed}.${beyond}`);
    return 1;
  }
  print(`Bundle agrees with the anchored audit log: the ${anchored.length} answer(s) it records for ballot ${bundle.ballot.id} are all in the bundle.${beyond}`);
  return 0;
}

/**
 * `audit-verify --proof <proof.json> --trust <roots.pem>`: that one entry is in the log a sealed
 * checkpoint covers, with nothing but the proof file (as the admin screen downloads it) and the
 * caller's anchors: the checkpoint's seal, then the Merkle path from the entry to its root.
 */
async function verifyInclusionProof(file: string, trustFile: string | undefined, print: (line: string) => void): Promise<number> {
  if (!trustFile) {
    print('No trust anchors: pass --trust <roots.pem> with --proof. A proof means nothing unless its checkpoint is sealed under roots you trust.');
    return 2;
  }
  const anchors = readAnchors(trustFile, print);
  const text = readText(file, print);
  if (!anchors || text === null) return 2;
  let proof: AuditInclusionProof | null = null;
  try {
    proof = JSON.parse(text) as AuditInclusionProof;
  } catch {
    proof = null;
  }
  if (proof?.format !== 'ecabinet.audit-inclusion/1' || !proof.checkpoint || !Array.isArray(proof.path)) {
    print('Not an ecabinet.audit-inclusion/1 proof.');
    return 2;
  }
  const checkpoint = await verifyCheckpointFile(canonicalJson(proof.checkpoint), { anchors });
  if (!checkpoint.ok || !checkpoint.checkpoint) {
    print(`Proof NOT valid: its checkpoint does not verify (${checkpoint.problems.join('; ')}).`);
    return 1;
  }
  if (!inclusionHolds(sha256, proof)) {
    print(`Proof NOT valid: entry ${proof.seq} does not lead to the root of the checkpoint sealed at ${checkpoint.checkpoint.at}.`);
    return 1;
  }
  print(`Proof OK: entry ${proof.seq} (hash ${proof.entryHash}) is in the first ${checkpoint.checkpoint.size} entries of the audit log, sealed at ${checkpoint.checkpoint.at} by ${checkpoint.sealedBy}.${checkpoint.demo ? ' DEMO root.' : ''}`);
  return 0;
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
 * `verify-ballot <bundle.json> --trust roots.pem [--crl lists.pem]`: re-checks a downloaded
 * result bundle with nothing but the file and the caller's trust anchors (no server, no
 * database). Exit 0: valid; 1: not valid; 2: cannot check (no anchors, unreadable file).
 */
export async function verifyBallotCommand(args: string[], print: (line: string) => void): Promise<number> {
  const options = parseOptions(args, ['--trust', '--crl']);
  const [file] = options.positional;
  if (!file || options.error) {
    print(options.error ?? 'Usage: verify-ballot <bundle.json> --trust <roots.pem> [--crl <crls.pem>]');
    return 2;
  }
  const trustFile = options.values.get('--trust');
  if (!trustFile) {
    print('No trust anchors: pass --trust <roots.pem> (the root certificates you trust, e.g. the national root, or data/pki/demo-root.pem for the demo). Nothing is verified without them.');
    return 2;
  }
  const raw = readText(file, print);
  if (raw === null) return 2;
  const anchors = readAnchors(trustFile, print);
  if (!anchors) return 2;
  let crls;
  try {
    const crlFile = options.values.get('--crl');
    crls = crlFile ? crlsFromPem(readFileSync(crlFile, 'utf8')) : [];
  } catch {
    print(`Cannot read the revocation lists given.`);
    return 2;
  }
  const result = await verifyBallotBundle(raw, { anchors, crls });
  if (result.ok) {
    const demo = result.demo ? ' DEMO: signed under a demonstration root, not a real decision.' : '';
    print(`Bundle OK: ${result.answers} signed answers verified against the trust anchors, tally recomputed and matching. Sealed by ${result.sealedBy}. SHA-256 ${result.sha256}.${demo}`);
    return 0;
  }
  print(`Bundle NOT valid (${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}):`);
  for (const problem of result.problems) print(`  - ${problem}`);
  return 1;
}

function readText(file: string, print: (line: string) => void): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    print(`Cannot read ${file}.`);
    return null;
  }
}

/** The caller's trust anchors from a PEM file; null (having said why) when there are none to read. */
function readAnchors(file: string, print: (line: string) => void): ReturnType<typeof certificatesFromPem> | null {
  let anchors;
  try {
    anchors = certificatesFromPem(readFileSync(file, 'utf8'));
  } catch {
    print(`Cannot read the trust anchors in ${file}.`);
    return null;
  }
  if (anchors.length === 0) {
    print(`${file} holds no PEM certificate: nothing can be verified without trust anchors.`);
    return null;
  }
  return anchors;
}

/** `--name value` pairs among positional arguments; an option without its value is an error. */
function parseOptions(args: string[], names: string[]): { positional: string[]; values: Map<string, string>; error: string | null } {
  const positional: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!names.includes(arg)) {
      if (arg.startsWith('--')) return { positional, values, error: `Unknown option ${arg}.` };
      positional.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (!value || value.startsWith('--')) return { positional, values, error: `${arg} needs a file.` };
    values.set(arg, value);
    i++;
  }
  return { positional, values, error: null };
}
