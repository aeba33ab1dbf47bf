// Impersonator accounts of the target (a documented mass-reporting tactic: make a lookalike, then
// report the real account as the impostor). A handle or display name is a lookalike when, after
// folding homoglyphs and separators, it equals the target's, lies within a small edit distance of
// it, or is the target's name plus a decoy word ("official", "real", "backup").

// Characters that render like Latin letters (Cyrillic, Greek) and digits used as letters.
// (two aligned strings: FROM[i] renders like TO[i])
const FROM = 'авсеёһіјкмнортухѕԁԛԝαβεικνορτυχ0134578@$|!';
const TO = 'abceehijkmhoptyxsdqwabeikvoptuxoleastbasli';
const CONFUSABLE: ReadonlyMap<string, string> = new Map([...FROM].map((c, i) => [c, TO[i]!]));
const DECOYS = ['official', 'offical', 'real', 'the', 'original', 'orig', 'backup', 'reserve', 'news', 'team', 'support', 'tv', 'media', 'info', 'channel', 'new', 'ru', 'kz', 'ua', 'by', 'hq', 'live'];

/** Lower-case skeleton: homoglyphs folded to Latin, `rn`->`m`, `vv`->`w`, `l`/`i` merged, separators dropped. */
export function skeleton(s: string): string {
  const folded = [...s.normalize('NFKC').toLowerCase()].map((c) => CONFUSABLE.get(c) ?? c).join('');
  return folded.replace(/[^a-z0-9\p{L}]/gu, '').replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/i/g, 'l');
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/** Edit distance a name may be from the target's and still be a lookalike (none for short names). */
const allowance = (len: number): number => (len >= 8 ? 2 : len >= 5 ? 1 : 0);

let decoys: string[] | undefined;

function stripDecoys(s: string): string {
  decoys ??= DECOYS.map(skeleton); // compared as skeletons ("official" -> "offlclal")
  let out = s;
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of decoys) {
      if (out.length > w.length + 3 && out.startsWith(w)) (out = out.slice(w.length)), (changed = true);
      if (out.length > w.length + 3 && out.endsWith(w)) (out = out.slice(0, -w.length)), (changed = true);
    }
  }
  return out.replace(/\d+$/, (d) => (out.length - d.length >= 4 ? '' : d));
}

/** Is `candidate` (a handle or display name) a lookalike of `real`? An exact match is the account itself, not a lookalike. */
export function isLookalike(candidate: string, real: string): boolean {
  if (!candidate || !real) return false;
  if (candidate.toLowerCase() === real.toLowerCase()) return false;
  const c = skeleton(candidate);
  const r = skeleton(real);
  if (r.length < 4 || c.length === 0) return false;
  if (c === r) return true;
  if (editDistance(c, r) <= allowance(r.length)) return true;
  const bare = stripDecoys(c);
  return bare !== c && (bare === r || editDistance(bare, r) <= allowance(r.length));
}

export interface TargetNames {
  /** The target's handle (username). */
  handle: string;
  /** Its display name / title, when known. */
  title?: string;
}

/**
 * Whether an interaction's author impersonates the target: its handle looks like the target's handle,
 * or its display name like the target's title or handle while its handle is another one.
 */
export function impersonates(author: { name: string; username?: string }, t: TargetNames): boolean {
  const own = author.username?.toLowerCase();
  if (own && own === t.handle.toLowerCase()) return false; // the account itself (channels comment as themselves)
  if (author.username && isLookalike(author.username, t.handle)) return true;
  const names = [t.handle, ...(t.title ? [t.title] : [])];
  // Display names are free text: the exact title under another handle is impersonation too.
  return names.some((n) => skeleton(author.name) === skeleton(n) || isLookalike(author.name, n));
}
