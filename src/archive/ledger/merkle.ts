// RFC 9162 §2.1 Merkle tree over ledger entries: tree hashes, inclusion and consistency
// proofs, and their verifiers. Pure; hashes are 32-byte Buffers. Sizes stay below 2^53, so
// bit tests use arithmetic instead of 32-bit operators.
import { createHash } from 'node:crypto';

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export const leafHash = (entryBytes: Buffer): Buffer => sha(LEAF, entryBytes);
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha(NODE, left, right);
export const emptyRoot = (): Buffer => sha();

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** MTH(D[lo:hi]) over precomputed leaf hashes. */
function mth(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return emptyRoot();
  if (n === 1) return leaves[lo];
  const k = split(n);
  return nodeHash(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
}

/** Root of the first `size` leaves (default: all). */
export function treeRoot(leaves: readonly Buffer[], size = leaves.length): Buffer {
  if (size > leaves.length) throw new RangeError(`tree size ${size} exceeds ${leaves.length} leaves`);
  return mth(leaves, 0, size);
}

/** Audit path for leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1). */
export function inclusionProof(leaves: readonly Buffer[], index: number, size = leaves.length): Buffer[] {
  if (index < 0 || index >= size || size > leaves.length) throw new RangeError(`leaf ${index} not in tree of size ${size}`);
  const path = (m: number, lo: number, hi: number): Buffer[] => {
    const n = hi - lo;
    if (n === 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, lo, lo + k), mth(leaves, lo + k, hi)]
      : [...path(m - k, lo + k, hi), mth(leaves, lo, lo + k)];
  };
  return path(index, 0, size);
}

/** Proof that the tree of size m is a prefix of the tree of size n (RFC 9162 §2.1.4.1). */
export function consistencyProof(leaves: readonly Buffer[], m: number, n = leaves.length): Buffer[] {
  if (m < 0 || m > n || n > leaves.length) throw new RangeError(`bad consistency range ${m}..${n}`);
  if (m === 0 || m === n) return [];
  const sub = (mm: number, lo: number, hi: number, complete: boolean): Buffer[] => {
    const nn = hi - lo;
    if (mm === nn) return complete ? [] : [mth(leaves, lo, hi)];
    const k = split(nn);
    return mm <= k
      ? [...sub(mm, lo, lo + k, complete), mth(leaves, lo + k, hi)]
      : [...sub(mm - k, lo + k, hi, false), mth(leaves, lo, lo + k)];
  };
  return sub(m, 0, n, true);
}

/** RFC 9162 §2.1.3.2. False for any proof that is too short, too long or wrong. */
export function verifyInclusion(leaf: Buffer, index: number, size: number, proof: readonly Buffer[], root: Buffer): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false; // proof longer than the tree is deep
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2. Sizes m ≤ n; rejects proofs not fully consumed. */
export function verifyConsistency(m: number, n: number, firstRoot: Buffer, secondRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (m < 0 || m > n) return false;
  if (m === n) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (m === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [firstRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function isPowerOfTwo(x: number): boolean {
  let v = x;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
