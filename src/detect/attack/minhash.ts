// Near-duplicate texts by MinHash over character shingles (CooRTweet's detect_similar_text uses
// n-gram MinHash with Jaccard >= 0.8). Small and pure: the texts of one burst are few hundred at
// most, so signatures are compared pairwise and clustered with union-find.
import { createHash } from 'node:crypto';

const K = 64;
const SHINGLE = 3;
const P = 4294967311n; // a prime above 2^32

/** Lower-cased, letters and digits only, spaces collapsed: "Report @x!!" and "report x" look alike. */
export const normalizeText = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function shingles(text: string, n = SHINGLE): Set<string> {
  const t = normalizeText(text);
  const out = new Set<string>();
  if (t.length === 0) return out;
  if (t.length <= n) return out.add(t);
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n));
  return out;
}

// Fixed coefficients (derived from a constant seed) so signatures are comparable across runs and targets.
const COEFFS: [bigint, bigint][] = Array.from({ length: K }, (_, i) => {
  const h = createHash('sha256').update(`vigil-minhash-${i}`).digest();
  return [(BigInt(h.readUInt32BE(0)) % (P - 1n)) + 1n, BigInt(h.readUInt32BE(4)) % P];
});

const hash32 = (s: string): bigint => BigInt(createHash('sha1').update(s).digest().readUInt32BE(0));

/** K minimum hashes of the text's shingles; an empty text gets an all-max signature (never similar). */
export function signature(text: string): number[] {
  const sig = new Array<number>(K).fill(0xffffffff);
  const hs = [...shingles(text)].map(hash32);
  if (hs.length === 0) return sig.map(() => -1);
  for (let i = 0; i < K; i++) {
    const [a, b] = COEFFS[i]!;
    let min = P;
    for (const x of hs) {
      const v = (a * x + b) % P;
      if (v < min) min = v;
    }
    sig[i] = Number(min & 0xffffffffn);
  }
  return sig;
}

/** Estimated Jaccard similarity of the two texts' shingle sets. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a[0] === -1 || b[0] === -1) return 0;
  let same = 0;
  for (let i = 0; i < K; i++) if (a[i] === b[i]) same++;
  return same / K;
}

/** Clusters of near-duplicate texts (indices into `texts`), largest first; singletons omitted. */
export function nearDuplicateClusters(texts: readonly string[], threshold: number): number[][] {
  const sigs = texts.map(signature);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      if (find(i) !== find(j) && similarity(sigs[i]!, sigs[j]!) >= threshold) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** A signature as compact hex (stored with an attack so campaigns can compare texts across targets). */
export const sigHex = (sig: readonly number[]): string => sig.map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
export const sigFromHex = (hex: string): number[] => Array.from({ length: hex.length / 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
