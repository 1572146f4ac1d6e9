import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem, utf8 } from './bytes';
import { EC_KEY, NAME_OID, issueCrl, nameField, parseCrl, serialHex, validateChain } from './certificates';
import { createCertificationRequest, readCertificationRequest } from './csr';
import { signDetached, verifyDetached } from './cms';
import { testAuthority, testLeaf } from './test-pki';

describe('certificates and CMS seals', () => {
  it('validates root → officer CA → member key, and says why a chain fails', async () => {
    const root = await testAuthority('Root', null, 1);
    const officer = await testAuthority('Officer', root, 0);
    const member = await testLeaf(officer, 'user-1');
    const at = new Date();
    expect(nameField(member.certificate.subject, NAME_OID.userId)).toBe('user-1');
    expect(await validateChain(member.certificate, { intermediates: [officer.certificate], anchors: [root.certificate], crls: [], at })).toEqual([]);

    const otherRoot = await testAuthority('Root', null, 1);
    expect((await validateChain(member.certificate, { intermediates: [officer.certificate], anchors: [otherRoot.certificate], crls: [], at }))[0]).toContain('does not chain');
    expect((await validateChain(member.certificate, { intermediates: [], anchors: [root.certificate], crls: [], at }))[0]).toContain('does not chain');
    expect((await validateChain(member.certificate, { intermediates: [officer.certificate], anchors: [root.certificate], crls: [], at: new Date(Date.now() + 400 * 86_400_000) }))[0]).toContain('not valid at');
    // A leaf cannot act as a CA for another leaf.
    const forged = await testLeaf(member, 'user-2');
    expect((await validateChain(forged.certificate, { intermediates: [member.certificate, officer.certificate], anchors: [root.certificate], crls: [], at }))[0]).toContain('not a certification authority');
  });

  it('honours a revocation from its date, and only from a CRL the issuer signed', async () => {
    const root = await testAuthority('Root', null, 1);
    const officer = await testAuthority('Officer', root, 0);
    const member = await testLeaf(officer, 'user-1');
    const revokedAt = new Date(Date.now() - 1_000);
    const crl = parseCrl(await issueCrl(officer.certificate, officer.keys.privateKey, [{ serialHex: serialHex(member.certificate), revokedAt }], new Date(), new Date(Date.now() + 86_400_000)));
    const input = { intermediates: [officer.certificate], anchors: [root.certificate], crls: crl ? [crl] : [] };
    expect((await validateChain(member.certificate, { ...input, at: new Date() }))[0]).toContain('revoked');
    expect(await validateChain(member.certificate, { ...input, at: new Date(revokedAt.getTime() - 10_000) })).toEqual([]);
    const impostor = await testAuthority('Officer', root, 0);
    const fakeCrl = parseCrl(await issueCrl(impostor.certificate, impostor.keys.privateKey, [{ serialHex: serialHex(member.certificate), revokedAt }], new Date(), new Date()));
    expect(await validateChain(member.certificate, { ...input, crls: fakeCrl ? [fakeCrl] : [], at: new Date() })).toEqual([]);
  });

  it('signs detached CMS that verifies here and in OpenSSL, and fails on one changed byte', async () => {
    const root = await testAuthority('Root', null, 1);
    const seal = await testLeaf(root, 'seal');
    const content = utf8('{"hello":"Việt Nam"}');
    const cms = await signDetached(content, { certificate: seal.der, chain: [], privateKey: seal.keys.privateKey }, new Date());
    const checked = await verifyDetached(cms, content);
    expect(checked).toMatchObject({ intact: true, problem: null });
    expect(checked.signer && serialHex(checked.signer)).toBe(serialHex(seal.certificate));
    const changed = content.slice();
    changed[3] ^= 1;
    expect((await verifyDetached(cms, changed)).intact).toBe(false);
    expect((await verifyDetached(utf8('not cms'), content)).problem).toContain('not a CMS');

    const dir = mkdtempSync(join(tmpdir(), 'cms-'));
    writeFileSync(join(dir, 'root.pem'), toPem(root.der, 'CERTIFICATE'));
    writeFileSync(join(dir, 'content'), content);
    writeFileSync(join(dir, 'seal.der'), cms);
    writeFileSync(join(dir, 'changed'), changed);
    const openssl = (file: string) =>
      execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'seal.der'), '-content', join(dir, file), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
    expect(() => openssl('content')).not.toThrow();
    expect(() => openssl('changed')).toThrow();
  });
});

describe('certification requests (PKCS#10)', () => {
  it('carries the key and subject, proves the key with its signature, and is refused when altered', async () => {
    const keys = (await crypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    const der = await createCertificationRequest(keys, { commonName: 'Thiết bị', userId: 'u-1' });
    const read = await readCertificationRequest(der);
    expect(read?.subject).toMatchObject({ commonName: 'Thiết bị', userId: 'u-1' });
    expect(Buffer.from(read?.spki ?? []).equals(Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)))).toBe(true);
    // OpenSSL reads it and checks the signature too.
    const dir = mkdtempSync(join(tmpdir(), 'csr-'));
    writeFileSync(join(dir, 'req.der'), der);
    expect(execFileSync('openssl', ['req', '-inform', 'DER', '-in', join(dir, 'req.der'), '-verify', '-noout'], { stdio: 'pipe' }).toString() + '').toBeDefined();
    const altered = new Uint8Array(der);
    altered[altered.length - 10] ^= 0x01;
    expect(await readCertificationRequest(altered)).toBeNull();
    expect(await readCertificationRequest(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
