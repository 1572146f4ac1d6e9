import type { AuditCheckpoint, AuditCheckpointFile, AuditInclusionProof } from '@ecabinet/shared/contracts';
import { fromHex, toHex, utf8 } from './bytes';
import { canonicalJson } from './canonical-json';
import type { TrustInput } from './ballot-bundle';
import { merkleLeaf, rootFromInclusion, type SyncHash } from './merkle';
import { checkSeal } from './seal';

export const AUDIT_CHECKPOINT_FORMAT = 'ecabinet.audit-checkpoint/1';

export interface CheckpointCheck {
  ok: boolean;
  problems: string[];
  checkpoint: AuditCheckpoint | null;
  sealedBy: string | null;
  demo: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A checkpoint file against the caller's anchors: the exact canonical bytes, well-formed fields,
 * and the organisation's seal over the checkpoint. What it says about the log is then checked
 * against the log itself (the CLI recomputes the root of its first `size` entries).
 */
export async function verifyCheckpointFile(raw: string, trust: TrustInput): Promise<CheckpointCheck> {
  const fail = (problem: string): CheckpointCheck => ({ ok: false, problems: [problem], checkpoint: null, sealedBy: null, demo: false });
  if (trust.anchors.length === 0) return fail('no trust anchors were given: nothing can be verified without them');
  let file: AuditCheckpointFile;
  try {
    file = JSON.parse(raw) as AuditCheckpointFile;
  } catch {
    return fail('the file is not valid JSON');
  }
  if (!file || typeof file !== 'object' || file.format !== AUDIT_CHECKPOINT_FORMAT || !file.checkpoint) return fail(`not a ${AUDIT_CHECKPOINT_FORMAT} file`);
  const problems: string[] = [];
  if (canonicalJson(file) !== raw.trimEnd()) problems.push('the file is not the canonical form the server wrote (bytes were changed)');
  const checkpoint = file.checkpoint;
  if (checkpoint.type !== 'ecabinet.audit-checkpoint' || !Number.isInteger(checkpoint.size) || checkpoint.size < 0 || !HEX64.test(checkpoint.rootHash) || !HEX64.test(checkpoint.lastEntryHash)) {
    problems.push('the checkpoint is not well formed');
  }
  const seal = await checkSeal(file.seal?.cms, utf8(canonicalJson(checkpoint)), trust.anchors);
  problems.push(...seal.problems);
  return { ok: problems.length === 0, problems, checkpoint, sealedBy: seal.sealedBy, demo: seal.demo };
}

/** Whether an inclusion proof leads from its entry to its checkpoint's root (the checkpoint's seal is checked apart). */
export function inclusionHolds(hash: SyncHash, proof: AuditInclusionProof): boolean {
  if (!HEX64.test(proof.entryHash) || !HEX64.test(proof.rootHash) || !proof.path.every((p) => HEX64.test(p))) return false;
  if (proof.treeSize !== proof.checkpoint.checkpoint.size || proof.rootHash !== proof.checkpoint.checkpoint.rootHash) return false;
  const root = rootFromInclusion(hash, merkleLeaf(hash, fromHex(proof.entryHash)), proof.seq - 1, proof.treeSize, proof.path.map(fromHex));
  return !!root && toHex(root) === proof.rootHash;
}
