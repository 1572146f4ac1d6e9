import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BallotScheduler, SigningKeyEntity } from '@ecabinet/api/ballots';
import { Clock } from '@ecabinet/api/platform';
import { certificatesFromPem, verifyBallotBundle } from '@ecabinet/shared/trust';
import { answerDocument, createDeviceKey, type DeviceKey, issueTestBallot, signDocument, startMailCapture, startTestApp, testDatabaseDriver, userIds, type MailCapture, type TestApp } from '../testing';

/**
 * What docker/compose.yaml configures: a seal given as PKCS#12 (made with the README's OpenSSL
 * commands) under the operator's root, no demo PKI. Device keys then wait for the certificate
 * officer, and bundles verify against the operator's roots only.
 */
describe(`the organisation's seal from SEAL_P12 (${testDatabaseDriver()})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'seal-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let ids: Record<string, string>;
  let smtp: MailCapture;

  beforeAll(async () => {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key');
    openssl('req', '-new', '-x509', '-key', 'root.key', '-subj', '/C=VN/O=Chính phủ/CN=Gốc tin cậy thử nghiệm', '-utf8', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.pem');
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'seal.key');
    openssl('req', '-new', '-key', 'seal.key', '-subj', '/C=VN/O=Văn phòng Chính phủ/CN=Con dấu Văn phòng Chính phủ', '-utf8', '-out', 'seal.csr');
    writeFileSync(join(dir, 'seal.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
    openssl('x509', '-req', '-in', 'seal.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-extfile', 'seal.ext', '-out', 'seal.pem');
    openssl('pkcs12', '-export', '-inkey', 'seal.key', '-in', 'seal.pem', '-certfile', 'root.pem', '-out', 'seal.p12', '-passout', 'pass:mật khẩu con dấu');
    smtp = await startMailCapture();
    t = await startTestApp({ env: { TRUST_ANCHORS: join(dir, 'root.pem'), SEAL_P12: join(dir, 'seal.p12'), SEAL_P12_PASSWORD: 'mật khẩu con dấu', SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn' } });
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1']) tokens[username] = (await t.loginAs(username)).accessToken;
    chair = await certifiedByHand('chair');
  });

  let chair: { key: DeviceKey; id: string };
  /**
   * A device key registered and certified (UID = the user) under the operator's root with OpenSSL,
   * as a root holder would; written where the certificate officer's issuance will put it.
   */
  async function certifiedByHand(username: string): Promise<{ key: DeviceKey; id: string }> {
    const key = createDeviceKey();
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: key.publicKey, label: 'Máy tính bảng' } });
    writeFileSync(join(dir, `${username}.key`), key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    openssl('req', '-new', '-key', `${username}.key`, '-subj', `/UID=${ids[username]}/CN=${username}`, '-out', `${username}.csr`);
    writeFileSync(join(dir, 'member.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
    openssl('x509', '-req', '-in', `${username}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-extfile', 'member.ext', '-outform', 'DER', '-out', `${username}.der`);
    await t.app.get(DataSource).getRepository(SigningKeyEntity).update(registered.body.id, { certificate: readFileSync(join(dir, `${username}.der`)).toString('base64'), certificateChain: [], certifiedAt: new Date() });
    return { key, id: registered.body.id as string };
  }

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('refuses answers from a key nobody certified, and seals a bundle that verifies against the operator\'s root only', async () => {
    const key = createDeviceKey();
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: key.publicKey, label: 'iPad' } });
    expect(registered.status).toBe(201);
    expect(registered.body.certifiedAt).toBeNull();
    const ballot = await issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'], chairKey: chair }, [ids['member1']]);
    const document = answerDocument(ballot, ids['member1'], 1, ['agree', 'agree']);
    const refused = await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member1'], body: { document, signature: signDocument(document, key), keyId: registered.body.id } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'SIGNING_KEY_NOT_CERTIFIED' });

    const clock = t.app.get(Clock);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(new Date(ballot.deadline).getTime() + 1000));
    try {
      await t.app.get(BallotScheduler).tick();
    } finally {
      spy.mockRestore();
    }
    const download = await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } });
    expect(download.status).toBe(200);
    const raw = await download.text();
    const anchors = certificatesFromPem(readFileSync(join(dir, 'root.pem'), 'utf8'));
    const check = await verifyBallotBundle(raw, { anchors });
    expect(check).toMatchObject({ ok: true, answers: 0, demo: false });
    expect(check.sealedBy).toContain('Con dấu Văn phòng Chính phủ');
    // No demo PKI was made, and a root with the same name but another key is not the anchor.
    expect(existsSync(join(t.config.dataDir, 'pki'))).toBe(false);
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'impostor.key');
    openssl('req', '-new', '-x509', '-key', 'impostor.key', '-subj', '/C=VN/O=Chính phủ/CN=Gốc tin cậy thử nghiệm', '-utf8', '-days', '30', '-out', 'impostor.pem');
    const impostor = certificatesFromPem(readFileSync(join(dir, 'impostor.pem'), 'utf8'));
    expect((await verifyBallotBundle(raw, { anchors: impostor })).problems.join('\n')).toContain('the seal is not trusted');
  });

  it('does not let an admin who resets a member\'s password answer in his name, and tells the member', async () => {
    expect((await t.request('PATCH', `/api/users/${ids['member2']}`, { token: tokens['admin'], body: { email: 'member2@example.gov.vn' } })).status).toBe(200);
    const ballot = await issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'], chairKey: chair }, [ids['member2']]);
    expect((await t.request('POST', `/api/users/${ids['member2']}/password`, { token: tokens['admin'], body: { password: 'mat-khau-do-admin-dat-1' } })).status).toBe(204);
    const impostor = (await t.loginAs('member2', 'mat-khau-do-admin-dat-1')).accessToken;
    const key = createDeviceKey();
    const registered = await t.request('POST', '/api/signing-keys', { token: impostor, body: { publicKey: key.publicKey, label: 'Máy của quản trị' } });
    expect(registered.body).toMatchObject({ certifiedAt: null });
    const document = answerDocument(ballot, ids['member2'], 1, ['disagree', 'disagree']);
    const refused = await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: impostor, body: { document, signature: signDocument(document, key), keyId: registered.body.id } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'SIGNING_KEY_NOT_CERTIFIED' });

    // The member hears of it by e-mail (the admin holds his inbox in the app for now) ...
    const told = async () => smtp.mails.filter((m) => m.to.includes('member2@example.gov.vn') && m.body.includes('X-Ecabinet-Notice: signing-key-registered'));
    for (let i = 0; i < 100 && (await told()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await told()).toHaveLength(1);
    // ... and in the app, with the fingerprint to compare.
    const inbox = await t.request('GET', '/api/notifications', { token: impostor });
    expect(inbox.body.items.find((n: { kind: string }) => n.kind === 'signing-key-registered')).toMatchObject({ title: 'Máy của quản trị', params: { fingerprint: registered.body.fingerprint, certified: false } });
  });

  it('does not start with a seal that does not chain to the anchors, or a wrong password', async () => {
    openssl('req', '-new', '-x509', '-key', 'root.key', '-subj', '/CN=Another root', '-days', '30', '-out', 'other.pem');
    await expect(startTestApp({ env: { TRUST_ANCHORS: join(dir, 'other.pem'), SEAL_P12: join(dir, 'seal.p12'), SEAL_P12_PASSWORD: 'mật khẩu con dấu' } })).rejects.toThrow(/SEAL_P12 does not give a seal the anchors trust/);
    await expect(startTestApp({ env: { TRUST_ANCHORS: join(dir, 'root.pem'), SEAL_P12: join(dir, 'seal.p12'), SEAL_P12_PASSWORD: 'sai' } })).rejects.toThrow(/SEAL_P12 cannot be opened with SEAL_P12_PASSWORD/);
  });
});
