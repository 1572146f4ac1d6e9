import { signDetached } from './cms';
import { utf8 } from './bytes';
import { TIME_STAMPING, testAuthority, testLeaf, testTimestampResponse } from './test-pki';
import { addSignatureTimestamp, readTimestampResponse, signatureTimestampOf, signatureValue, timestampRequest } from './timestamp';

describe('RFC 3161 signature time-stamps', () => {
  it('takes a token only over the signature asked, with its nonce, and carries it in the CMS as baseline T', async () => {
    const root = await testAuthority('Root', null, 1);
    const tsa = await testLeaf(root, 'tsa', [TIME_STAMPING]);
    const signer = await testLeaf(root, 'seal');
    const cms = await signDetached(utf8('biên bản'), { certificate: signer.der, chain: [], privateKey: signer.keys.privateKey }, null);
    expect(await signatureTimestampOf(cms)).toBeNull();

    const value = signatureValue(cms);
    const request = await timestampRequest(value);
    const genTime = new Date('2026-12-04T03:00:00Z');
    const token = await readTimestampResponse(await testTimestampResponse(request.der, tsa, genTime), value, request.nonce);
    expect(token.genTime.toISOString()).toBe(genTime.toISOString());

    // Another request's answer (other data, or the right data with another nonce) is refused.
    const other = await timestampRequest(utf8('khác'));
    await expect(readTimestampResponse(await testTimestampResponse(other.der, tsa), value, request.nonce)).rejects.toThrow('over other data');
    const replay = await timestampRequest(value);
    await expect(readTimestampResponse(await testTimestampResponse(replay.der, tsa), value, request.nonce)).rejects.toThrow('nonce');
    await expect(readTimestampResponse(new Uint8Array([1, 2, 3]), value, request.nonce)).rejects.toThrow('not an RFC 3161');

    const stamped = addSignatureTimestamp(cms, token.der);
    expect(await signatureTimestampOf(stamped)).toMatchObject({ ok: true, genTime });
    // A token moved onto another signature no longer matches it.
    const otherCms = await signDetached(utf8('biên bản khác'), { certificate: signer.der, chain: [], privateKey: signer.keys.privateKey }, null);
    expect(await signatureTimestampOf(addSignatureTimestamp(otherCms, token.der))).toMatchObject({ ok: false, problem: expect.stringContaining('other data') });
  });
});
