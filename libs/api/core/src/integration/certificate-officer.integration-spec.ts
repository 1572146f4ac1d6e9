import { execFileSync } from 'node:child_process';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import type { PendingKeyResponse } from '@ecabinet/shared/contracts';
import { BallotScheduler } from '@ecabinet/api/ballots';
import { Clock } from '@ecabinet/api/platform';
import { EC_KEY, certificatesFromPem, createCertificationRequest, issueCertificate, parseCertificate, readCertificationRequest, toBase64, verifyBallotBundle } from '@ecabinet/shared/trust';
import { caCommand } from '../lib/ca-command';
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
    const admin = (await t.loginAs('admin')).accessToken;
    expect((await t.request('POST', '/api/users', { token: admin, body: { username: 'officer', fullName: 'Trần Văn Chứng', password: 'ecabinet-demo', roles: ['officer'] } })).status).toBe(201);
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
    const enrol = async (username: string) => {
      const d = await device(ids[username]);
      const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: d.spki, label: 'Máy tính bảng', csr: d.csr } });
      const pending = await pendingOf(registered.body.id);
      expect((await t.request('POST', `/api/officer/keys/${pending.id}/certificate`, { token: tokens['officer'], body: { certificate: await issueFor(pending) } })).status).toBe(200);
      return { key: d.key, id: registered.body.id as string };
    };
    const chair = await enrol('chair');
    const member = await enrol('member2');
    const ballot = await issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'], chairKey: chair }, [ids['member2']]);
    const document = answerDocument(ballot, ids['member2'], 1, ['agree', 'disagree']);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member2'], body: { document, signature: signDocument(document, member.key), keyId: member.id } })).status).toBe(201);
    const clock = t.app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(new Date(ballot.deadline).getTime() + 1000));
    try {
      await t.app.get(BallotScheduler).tick();
    } finally {
      spy.mockRestore();
    }
    const raw = await (await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } })).text();
    const anchors = certificatesFromPem(readFileSync(join(dir, 'root.pem'), 'utf8'));
    expect(await verifyBallotBundle(raw, { anchors })).toMatchObject({ ok: true, answers: 1, demo: false });
    expect(JSON.parse(raw).certificates).toEqual([toBase64(officerCa.der)]);
  });
});
