import type { AnswerReceipt, AuditEntryResponse, BallotResponse, SigningKeyListItem } from '@ecabinet/shared/contracts';
import { fromBase64, parseCertificate, parseCrl, validateChain, verifyBallotBundle } from '@ecabinet/shared/trust';
import { answerDocument, demoTrust, createDeviceKey, issueTestBallot, signDocument, startTestApp, testDatabaseDriver, userIds, type DeviceKey, type TestApp } from '../testing';

/** Device signing keys: who may list and revoke them, and what a revocation does to signing. */
describe(`device signing keys (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member3']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  async function register(username: string, label: string): Promise<{ key: DeviceKey; id: string; fingerprint: string }> {
    const key = createDeviceKey();
    const response = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: key.publicKey, label } });
    expect(response.status).toBe(201);
    return { key, id: response.body.id, fingerprint: response.body.fingerprint };
  }

  function answer(ballot: BallotResponse, username: string, revision: number, signer: { key: DeviceKey; id: string }) {
    const document = answerDocument(ballot, ids[username], revision, ['agree', ['other', 'Đề nghị bổ sung đánh giá tác động']]);
    return t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens[username], body: { document, signature: signDocument(document, signer.key), keyId: signer.id } });
  }

  async function keysOf(username: string, asUser = 'admin'): Promise<SigningKeyListItem[]> {
    const response = await t.request('GET', `/api/signing-keys?userId=${ids[username]}`, { token: tokens[asUser] });
    expect(response.status).toBe(200);
    return response.body;
  }

  const issue = (recipients: string[]) => issueTestBallot(t, { secretary: tokens['secretary'], chair: tokens['chair'] }, recipients.map((u) => ids[u]));

  it("lets an admin list another user's keys with what each signed, and revoke one (audited as the admin)", async () => {
    const tablet = await register('member1', 'iPad của Bộ trưởng');
    const ballot = await issue(['member1', 'member2']);
    expect((await answer(ballot, 'member1', 1, tablet)).status).toBe(201);
    const laptop = await register('member1', 'Máy tính xách tay');

    const listed = await keysOf('member1');
    expect(listed.map((k) => k.id)).toEqual([laptop.id, tablet.id]);
    expect(listed[1]).toEqual({
      id: tablet.id,
      userId: ids['member1'],
      label: 'iPad của Bộ trưởng',
      fingerprint: tablet.fingerprint,
      createdAt: expect.any(String),
      revokedAt: null,
      certifiedAt: expect.any(String),
      signedAnswerCount: 1,
      lastUsedAt: expect.any(String),
    });
    expect(Math.abs(new Date(listed[1].lastUsedAt as string).getTime() - Date.now())).toBeLessThan(60_000);
    expect(listed[0]).toMatchObject({ signedAnswerCount: 0, lastUsedAt: null, revokedAt: null });
    expect(listed[0]).not.toHaveProperty('publicKey');

    const revoked = await t.request('DELETE', `/api/signing-keys/${tablet.id}`, { token: tokens['admin'] });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: tablet.id, revokedAt: expect.any(String) });
    const again = await t.request('DELETE', `/api/signing-keys/${tablet.id}`, { token: tokens['admin'] });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);

    const after = await keysOf('member1');
    expect(after.find((k) => k.id === tablet.id)).toMatchObject({ revokedAt: revoked.body.revokedAt, signedAnswerCount: 1 });
    expect(after.find((k) => k.id === laptop.id)?.revokedAt).toBeNull();

    const audit = await t.request('GET', '/api/audit?action=signing-key.revoked&actor=admin', { token: tokens['admin'] });
    const entries = (audit.body.items as AuditEntryResponse[]).filter((e) => e.targetId === tablet.id);
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ fingerprint: tablet.fingerprint, owner: ids['member1'] });

    const unknown = await t.request('DELETE', '/api/signing-keys/6f1c1d4e-8f5a-4c1e-9b1a-2d3e4f5a6b7c', { token: tokens['admin'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('SIGNING_KEY_UNKNOWN');
  });

  it("does not let a member, the secretariat or the chair list or revoke someone else's keys", async () => {
    const victim = await register('member2', 'iPad');
    for (const who of ['member3', 'secretary', 'chair']) {
      const listed = await t.request('GET', `/api/signing-keys?userId=${ids['member2']}`, { token: tokens[who] });
      expect({ who, status: listed.status, code: listed.body.code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
      const revoked = await t.request('DELETE', `/api/signing-keys/${victim.id}`, { token: tokens[who] });
      // Someone else's key is answered as unknown: its existence is not confirmed.
      expect({ who, status: revoked.status, code: revoked.body.code }).toEqual({ who, status: 422, code: 'SIGNING_KEY_UNKNOWN' });
    }
    expect((await t.request('GET', '/api/signing-keys')).status).toBe(401);
    expect((await t.request('DELETE', `/api/signing-keys/${victim.id}`)).status).toBe(401);
    expect((await keysOf('member2')).find((k) => k.id === victim.id)?.revokedAt).toBeNull();

    // Without userId each caller sees only their own keys.
    const own = await t.request('GET', '/api/signing-keys', { token: tokens['member3'] });
    expect(own.status).toBe(200);
    expect((own.body as SigningKeyListItem[]).every((k) => k.userId === ids['member3'])).toBe(true);
    expect((own.body as SigningKeyListItem[]).map((k) => k.id)).not.toContain(victim.id);

    // The owner may revoke their own key.
    const byOwner = await t.request('DELETE', `/api/signing-keys/${victim.id}`, { token: tokens['member2'] });
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.revokedAt).toEqual(expect.any(String));
  });

  it('refuses an answer signed with a revoked key, then accepts it signed with a fresh key of the same member', async () => {
    const old = await register('member3', 'iPad');
    const ballot = await issue(['member3', 'member1']);
    expect((await t.request('DELETE', `/api/signing-keys/${old.id}`, { token: tokens['admin'] })).status).toBe(200);

    const refused = await answer(ballot, 'member3', 1, old);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('SIGNING_KEY_REVOKED');
    expect(refused.body.message).toMatch(/revoked/i);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/answers/mine`, { token: tokens['member3'] })).body).toEqual([]);

    // The device registers a new key; the very same answer (still revision 1) goes through.
    const fresh = await register('member3', 'iPad');
    const accepted = await answer(ballot, 'member3', 1, fresh);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ revision: 1, keyFingerprint: fresh.fingerprint });
    const receipts = (await t.request('GET', `/api/ballots/${ballot.id}/answers/mine`, { token: tokens['member3'] })).body as AnswerReceipt[];
    expect(receipts.map((r) => r.keyFingerprint)).toEqual([fresh.fingerprint]);
    const keys = await keysOf('member3', 'member3');
    expect(keys.find((k) => k.id === fresh.id)).toMatchObject({ signedAnswerCount: 1, revokedAt: null });
    expect(keys.find((k) => k.id === old.id)).toMatchObject({ signedAnswerCount: 0, revokedAt: expect.any(String) });
  });

  it('keeps answers signed before a revocation valid in the sealed result', async () => {
    const signer = await register('member1', 'iPad');
    const other = await register('member2', 'iPad');
    const ballot = await issue(['member1', 'member2']);
    expect((await answer(ballot, 'member1', 1, signer)).status).toBe(201);
    expect((await answer(ballot, 'member2', 1, other)).status).toBe(201);
    expect((await t.request('DELETE', `/api/signing-keys/${signer.id}`, { token: tokens['admin'] })).status).toBe(200);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens['secretary'] })).status).toBe(200);

    // Byte for byte, as the seal covers the bytes.
    const download = await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } });
    expect(download.status).toBe(200);
    const text = await download.text();
    expect(await verifyBallotBundle(text, demoTrust(t))).toMatchObject({ ok: true, answers: 2, problems: [] });
    expect((JSON.parse(text) as { answers: { keyFingerprint: string }[] }).answers.map((a) => a.keyFingerprint)).toContain(signer.fingerprint);
    // The bundle carries the revocation (a CRL by the demo officer): the answer signed before it stays valid ...
    const bundle = JSON.parse(text) as { crls: string[] };
    expect(bundle.crls).toHaveLength(1);
    // ... and the same answer claiming a time after the revocation would not be.
    const crl = parseCrl(fromBase64(bundle.crls[0]) ?? new Uint8Array());
    expect(crl?.revokedCertificates).toHaveLength(1);
    const revokedAt = (crl?.revokedCertificates?.[0]?.revocationDate.value as Date).getTime();
    const certificate = parseCertificate(fromBase64((JSON.parse(text) as { answers: { certificate: string; keyFingerprint: string }[] }).answers.find((a) => a.keyFingerprint === signer.fingerprint)?.certificate ?? '') ?? new Uint8Array());
    const chain = { intermediates: ((JSON.parse(text) as { certificates: string[] }).certificates).map((c) => parseCertificate(fromBase64(c) ?? new Uint8Array())).filter((c) => c !== null), anchors: demoTrust(t).anchors, crls: crl ? [crl] : [] };
    expect(await validateChain(certificate as NonNullable<typeof certificate>, { ...chain, at: new Date(revokedAt - 1000) })).toEqual([]);
    expect((await validateChain(certificate as NonNullable<typeof certificate>, { ...chain, at: new Date(revokedAt + 1000) }))[0]).toContain('revoked');
  });
});
