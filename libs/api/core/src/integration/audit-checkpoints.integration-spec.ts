import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { tallyBallot, type AuditCheckpointSummary, type AuditInclusionProof, type SealedBallotBundle } from '@ecabinet/shared/contracts';
import { AuditCheckpoints, AuditEntryEntity, AuditService, hashAuditEntry, sha256 } from '@ecabinet/api/audit';
import { certificatesFromPem, inclusionHolds, verifyBallotBundle, verifyCheckpointFile } from '@ecabinet/shared/trust';
import { auditVerifyCommand } from '../lib/cli';
import {
  answeredClosedBallot,
  demoRootFile,
  demoTrust,
  rawSql,
  startMailCapture,
  startTestApp,
  testDatabaseDriver,
  type MailCapture,
  type TestApp,
} from '../testing';

/** The attachment named `filename` in a raw message, decoded (nodemailer sends base64 or quoted-printable). */
function attachment(raw: string, filename: string): string | null {
  const at = raw.indexOf(`filename=${filename}`) >= 0 ? raw.indexOf(`filename=${filename}`) : raw.indexOf(`filename="${filename}"`);
  if (at < 0) return null;
  const partStart = raw.lastIndexOf('\r\n--', at);
  const head = raw.slice(partStart, raw.indexOf('\r\n\r\n', at));
  const body = raw.slice(raw.indexOf('\r\n\r\n', at) + 4, raw.indexOf('\r\n--', at));
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/**
 * The insider of issue #12 against the audit trail: he holds the database and can drop its
 * append-only guard, rewrite an entry and recompute every later hash (the chain alone then
 * verifies), or cut the tail. A checkpoint sealed earlier and mailed to the inspectors shows both.
 */
describe(`signed audit checkpoints (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let smtp: MailCapture;
  let admin: string;
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await auditVerifyCommand(t.config, (line) => lines.push(line), args);
    return { code, text: lines.join('\n') };
  };

  beforeAll(async () => {
    smtp = await startMailCapture();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn', AUDIT_CHECKPOINT_MAILTO: 'thanhtra@example.gov.vn, kiemtoan@example.gov.vn', AUDIT_CHECKPOINT_MINUTES: '0' } });
    admin = (await t.loginAs('admin')).accessToken;
    for (const username of ['member1', 'member2', 'secretary']) await t.loginAs(username);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  let checkpoint: AuditCheckpointSummary;
  let file: string;

  it('seals a checkpoint on request, mails it to the inspectors, and lets only an administrator read it', async () => {
    const made = await t.request('POST', '/api/audit/checkpoints', { token: admin });
    expect(made.status).toBe(201);
    checkpoint = made.body as AuditCheckpointSummary;
    expect(checkpoint).toMatchObject({ type: 'ecabinet.audit-checkpoint', reason: 'manual', mailedTo: 2, rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(checkpoint.size).toBeGreaterThan(4);
    // The same log size gives the same checkpoint, not a second one.
    expect((await t.request('POST', '/api/audit/checkpoints', { token: admin })).body).toMatchObject({ size: checkpoint.size, at: checkpoint.at });

    const download = await fetch(`${t.url}/api/audit/checkpoints/${checkpoint.size}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.headers.get('content-disposition')).toContain(`audit-checkpoint-${checkpoint.size}.json`);
    file = await download.text();
    expect(await verifyCheckpointFile(file, demoTrust(t))).toMatchObject({ ok: true, checkpoint: { size: checkpoint.size, rootHash: checkpoint.rootHash }, demo: true });

    const mails = smtp.mails.filter((m) => m.body.includes('X-Ecabinet-Notice: audit-checkpoint'));
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['kiemtoan@example.gov.vn', 'thanhtra@example.gov.vn']);
    expect(attachment(mails[0].body, `audit-checkpoint-${checkpoint.size}.json`)).toBe(file);

    const member = (await t.loginAs('member1')).accessToken;
    expect((await t.request('GET', '/api/audit/checkpoints', { token: member })).status).toBe(403);
    expect((await t.request('POST', '/api/audit/checkpoints', { token: member })).status).toBe(403);
    expect((await t.request('GET', `/api/audit/checkpoints/${checkpoint.size}`, { token: member })).status).toBe(403);
    expect((await t.request('GET', '/api/audit/checkpoints/abc', { token: admin })).status).toBe(400);
    expect((await t.request('GET', '/api/audit/checkpoints/99999999', { token: admin })).status).toBe(404);
    expect((await t.request('GET', '/api/audit/checkpoints', { token: admin })).body[0]).toMatchObject({ size: checkpoint.size });
  });

  it('gives an inclusion proof of one entry that leads to the sealed root, and no other', async () => {
    const response = await t.request('GET', '/api/audit/entries/3/proof', { token: admin });
    expect(response.status).toBe(200);
    const proof = response.body as AuditInclusionProof;
    expect(proof).toMatchObject({ seq: 3, treeSize: checkpoint.size, rootHash: checkpoint.rootHash });
    expect(inclusionHolds(sha256, proof)).toBe(true);
    const [entry4] = (await rawSql(t.config.database, 'SELECT hash FROM audit_log WHERE seq = 4')) as { hash: string }[];
    expect(inclusionHolds(sha256, { ...proof, entryHash: entry4.hash })).toBe(false);
    expect(inclusionHolds(sha256, { ...proof, seq: 4 })).toBe(false);
    // The CLI checks a downloaded proof offline: the checkpoint's seal against the anchors, then the path.
    const proofFile = join(t.config.dataDir, 'proof.json');
    writeFileSync(proofFile, JSON.stringify(proof));
    expect(await run('--proof', proofFile, '--trust', demoRootFile(t))).toMatchObject({ code: 0, text: expect.stringMatching(/^Proof OK: entry 3 /) });
    expect((await run('--proof', proofFile)).code).toBe(2);
    writeFileSync(proofFile, JSON.stringify({ ...proof, entryHash: entry4.hash }));
    expect(await run('--proof', proofFile, '--trust', demoRootFile(t))).toMatchObject({ code: 1, text: expect.stringContaining('does not lead to the root') });
    expect((await t.request('GET', '/api/audit/entries/0/proof', { token: admin })).status).toBe(404);
    for (const bad of ['1e9', 'abc', '-1', '99999999999']) expect((await t.request('GET', `/api/audit/entries/${bad}/proof`, { token: admin })).status).toBe(400);
    expect((await t.request('GET', '/api/audit/entries/3/proof', { token: (await t.loginAs('member2')).accessToken })).status).toBe(403);
  });

  it('verifies the log against the checkpoint only with anchors, and refuses anchors the seal does not chain to', async () => {
    const cp = join(t.config.dataDir, 'cp.json');
    writeFileSync(cp, file);
    expect(await run('--checkpoint', cp, '--trust', demoRootFile(t))).toMatchObject({ code: 0, text: expect.stringMatching(/^Audit log OK: \d+ entries verified, and the first \d+ give the Merkle root/) });
    expect(await run('--checkpoint', cp)).toMatchObject({ code: 2, text: expect.stringContaining('No trust anchors') });
    // A root the seal does not chain to, even one with the demo root's name.
    const other = join(t.config.dataDir, 'other-root.pem');
    execFileSync('openssl', ['req', '-new', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(t.config.dataDir, 'other.key'), '-subj', '/O=DEMO/CN=Other root', '-days', '1', '-out', other], { stdio: 'pipe' });
    expect(certificatesFromPem(readFileSync(other, 'utf8'))).toHaveLength(1);
    expect(await run('--checkpoint', cp, '--trust', other)).toMatchObject({ code: 1, text: expect.stringContaining('the seal is not trusted') });
    const forged = join(t.config.dataDir, 'forged.json');
    writeFileSync(forged, file.replace(checkpoint.rootHash, '0'.repeat(64)));
    expect(await run('--checkpoint', forged, '--trust', demoRootFile(t))).toMatchObject({ code: 1, text: expect.stringContaining('Checkpoint NOT valid') });
  });

  // Several instances share PostgreSQL in production; the embedded SQLite default runs as one.
  const withTwoInstances = testDatabaseDriver() === 'postgres' ? it : it.skip;
  withTwoInstances('is made once when two instances checkpoint the same log at once: one row for the size, mailed once', async () => {
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn', AUDIT_CHECKPOINT_MAILTO: 'thanhtra@example.gov.vn, kiemtoan@example.gov.vn', AUDIT_CHECKPOINT_MINUTES: '0' };
    const second = await startTestApp({ database: t.config.database, dataDir: t.config.dataDir, env });
    try {
      await second.loginAs('member3');
      const noticesBefore = smtp.mails.filter((m) => m.body.includes('X-Ecabinet-Notice: audit-checkpoint')).length;
      const [one, other] = await Promise.all([t.app.get(AuditCheckpoints).make('periodic'), second.app.get(AuditCheckpoints).make('periodic')]);
      // The same checkpoint (only the count of addresses it was mailed to may be read before its maker wrote it).
      expect({ ...other, mailedTo: 0 }).toEqual({ ...one, mailedTo: 0 });
      const [row] = (await rawSql(t.config.database, `SELECT COUNT(*) AS n FROM audit_checkpoints WHERE size = ${Number(one.size)}`)) as { n: number | string }[];
      expect(Number(row.n)).toBe(1);
      const notices = smtp.mails.filter((m) => m.body.includes('X-Ecabinet-Notice: audit-checkpoint')).slice(noticesBefore);
      // Each inspector gets it once, from whichever instance stored it first.
      expect(notices.filter((m) => m.body.includes(`audit-checkpoint-${one.size}.json`)).flatMap((m) => m.to).sort()).toEqual(['kiemtoan@example.gov.vn', 'thanhtra@example.gov.vn']);
    } finally {
      await second.close();
    }
  });

  it('catches an entry rewritten with every later hash recomputed, and a cut tail, which the chain alone does not', async () => {
    const cp = join(t.config.dataDir, 'cp.json');
    if (t.config.database.driver === 'postgres') await rawSql(t.config.database, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    else {
      await rawSql(t.config.database, 'DROP TRIGGER audit_log_no_update');
      await rawSql(t.config.database, 'DROP TRIGGER audit_log_no_delete');
    }
    // Entries still in the outbox (the sign-ins above) are chained first, so that none is appended mid-rewrite.
    await t.app.get(AuditService).chainPending();
    // The insider changes who logged in as entry 3, then recomputes the chain from there on.
    const dataSource = t.app.get(DataSource);
    const entries = await dataSource.getRepository(AuditEntryEntity).find({ order: { seq: 'ASC' } });
    let prevHash = entries[1].hash;
    for (const entry of entries.slice(2)) {
      const rewritten = { ...entry, actorUsername: entry.seq === 3 ? 'member9' : entry.actorUsername, prevHash };
      rewritten.hash = hashAuditEntry(rewritten);
      await dataSource.getRepository(AuditEntryEntity).update({ seq: entry.seq }, { actorUsername: rewritten.actorUsername, prevHash: rewritten.prevHash, hash: rewritten.hash });
      prevHash = rewritten.hash;
    }
    expect(await run()).toMatchObject({ code: 0, text: expect.stringContaining('integrity only') });
    expect(await run('--checkpoint', cp, '--trust', demoRootFile(t))).toMatchObject({ code: 1, text: expect.stringContaining('entries were rewritten') });

    // Or he cuts the tail (and leaves the rest untouched).
    await dataSource.getRepository(AuditEntryEntity).createQueryBuilder().delete().where('seq > :keep', { keep: checkpoint.size - 2 }).execute();
    expect(await run()).toMatchObject({ code: 0 });
    expect(await run('--checkpoint', cp, '--trust', demoRootFile(t))).toMatchObject({ code: 1, text: expect.stringContaining('its tail was cut') });
  });
});

describe(`an audit checkpoint at every ballot close (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('seals one when a ballot closes, covering the close; the log it anchors catches a record re-sealed without an answer', async () => {
    t = await startTestApp({ env: { AUDIT_CHECKPOINT_MINUTES: '0' } });
    const { ballot, secretary } = await answeredClosedBallot(t);
    const tokens = { secretary };
    const admin = (await t.loginAs('admin')).accessToken;
    let found: AuditCheckpointSummary | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      found = ((await t.request('GET', '/api/audit/checkpoints', { token: admin })).body as AuditCheckpointSummary[]).find((c) => c.reason === 'ballot-closed');
      if (!found) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(found).toBeDefined();
    const closed = (await t.request('GET', '/api/audit?action=ballot.closed', { token: admin })).body.items[0] as { seq: number };
    expect(found?.size).toBeGreaterThanOrEqual(closed.seq);
    const download = await fetch(`${t.url}/api/audit/checkpoints/${found?.size}`, { headers: { authorization: `Bearer ${admin}` } });
    const checkpointText = await download.text();
    expect(await verifyCheckpointFile(checkpointText, demoTrust(t))).toMatchObject({ ok: true });

    // The inspectors hold that checkpoint; the log it anchors names every answer the bundle must hold.
    const dir = mkdtempSync(join(tmpdir(), 'cross-check-'));
    const files = { checkpoint: join(dir, 'cp.json'), bundle: join(dir, 'bundle.json'), forged: join(dir, 'forged.json') };
    writeFileSync(files.checkpoint, checkpointText);
    const bundleOf = async () => (await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens.secretary}` } })).text();
    const genuine = await bundleOf();
    writeFileSync(files.bundle, genuine);
    const crossCheck = async (bundleFile: string) => {
      const lines: string[] = [];
      const code = await auditVerifyCommand(t.config, (line) => lines.push(line), ['--checkpoint', files.checkpoint, '--trust', demoRootFile(t), '--bundle', bundleFile]);
      return { code, text: lines.join('\n') };
    };
    expect(await crossCheck(files.bundle)).toMatchObject({ code: 0, text: expect.stringContaining('agrees with the anchored audit log: the 1 answer(s)') });
    expect((await auditVerifyCommand(t.config, () => undefined, ['--bundle', files.bundle])).valueOf()).toBe(2);

    // The insider holds the seal's key (it is in the server's configuration): he drops the answer,
    // recomputes the outcome as if the member were silent, and has the server seal the record anew.
    const parsed = JSON.parse(genuine) as SealedBallotBundle;
    const silent = tallyBallot({ questions: parsed.ballot.questions, recipientIds: parsed.recipients.map((r) => r.userId), silenceRule: parsed.ballot.silenceRule, chairId: parsed.ballot.chairId, answers: new Map() });
    const sql = (text: string) => (t.config.database.driver === 'postgres' ? text : text.replace(/\$\d+/g, '?'));
    await rawSql(t.config.database, sql('DELETE FROM ballot_opinions WHERE ballot_id = $1'), [ballot.id]);
    await rawSql(t.config.database, sql('DELETE FROM ballot_answers WHERE ballot_id = $1'), [ballot.id]);
    await rawSql(t.config.database, sql('UPDATE ballots SET result = $1, sealed_bundle = NULL WHERE id = $2'), [JSON.stringify(silent), ballot.id]);
    const forged = await bundleOf();
    writeFileSync(files.forged, forged);
    // The seal and every signature in it are genuine, so the bundle alone verifies...
    expect(await verifyBallotBundle(forged, demoTrust(t))).toMatchObject({ ok: true, answers: 0 });
    // ...but the anchored log still names the answer it leaves out.
    expect(await crossCheck(files.forged)).toMatchObject({ code: 1, text: expect.stringContaining('Bundle leaves out 1 answer(s) the anchored audit log records') });
  });
});
