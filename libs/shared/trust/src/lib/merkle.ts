/**
 * A Merkle tree in the manner of RFC 6962 (Certificate Transparency): leaf = H(0x00 || data),
 * node = H(0x01 || left || right), the tree of n leaves split at the largest power of two below
 * n. The hash function is passed in and synchronous (node's SHA-256 on the server and the CLI),
 * so a log of a million entries is hashed without a million awaits.
 */
export type SyncHash = (data: Uint8Array) => Uint8Array;

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function merkleLeaf(hash: SyncHash, data: Uint8Array): Uint8Array {
  return hash(concat(LEAF, data));
}

function merkleNode(hash: SyncHash, left: Uint8Array, right: Uint8Array): Uint8Array {
  return hash(concat(NODE, left, right));
}

/** The largest power of two strictly below n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root over leaf hashes [from, to): the Merkle Tree Hash of RFC 6962, section 2.1. */
export function merkleRoot(hash: SyncHash, leaves: readonly Uint8Array[], from = 0, to = leaves.length): Uint8Array {
  const n = to - from;
  if (n === 0) return hash(new Uint8Array(0));
  if (n === 1) return leaves[from];
  const k = split(n);
  return merkleNode(hash, merkleRoot(hash, leaves, from, from + k), merkleRoot(hash, leaves, from + k, to));
}

/** The audit path of leaf `index` in the tree of leaf hashes [from, to) (RFC 6962, section 2.1.1). */
export function inclusionPath(hash: SyncHash, leaves: readonly Uint8Array[], index: number, from = 0, to = leaves.length): Uint8Array[] {
  const n = to - from;
  if (n <= 1) return [];
  const k = split(n);
  return index < k
    ? [...inclusionPath(hash, leaves, index, from, from + k), merkleRoot(hash, leaves, from + k, to)]
    : [...inclusionPath(hash, leaves, index - k, from + k, to), merkleRoot(hash, leaves, from, from + k)];
}

/**
 * The root an audit path leads to from a leaf (RFC 9162, section 2.1.3.2), or null when the path
 * cannot belong to a tree of `size` leaves. The caller compares it with the root it trusts.
 */
export function rootFromInclusion(hash: SyncHash, leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[]): Uint8Array | null {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = merkleNode(hash, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = merkleNode(hash, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
