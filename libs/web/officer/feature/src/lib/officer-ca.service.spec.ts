/**
 * @jest-environment node
 */
import { Injector, runInInjectionContext } from '@angular/core';
import { webcrypto } from 'node:crypto';
import type { PendingKeyResponse } from '@ecabinet/shared/contracts';
import { EC_KEY, NAME_OID, createCertificationRequest, fromBase64, issueCertificate, nameField, parseCertificate, parseCrl, readCertificationRequest, serialHex, sha256Hex, testAuthority, toBase64, toPem, validateChain } from '@ecabinet/shared/trust';
import { OfficerCaService, OfficerRefusedError } from './officer-ca.service';
import { OFFICER_CA_VAULT, type OfficerCaVault, type StoredOfficerCa } from './officer-ca.vault';

class MemoryVault implements OfficerCaVault {
  readonly records = new Map<string, StoredOfficerCa>();
  async load(userId: string) {
    return this.records.get(userId) ?? null;
  }
  async save(userId: string, value: StoredOfficerCa) {
    this.records.set(userId, value);
  }
}

/** A member's device: its key and the request it sends with it. */
async function memberDevice(userId: string): Promise<PendingKeyResponse> {
  const keys = (await webcrypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return {
    id: 'k-1',
    userId,
    username: 'member1',
    fullName: 'Nguyễn Văn An',
    label: 'iPad',
    fingerprint: await sha256Hex(spki),
    publicKey: toBase64(spki),
    csr: toBase64(await createCertificationRequest(keys, { commonName: 'iPad', userId })),
    createdAt: '',
  };
}

describe("OfficerCaService: the officer's CA on his device", () => {
  let service: OfficerCaService;
  let vault: MemoryVault;

  beforeEach(() => {
    vault = new MemoryVault();
    const injector = Injector.create({ providers: [{ provide: OFFICER_CA_VAULT, useValue: vault }, OfficerCaService] });
    service = runInInjectionContext(injector, () => injector.get(OfficerCaService));
  });

  it('makes a non-extractable key, takes back only the certificate for it, and certifies exactly the key and user listed', async () => {
    const root = await testAuthority('Root', null, 1);
    const created = await service.create('officer-1', 'Trần Văn Chứng');
    expect(created.keyPair.privateKey.extractable).toBe(false);
    expect(created.certificate).toBeNull();

    // The root holder signs the request (as `npm run ca -- sign-officer` does).
    const request = await readCertificationRequest(fromBase64(created.csr) as Uint8Array);
    expect(request?.subject.commonName).toBe('Trần Văn Chứng');
    const issue = async (publicKey: CryptoKey) =>
      issueCertificate({ subject: { commonName: 'Trần Văn Chứng' }, publicKey, issuerCertificate: root.certificate, issuerKey: root.keys.privateKey, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), authority: { pathLength: 0 } });
    const other = (await webcrypto.subtle.generateKey(EC_KEY, false, ['sign', 'verify'])) as CryptoKeyPair;
    await expect(service.install('officer-1', await issue(other.publicKey))).rejects.toEqual(new OfficerRefusedError('wrong-key'));
    await expect(service.install('officer-1', new Uint8Array([1, 2, 3]))).rejects.toEqual(new OfficerRefusedError('not-a-certificate'));
    const caDer = await issue(request?.publicKey as CryptoKey);
    const installed = await service.install('officer-1', new TextEncoder().encode(toPem(caDer, 'CERTIFICATE')));
    expect(installed.certificate).toBe(toBase64(caDer));

    const pending = await memberDevice('u-1');
    const certificate = parseCertificate(fromBase64(await service.certify('officer-1', pending)) as Uint8Array);
    expect(certificate && nameField(certificate.subject, NAME_OID.userId)).toBe('u-1');
    expect(await validateChain(certificate as NonNullable<typeof certificate>, { intermediates: [parseCertificate(caDer) as NonNullable<typeof certificate>], anchors: [root.certificate], crls: [], at: new Date() })).toEqual([]);

    // A request that is not for the listed key or user, or none at all: nothing is signed.
    const otherDevice = await memberDevice('u-1');
    await expect(service.certify('officer-1', { ...pending, csr: otherDevice.csr })).rejects.toEqual(new OfficerRefusedError('csr-mismatch'));
    await expect(service.certify('officer-1', { ...pending, userId: 'u-2' })).rejects.toEqual(new OfficerRefusedError('csr-mismatch'));
    await expect(service.certify('officer-1', { ...pending, csr: null })).rejects.toEqual(new OfficerRefusedError('csr-missing'));
    await expect(service.certify('officer-2', pending)).rejects.toEqual(new OfficerRefusedError('no-ca'));

    // Revoked: the list this device signs makes the certificate fail from its revocation, not before.
    const device = certificate as NonNullable<typeof certificate>;
    const revokedAt = new Date(Date.now() - 5_000);
    const crl = parseCrl(fromBase64(await service.signCrl('officer-1', [{ keyId: 'k-1', userId: 'u-1', fullName: '', label: '', fingerprint: '', serialHex: serialHex(device), revokedAt: revokedAt.toISOString() }])) as Uint8Array);
    const chain = { intermediates: [parseCertificate(caDer) as NonNullable<typeof certificate>], anchors: [root.certificate], crls: crl ? [crl] : [] };
    expect(await validateChain(device, { ...chain, at: new Date(revokedAt.getTime() - 1000) })).toEqual([]);
    expect((await validateChain(device, { ...chain, at: new Date() })).join(' ')).toMatch(/revoked/);
    await expect(service.signCrl('officer-2', [])).rejects.toEqual(new OfficerRefusedError('no-ca'));
  });
});
