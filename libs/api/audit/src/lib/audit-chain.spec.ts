import { AuditChainVerifier, GENESIS_HASH, hashAuditEntry } from './audit-chain';
import type { AuditEntryEntity } from './audit-entry.entity';

function chain(length: number): AuditEntryEntity[] {
  const entries: AuditEntryEntity[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const entry = {
      seq,
      at: new Date(Date.UTC(2026, 10, 21, 8, 0, seq)).toISOString(),
      actorId: null,
      actorUsername: seq % 2 ? 'admin' : 'member1',
      action: 'user.updated',
      targetType: 'user',
      targetId: `u${seq}`,
      ip: '10.0.0.1',
      correlationId: `c${seq}`,
      details: JSON.stringify({ n: seq }),
      prevHash: entries[seq - 2]?.hash ?? GENESIS_HASH,
      hash: '',
    };
    entry.hash = hashAuditEntry(entry);
    entries.push(entry);
  }
  return entries;
}

const verify = (entries: AuditEntryEntity[], pageSize = 3) => {
  const verifier = new AuditChainVerifier();
  for (let i = 0; i < entries.length; i += pageSize) if (!verifier.feed(entries.slice(i, i + pageSize))) break;
  return verifier.result();
};

describe('AuditChainVerifier', () => {
  it('accepts an intact chain checked page by page', () => {
    expect(verify(chain(10))).toEqual({ ok: true, checked: 10, firstBrokenSeq: null, reason: null });
  });

  it('catches an altered field at that entry', () => {
    const entries = chain(10);
    entries[4] = { ...entries[4], actorUsername: 'someone-else' };
    expect(verify(entries)).toMatchObject({ ok: false, checked: 4, firstBrokenSeq: 5, reason: expect.stringMatching(/altered/) });
  });

  it('catches an altered entry whose hash was recomputed, at the next link', () => {
    const entries = chain(10);
    const forged = { ...entries[4], details: JSON.stringify({ n: 999 }) };
    forged.hash = hashAuditEntry(forged);
    entries[4] = forged;
    expect(verify(entries)).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: expect.stringMatching(/link/) });
  });

  it('catches a deleted entry', () => {
    const entries = chain(10);
    entries.splice(6, 1);
    expect(verify(entries)).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: expect.stringMatching(/missing/) });
  });

  it('the hash covers every stored field', () => {
    const [entry] = chain(1);
    for (const field of ['at', 'actorId', 'actorUsername', 'action', 'targetType', 'targetId', 'ip', 'correlationId', 'details', 'prevHash'] as const) {
      expect(hashAuditEntry({ ...entry, [field]: 'changed' })).not.toBe(entry.hash);
    }
  });
});
