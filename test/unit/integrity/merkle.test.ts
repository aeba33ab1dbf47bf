import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/archive/ledger/merkle.js';

const sha = (...p: Buffer[]) => p.reduce((h, b) => h.update(b), createHash('sha256')).digest();
// RFC 6962 / certificate-transparency reference inputs and roots.
const INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  Buffer.from(h, 'hex'),
);
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
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}\n`)));

describe('merkle tree hash (RFC 9162 §2.1)', () => {
  it('hashes leaves and nodes with the 0x00/0x01 prefixes', () => {
    const d = Buffer.from('abc');
    expect(leafHash(d)).toEqual(sha(Buffer.from([0]), d));
    expect(nodeHash(leafHash(d), leafHash(d))).toEqual(sha(Buffer.from([1]), leafHash(d), leafHash(d)));
    expect(emptyRoot().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches hand-computed small trees (split at the largest power of two below n)', () => {
    const l = leaves(5);
    expect(treeRoot(l, 1)).toEqual(l[0]);
    expect(treeRoot(l, 2)).toEqual(nodeHash(l[0], l[1]));
    expect(treeRoot(l, 3)).toEqual(nodeHash(nodeHash(l[0], l[1]), l[2]));
    expect(treeRoot(l, 5)).toEqual(nodeHash(nodeHash(nodeHash(l[0], l[1]), nodeHash(l[2], l[3])), l[4]));
  });

  it('reproduces the certificate-transparency reference roots', () => {
    const l = INPUTS.map(leafHash);
    ROOTS.forEach((root, i) => expect(treeRoot(l, i + 1).toString('hex')).toBe(root));
  });
});

describe('inclusion proofs', () => {
  it('verify for every leaf of every tree up to 33 leaves', () => {
    const l = leaves(33);
    for (let n = 1; n <= 33; n++) {
      const root = treeRoot(l, n);
      for (let i = 0; i < n; i++) expect(verifyInclusion(l[i], i, n, inclusionProof(l, i, n), root)).toBe(true);
    }
  });

  it('give the hand-computed path for leaf 2 of 5', () => {
    const l = leaves(5);
    expect(inclusionProof(l, 2, 5)).toEqual([l[3], nodeHash(l[0], l[1]), l[4]]);
  });

  it('reject wrong leaf, wrong index, flipped hash, extra or missing elements', () => {
    const l = leaves(13);
    const root = treeRoot(l);
    const proof = inclusionProof(l, 6);
    expect(verifyInclusion(l[7], 6, 13, proof, root)).toBe(false);
    expect(verifyInclusion(l[6], 7, 13, proof, root)).toBe(false);
    const flipped = proof.map((p, i) => (i === 1 ? Buffer.from(p.map((b, j) => (j === 0 ? b ^ 1 : b))) : p));
    expect(verifyInclusion(l[6], 6, 13, flipped, root)).toBe(false);
    expect(verifyInclusion(l[6], 6, 13, [...proof, l[0]], root)).toBe(false);
    expect(verifyInclusion(l[6], 6, 13, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(l[6], 13, 13, proof, root)).toBe(false);
  });
});

describe('consistency proofs', () => {
  it('verify for every m ≤ n ≤ 33', () => {
    const l = leaves(33);
    for (let n = 1; n <= 33; n++) {
      for (let m = 1; m <= n; m++) {
        const ok = verifyConsistency(m, n, treeRoot(l, m), treeRoot(l, n), consistencyProof(l, m, n));
        expect(ok, `m=${m} n=${n}`).toBe(true);
      }
    }
  });

  it('give the RFC 9162 example proof for 3 → 7', () => {
    const l = leaves(7);
    // RFC 9162 §2.1.5: PROOF(3, D[7]) = [c, d, g, l] in the figure's naming.
    const [a, b, c, d] = [l[0], l[1], l[2], l[3]];
    expect(consistencyProof(l, 3, 7)).toEqual([c, d, nodeHash(a, b), treeRoot(l.slice(4), 3)]);
  });

  it('reject a rewritten history, extra elements, truncation and swapped sizes', () => {
    const l = leaves(20);
    const forged = [...l];
    forged[2] = leafHash(Buffer.from('rewritten'));
    const proof = consistencyProof(l, 6, 20);
    expect(verifyConsistency(6, 20, treeRoot(forged, 6), treeRoot(l, 20), proof)).toBe(false);
    expect(verifyConsistency(6, 20, treeRoot(l, 6), treeRoot(forged, 20), consistencyProof(forged, 6, 20))).toBe(false);
    expect(verifyConsistency(6, 20, treeRoot(l, 6), treeRoot(l, 20), [...proof, l[0]])).toBe(false);
    expect(verifyConsistency(6, 20, treeRoot(l, 6), treeRoot(l, 20), proof.slice(1))).toBe(false);
    expect(verifyConsistency(20, 6, treeRoot(l, 20), treeRoot(l, 6), proof)).toBe(false);
    expect(verifyConsistency(8, 20, treeRoot(l, 8), treeRoot(l, 20), [])).toBe(false);
  });
});
