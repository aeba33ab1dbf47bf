// Near-duplicate texts by MinHash over character shingles (CooRTweet's detect_similar_text uses
// n-gram MinHash with Jaccard >= 0.8). Small and pure: the texts of one burst are few hundred at
// most, so signatures are compared pairwise and clustered with union-find.
import { createHash } from 'node:crypto';

const K = 64;
const SHINGLE = 3;

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

// Fixed odd multipliers and offsets (from a constant seed) so signatures compare across runs and
// targets. Multiply-xorshift hashing of a 32-bit FNV-1a shingle hash: fast, good enough for MinHash.
const COEFFS: [number, number][] = Array.from({ length: K }, (_, i) => {
  const h = createHash('sha256').update(`vigil-minhash-${i}`).digest();
  return [h.readUInt32BE(0) | 1, h.readUInt32BE(4)];
});

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const mix = (x: number, a: number, b: number): number => {
  let v = (Math.imul(x ^ b, a) >>> 0) ^ (x >>> 16);
  v = Math.imul(v ^ (v >>> 15), 0x2c1b3c6d);
  return (v ^ (v >>> 12)) >>> 0;
};

/** K minimum hashes of the text's shingles; a text with no letters or digits gets -1s (never similar). */
export function signature(text: string): number[] {
  const hs = [...shingles(text)].map(fnv1a);
  if (hs.length === 0) return new Array<number>(K).fill(-1);
  const sig = new Array<number>(K);
  for (let i = 0; i < K; i++) {
    const [a, b] = COEFFS[i]!;
    let min = 0xffffffff;
    for (const x of hs) {
      const v = mix(x, a, b);
      if (v < min) min = v;
    }
    sig[i] = min;
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

// LSH banding: 16 bands of 4 rows. Two texts become candidates when one band matches entirely:
// at Jaccard 0.8 that happens with probability 1-(1-0.8^4)^16 > 0.999, at 0.3 below 0.13, so a
// burst of thousands is clustered without comparing every pair. Candidates are then checked.
const BANDS = 16;
const ROWS = K / BANDS;

/** Clusters of near-duplicate texts (indices into `texts`), largest first; singletons omitted. */
export function nearDuplicateClusters(texts: readonly string[], threshold: number): number[][] {
  const sigs = texts.map(signature);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let b = 0; b < BANDS; b++) {
    const buckets = new Map<string, number[]>();
    sigs.forEach((sig, i) => {
      if (sig[0] === -1) return;
      const k = sig.slice(b * ROWS, (b + 1) * ROWS).join(',');
      const xs = buckets.get(k);
      if (xs) xs.push(i);
      else buckets.set(k, [i]);
    });
    for (const xs of buckets.values()) {
      for (let a = 1; a < xs.length; a++) {
        const i = xs[0]!;
        const j = xs[a]!;
        // Chained through the bucket's first member, checked pairwise (no transitive leaps).
        if (find(i) !== find(j) && similarity(sigs[i]!, sigs[j]!) >= threshold) parent[find(i)] = find(j);
        else if (find(i) !== find(j)) {
          for (let c = 1; c < a; c++) {
            const k2 = xs[c]!;
            if (find(k2) !== find(j) && similarity(sigs[k2]!, sigs[j]!) >= threshold) {
              parent[find(k2)] = find(j);
              break;
            }
          }
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** A signature as compact hex (stored with an attack so campaigns can compare texts across targets). */
export const sigHex = (sig: readonly number[]): string => sig.map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
export const sigFromHex = (hex: string): number[] => Array.from({ length: hex.length / 8 }, (_, i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16));
