import { createHash } from 'node:crypto';
import { inclusionPath, merkleLeaf, merkleRoot, rootFromInclusion } from './merkle';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const hex = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('hex') : null);

/** The leaves and roots of the Certificate Transparency test vectors (RFC 6962 implementations). */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => new Uint8Array(Buffer.from(h, 'hex')));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('Merkle tree (RFC 6962)', () => {
  const leaves = LEAVES.map((data) => merkleLeaf(sha256, data));

  it('gives the Certificate Transparency roots for 1 to 8 leaves, and SHA-256("") for none', () => {
    expect(ROOTS.map((_, n) => hex(merkleRoot(sha256, leaves.slice(0, n + 1))))).toEqual(ROOTS);
    expect(hex(merkleRoot(sha256, []))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('proves every leaf of every tree up to 40 leaves, and nothing else', () => {
    const many = Array.from({ length: 40 }, (_, i) => merkleLeaf(sha256, Uint8Array.of(i)));
    for (let size = 1; size <= many.length; size++) {
      const root = hex(merkleRoot(sha256, many.slice(0, size)));
      for (let index = 0; index < size; index++) {
        const path = inclusionPath(sha256, many.slice(0, size), index);
        expect(hex(rootFromInclusion(sha256, many[index], index, size, path))).toBe(root);
        // Another leaf, or the same leaf claimed at another position, does not lead to the root.
        if (size > 1) {
          expect(hex(rootFromInclusion(sha256, many[(index + 1) % size], index, size, path))).not.toBe(root);
          expect(hex(rootFromInclusion(sha256, many[index], (index + 1) % size, size, path))).not.toBe(root);
        }
      }
    }
    expect(rootFromInclusion(sha256, many[0], 5, 5, [])).toBeNull();
  });
});
