import { execFileSync } from 'node:child_process';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import type { PendingKeyResponse } from '@ecabinet/shared/contracts';
import { BallotScheduler } from '@ecabinet/api/ballots';
import { APP_CONFIG, Clock, type AppConfig } from '@ecabinet/api/platform';
import { DataSource } from 'typeorm';
import { EC_KEY, certificatesFromPem, createCertificationRequest, issueCertificate, issueCrl, parseCertificate, parseCrl, readCertificationRequest, toBase64, verifyBallotBundle } from '@ecabinet/shared/trust';
import { caCommand } from '../lib/ca-command';
import { verifyBallotCommand } from '../lib/cli';
import { answerDocument, issueTestBallot, signDocument, startTestApp, testDatabaseDriver, userIds, type DeviceKey, type TestApp } from '../testing';

const YEAR = 365 * 86_400_000;

/**
 * Production's trust, end to end, with no demo: a root made with `npm run ca -- init-root`, the
 * seal issued under it with the README's OpenSSL commands, an officer whose CA key stays on his
 * device (a non-extractable WebCrypto key here) and whose CA certificate the root holder signs
 * from the device's request with `npm run ca -- sign-officer`. Members' devices send a PKCS#10
 * request with their key; the officer's device issues, the server only checks and keeps.
 */
describe(`the certificate officer (${testDatabaseDriver()})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'officer-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = async (...args: string[]) => {
    const lines: string[] = [];
    return { code: await caCommand(args, (line) => lines.push(line)), text: lines.join('\n') };
  };
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};
  let officerCa: { keys: CryptoKeyPair; certificate: pkijs.Certificate; der: Uint8Array };

  /** A member's device: a P-256 key made with WebCrypto, its request naming the user, and the key as node signs with it. */
  async function device(userId: string): Promise<{ key: DeviceKey; spki: string; csr: string }> {
    const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)).toString('base64');
    const privateKey = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
    const csr = toBase64(await createCertificationRequest(keys, { commonName: 'Thiết bị', userId }));
    return { key: { privateKey, publicKey: spki }, spki, csr };
  }

  /** What the officer's device does for a pending key: reads the request, issues under its CA. */
  async function issueFor(pending: PendingKeyResponse, subject: { userId: string; commonName: string } = { userId: pending.userId, commonName: pending.fullName }, by = officerCa): Promise<string> {
    const request = await readCertificationRequest(Buffer.from(pending.csr ?? '', 'base64'));
    if (!request) throw new Error('the request does not verify');
    const der = await issueCertificate({ subject, publicKey: request.publicKey, issuerCertificate: by.certificate, issuerKey: by.keys.privateKey, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + YEAR) });
    return toBase64(der);
  }

  /** A member's device enrolled: its key registered with its request, then certified by the officer's device. */
  const enrol = async (username: string) => {
    const d = await device(ids[username]);
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: d.spki, label: 'Máy tính bảng', csr: d.csr } });
    const pending = await pendingOf(registered.body.id);
    expect((await t.request('POST', `/api/officer/keys/${pending.id}/certificate`, { token: tokens['officer'], body: { certificate: await issueFor(pending) } })).status).toBe(200);
    return { key: d.key, id: registered.body.id as string };
  };

  /** Runs the scheduler as if the ballot's deadline had passed, so it closes and is sealed. */
  const closeAtDeadline = async (deadline: string) => {
    const spy = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(new Date(deadline).getTime() + 1000));
    try {
      await t.app.get(BallotScheduler).tick();
    } finally {
      spy.mockRestore();
    }
  };

  const pendingOf = async (keyId: string) => ((await t.request('GET', '/api/officer/pending-keys', { token: tokens['officer'] })).body as PendingKeyResponse[]).find((k) => k.id === keyId) as PendingKeyResponse;

  beforeAll(async () => {
    expect(await ca('init-root', '--out', dir, '--name', 'Gốc tin cậy thử nghiệm', '--org', 'Chính phủ')).toMatchObject({ code: 0 });
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'seal.key');
    openssl('req', '-new', '-key', 'seal.key', '-subj', '/C=VN/O=Văn phòng Chính phủ/CN=Con dấu Văn phòng Chính phủ', '-utf8', '-out', 'seal.csr');
    writeFileSync(join(dir, 'seal.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
    openssl('x509', '-req', '-in', 'seal.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-extfile', 'seal.ext', '-out', 'seal.pem');
    openssl('pkcs12', '-export', '-inkey', 'seal.key', '-in', 'seal.pem', '-certfile', 'root.pem', '-out', 'seal.p12', '-passout', 'pass:con-dau');
    t = await startTestApp({ env: { TRUST_ANCHORS: join(dir, 'root.pem'), SEAL_P12: join(dir, 'seal.p12'), SEAL_P12_PASSWORD: 'con-dau' } });
    ids = await userIds(t);
    // The demo government has its certificate officer ('officer'); this installation's trust is not the demo's.
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'officer']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(() => t?.close());

  it("the root holder signs the officer's CA from his device's request; the server takes only a CA chaining to the anchors", async () => {
    const keys = (await webcrypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    writeFileSync(join(dir, 'officer.csr'), await createCertificationRequest(keys, { commonName: 'Trần Văn Chứng', organization: 'Văn phòng Chính phủ' }));
    expect(await ca('sign-officer', '--csr', join(dir, 'officer.csr'), '--root-cert', join(dir, 'root.pem'), '--root-key', join(dir, 'seal.key'), '--out', join(dir, 'officer.pem'))).toMatchObject({ code: 1, text: expect.stringContaining('is not the private key') });
    expect((await ca('sign-officer', '--csr', join(dir, 'officer.csr'))).code).toBe(2);
    const signed = await ca('sign-officer', '--csr', join(dir, 'officer.csr'), '--root-cert', join(dir, 'root.pem'), '--root-key', join(dir, 'root.key'), '--out', join(dir, 'officer.pem'));
    expect(signed).toMatchObject({ code: 0, text: expect.stringMatching(/Key fingerprint .*: [0-9a-f]{4} /) });
    // OpenSSL agrees: the officer's CA chains to the root.
    expect(openssl('verify', '-CAfile', 'root.pem', 'officer.pem').toString()).toContain('OK');
    const [certificate] = certificatesFromPem(readFileSync(join(dir, 'officer.pem'), 'utf8'));
    const der = new Uint8Array(certificate.toSchema(true).toBER(false));
    officerCa = { keys, certificate, der };

    expect((await t.request('POST', '/api/officer/authorities', { token: tokens['member1'], body: { certificate: toBase64(der) } })).status).toBe(403);
    const registered = await t.request('POST', '/api/officer/authorities', { token: tokens['officer'], body: { certificate: toBase64(der) } });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ subject: expect.stringContaining('Trần Văn Chứng'), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Not a CA (the seal), or a CA under a root of someone else's: refused.
    const seal = certificatesFromPem(readFileSync(join(dir, 'seal.pem'), 'utf8'))[0];
    expect((await t.request('POST', '/api/officer/authorities', { token: tokens['officer'], body: { certificate: toBase64(new Uint8Array(seal.toSchema(true).toBER(false))) } })).body.code).toBe('CERTIFICATE_INVALID');
    const otherDir = mkdtempSync(join(tmpdir(), 'other-root-'));
    await ca('init-root', '--out', otherDir, '--name', 'Gốc tin cậy thử nghiệm');
    await ca('sign-officer', '--csr', join(dir, 'officer.csr'), '--root-cert', join(otherDir, 'root.pem'), '--root-key', join(otherDir, 'root.key'), '--out', join(otherDir, 'officer.pem'));
    const foreign = certificatesFromPem(readFileSync(join(otherDir, 'officer.pem'), 'utf8'))[0];
    const refused = await t.request('POST', '/api/officer/authorities', { token: tokens['officer'], body: { certificate: toBase64(new Uint8Array(foreign.toSchema(true).toBER(false))) } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CERTIFICATE_INVALID', details: { reason: expect.stringContaining('does not chain to a trust anchor') } });
    expect((await t.request('POST', '/api/officer/authorities', { token: tokens['officer'], body: { certificate: 'bm90IGEgY2VydA==' } })).status).toBe(422);
  });

  it('in production gives the administrator and the certificate officer roles to two people, never one', async () => {
    const roles = async () => (await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: `both-${Date.now()}`, fullName: 'Một người hai vai', password: 'ecabinet-demo', roles: ['admin', 'officer'] } })).body;
    const addOfficer = async () => (await t.request('PATCH', `/api/users/${ids['admin']}`, { token: tokens['admin'], body: { roles: ['admin', 'officer'] } })).body;
    const config = t.app.get<AppConfig>(APP_CONFIG);
    const production = jest.replaceProperty(config, 'env', 'production');
    try {
      expect(await roles()).toMatchObject({ code: 'ROLE_CONFLICT' });
      expect(await addOfficer()).toMatchObject({ code: 'ROLE_CONFLICT' });
    } finally {
      production.restore();
    }
    // Elsewhere (a trial installation) one person may hold both.
    expect(await roles()).toMatchObject({ roles: ['admin', 'officer'] });
  });

  it("takes a device's request only for its own key and user, and a certificate only for exactly that key and owner, from the officer's CA", async () => {
    const member = await device(ids['member1']);
    const wrongUser = await device(ids['member2']);
    expect((await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: wrongUser.spki, label: 'iPad', csr: wrongUser.csr } })).body.code).toBe('CSR_INVALID');
    expect((await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: member.spki, label: 'iPad', csr: wrongUser.csr } })).body.code).toBe('CSR_INVALID');
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: member.spki, label: 'iPad', csr: member.csr } });
    expect(registered.body).toMatchObject({ certifiedAt: null });
    const pending = await pendingOf(registered.body.id);
    expect(pending).toMatchObject({ userId: ids['member1'], username: 'member1', fingerprint: registered.body.fingerprint, csr: member.csr });
    expect((await t.request('GET', '/api/officer/pending-keys', { token: tokens['admin'] })).status).toBe(403);

    const certify = (certificate: string, token = tokens['officer']) => t.request('POST', `/api/officer/keys/${pending.id}/certificate`, { token, body: { certificate } });
    // For someone else (UID), for another key, or from a CA the officer did not register: refused.
    expect((await certify(await issueFor(pending, { userId: ids['member2'], commonName: 'Người khác' }))).body.code).toBe('CERTIFICATE_INVALID');
    const otherKey = await pendingOf((await t.request('POST', '/api/signing-keys', { token: tokens['member2'], body: { publicKey: wrongUser.spki, label: 'Laptop', csr: wrongUser.csr } })).body.id);
    expect((await certify(await issueFor({ ...otherKey, userId: ids['member1'] }))).body).toMatchObject({ code: 'CERTIFICATE_INVALID', details: { reason: expect.stringContaining('another key') } });
    const rogueKeys = (await webcrypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    const rogueDer = await issueCertificate({ subject: { commonName: 'Trần Văn Chứng' }, publicKey: rogueKeys.publicKey, issuerCertificate: null, issuerKey: rogueKeys.privateKey, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + YEAR), authority: { pathLength: 0 } });
    const rogue = { keys: rogueKeys, der: rogueDer, certificate: parseCertificate(rogueDer) as pkijs.Certificate };
    expect((await certify(await issueFor(pending, undefined, rogue))).body.code).toBe('CERTIFICATE_INVALID');
    expect((await certify(await issueFor(pending), tokens['member1'])).status).toBe(403);

    const certified = await certify(await issueFor(pending));
    expect(certified.status).toBe(200);
    expect(certified.body).toMatchObject({ id: pending.id, certifiedAt: expect.any(String) });
    expect((await certify(await issueFor(pending))).body.code).toBe('SIGNING_KEY_CERTIFIED');
    expect(await pendingOf(pending.id)).toBeUndefined();
    // The member is told, with the fingerprint to compare.
    const inbox = await t.request('GET', '/api/notifications', { token: tokens['member1'] });
    expect(inbox.body.items.find((n: { kind: string; params: { certified?: boolean } }) => n.kind === 'signing-key-registered' && n.params.certified)).toMatchObject({ params: { fingerprint: registered.body.fingerprint } });
    const audit = await t.request('GET', '/api/audit?action=signing-key.certified', { token: tokens['admin'] });
    expect(audit.body.items[0]).toMatchObject({ actorUsername: 'officer', targetId: pending.id });
  });

  it('keys the officer certified sign an approval and answers whose bundle verifies against the root, through his CA', async () => {
    const chair = await enrol('chair');
    const member = await enrol('member2');
    const ballot = await issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'], chairKey: chair }, [ids['member2']]);
    const document = answerDocument(ballot, ids['member2'], 1, ['agree', 'disagree']);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member2'], body: { document, signature: signDocument(document, member.key), keyId: member.id } })).status).toBe(201);
    await closeAtDeadline(ballot.deadline);
    const raw = await (await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } })).text();
    const anchors = certificatesFromPem(readFileSync(join(dir, 'root.pem'), 'utf8'));
    expect(await verifyBallotBundle(raw, { anchors })).toMatchObject({ ok: true, answers: 1, demo: false });
    expect(JSON.parse(raw).certificates).toEqual([toBase64(officerCa.der)]);
  });

  it("a revoked key goes on the list the officer's device signs; a signature made with it afterwards fails against that list, even once the insider re-enables the key", async () => {
    const chair = await enrol('chair');
    const member = await enrol('member1');
    const [authority] = (await t.request('GET', '/api/officer/authorities', { token: tokens['officer'] })).body;
    const ballot = await issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'], chairKey: chair }, [ids['member1']]);
    const first = answerDocument(ballot, ids['member1'], 1, ['agree', 'agree']);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member1'], body: { document: first, signature: signDocument(first, member.key), keyId: member.id } })).status).toBe(201);

    // The member reports his tablet lost: the key is revoked, and waits for the officer's list.
    expect((await t.request('DELETE', `/api/signing-keys/${member.id}`, { token: tokens['member1'] })).status).toBe(200);
    const revokedKeys = `/api/officer/authorities/${authority.id}/revoked-keys`;
    expect((await t.request('GET', revokedKeys, { token: tokens['member1'] })).status).toBe(403);
    const waiting = (await t.request('GET', revokedKeys, { token: tokens['officer'] })).body;
    expect(waiting).toEqual([expect.objectContaining({ keyId: member.id, userId: ids['member1'], listed: false, serialHex: expect.stringMatching(/^[0-9a-f]+$/) })]);

    const signCrl = (entries: { serialHex: string; revokedAt: string }[], by = officerCa, thisUpdate = new Date()) =>
      issueCrl(by.certificate, by.keys.privateKey, entries.map((e) => ({ serialHex: e.serialHex, revokedAt: new Date(e.revokedAt) })), thisUpdate, new Date(thisUpdate.getTime() + 30 * 86_400_000));
    const publish = async (crl: Uint8Array, token = tokens['officer']) => t.request('PUT', `/api/officer/authorities/${authority.id}/crl`, { token, body: { crl: toBase64(crl) } });
    // A list that leaves the key out, dates it later than its revocation, or is signed by another key: refused.
    expect((await publish(await signCrl([]))).body).toMatchObject({ code: 'CRL_INVALID', details: { reason: expect.stringContaining('leaves out 1') } });
    expect((await publish(await signCrl([{ ...waiting[0], revokedAt: new Date(Date.parse(waiting[0].revokedAt) + 3_600_000).toISOString() }]))).body.code).toBe('CRL_INVALID');
    const rogueKeys = (await webcrypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    expect((await publish(await signCrl(waiting, { ...officerCa, keys: rogueKeys }))).body).toMatchObject({ code: 'CRL_INVALID', details: { reason: expect.stringContaining('not signed by this certificate authority') } });
    expect((await publish(new Uint8Array([48, 3, 2, 1, 1]))).status).toBe(422);
    expect((await publish(await signCrl(waiting), tokens['admin'])).status).toBe(403);
    // Another certificate officer neither reads this CA's revoked keys nor publishes its list.
    const other = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'officer2', fullName: 'Lê Thị Kiểm', password: 'ecabinet-demo', roles: ['officer'] } });
    expect(other.status).toBe(201);
    const otherOfficer = (await t.loginAs('officer2')).accessToken;
    expect((await t.request('GET', revokedKeys, { token: otherOfficer })).status).toBe(404);
    expect((await publish(await signCrl(waiting), otherOfficer)).body).toMatchObject({ code: 'NOT_FOUND' });
    const crl = await signCrl(waiting);
    const published = await publish(crl);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: authority.id, crlThisUpdate: expect.any(String) });
    expect((await publish(await signCrl(waiting, officerCa, new Date(Date.now() - 60_000)))).body).toMatchObject({ code: 'CRL_INVALID', details: { reason: expect.stringContaining('not newer') } });
    expect((await t.request('GET', revokedKeys, { token: tokens['officer'] })).body).toEqual([expect.objectContaining({ keyId: member.id, listed: true })]);
    expect((await t.request('GET', '/api/audit?action=officer.crl.published', { token: tokens['admin'] })).body.items[0]).toMatchObject({ actorUsername: 'officer', targetId: authority.id });

    // The insider re-enables the stolen key in the database; the thief answers anew with it. (He
    // could also date his signature before the revocation: only a timestamp authority's token,
    // not configured here, would prove when it was made.)
    const database = t.app.get(DataSource);
    await database.query(database.options.type === 'postgres' ? 'UPDATE signing_keys SET revoked_at = NULL WHERE id = $1' : 'UPDATE signing_keys SET revoked_at = NULL WHERE id = ?', [member.id]);
    const stolen = answerDocument(ballot, ids['member1'], 2, ['disagree', 'disagree'], new Date(Date.now() + 5000), await receiptHash(ballot.id));
    expect((await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member1'], body: { document: stolen, signature: signDocument(stolen, member.key), keyId: member.id } })).status).toBe(201);
    await closeAtDeadline(ballot.deadline);
    // The server's own check against the officer's list refuses to seal that record.
    expect((await t.request('GET', `/api/ballots/${ballot.id}/bundle`, { token: tokens['secretary'] })).body.code).toBe('BALLOT_RECORD_UNVERIFIABLE');
    // So the insider drops the list too; the record seals, but a verifier holding the officer's list refuses it.
    await database.query('UPDATE officer_authorities SET crl = NULL');
    const raw = await (await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } })).text();
    const anchors = certificatesFromPem(readFileSync(join(dir, 'root.pem'), 'utf8'));
    const check = await verifyBallotBundle(raw, { anchors, crls: [parseCrl(crl) as pkijs.CertificateRevocationList] });
    expect(check.ok).toBe(false);
    expect(check.problems.join(' ')).toMatch(/revoked/);
    // The CLI with the list the officer handed the inspectors says the same.
    writeFileSync(join(dir, 'bundle.json'), raw);
    writeFileSync(join(dir, 'officer-crl.pem'), `-----BEGIN X509 CRL-----\n${toBase64(crl).replace(/(.{64})/g, '$1\n')}\n-----END X509 CRL-----\n`);
    const lines: string[] = [];
    expect(await verifyBallotCommand([join(dir, 'bundle.json'), '--trust', join(dir, 'root.pem'), '--crl', join(dir, 'officer-crl.pem')], (line) => lines.push(line))).toBe(1);
    expect(lines.join('\n')).toMatch(/revoked/);
  });

  /** The hash of the caller's current answer, as the next revision names it. */
  async function receiptHash(ballotId: string): Promise<string> {
    const receipts = (await t.request('GET', `/api/ballots/${ballotId}/answers/mine`, { token: tokens['member1'] })).body as { documentHash: string }[];
    return receipts[0].documentHash;
  }
});
