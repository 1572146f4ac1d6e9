import { createHash } from 'node:crypto';
import { canonicalJson } from '@ecabinet/api/platform';
import type { AuditEntryEntity } from './audit-entry.entity';

export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Omit<AuditEntryEntity, 'hash'>;

/** SHA-256 over the canonical JSON of every stored field, the previous hash included. */
export function hashAuditEntry(entry: HashedFields): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actorId: entry.actorId,
    actorUsername: entry.actorUsername,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    correlationId: entry.correlationId,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(content).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Walks entries in `seq` order, carrying the previous hash across calls so a large log can
 * be checked page by page. Catches an edited field (hash mismatch), a deleted or inserted
 * entry (seq gap, broken link) and a re-ordered one.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private failure: { seq: number; reason: string } | null = null;

  feed(entries: readonly AuditEntryEntity[]): boolean {
    for (const entry of entries) {
      if (this.failure) return false;
      if (entry.seq !== this.expectedSeq) {
        this.failure = { seq: entry.seq, reason: `expected entry ${this.expectedSeq} but found ${entry.seq} (an entry is missing)` };
      } else if (entry.prevHash !== this.prevHash) {
        this.failure = { seq: entry.seq, reason: 'its link to the previous entry does not match' };
      } else if (hashAuditEntry(entry) !== entry.hash) {
        this.failure = { seq: entry.seq, reason: 'its content does not match its hash (the entry was altered)' };
      } else {
        this.checked += 1;
        this.expectedSeq += 1;
        this.prevHash = entry.hash;
      }
    }
    return !this.failure;
  }

  result(): ChainCheck {
    return {
      ok: !this.failure,
      checked: this.checked,
      firstBrokenSeq: this.failure?.seq ?? null,
      reason: this.failure?.reason ?? null,
    };
  }
}
