// Fresh observation vs the last known per-target state: new, changed and missing posts.
import type { Observation, PostRecord } from '../scrapers/types.js';
import { isServiceDigest, postDigest } from './digest.js';
import type { TargetState } from './state.js';

export interface PostDiff {
  added: PostRecord[];
  changed: { post: PostRecord; from: string; to: string }[];
  /**
   * Post numbers known before, inside the covered range, absent now (service messages excluded).
   * rss/web have no range: there the caller passes which vanished items count as covered (feed.ts).
   */
  missing: number[];
  /** Every number this observation shows (posts, album members, service messages). */
  present: Set<number>;
  /** num -> short digest of the posts shown. */
  digests: Map<number, string>;
}

export function diffPosts(prev: TargetState, obs: Observation, digests?: Map<number, string>, feedMissing?: number[]): PostDiff {
  const d = digests ?? new Map(obs.posts.map((p) => [p.num, postDigest(p)]));
  const present = new Set<number>();
  const added: PostRecord[] = [];
  const changed: PostDiff['changed'] = [];
  for (const p of obs.posts) {
    present.add(p.num);
    // Album members are folded into their first post; they are present too.
    for (const g of p.groupedIds ?? []) present.add(g);
    const before = prev.posts[p.num];
    const now = d.get(p.num)!;
    if (before === undefined) added.push(p);
    else if (before !== now) changed.push({ post: p, from: before, to: now });
  }
  const missing: number[] = obs.state === 'ok' && feedMissing ? feedMissing.filter((n) => !present.has(n) && prev.posts[n] !== undefined) : [];
  if (obs.state === 'ok' && obs.range) {
    const { min, max } = obs.range;
    for (const k of Object.keys(prev.posts)) {
      const n = Number(k);
      if (n >= min && n <= max && !present.has(n) && !isServiceDigest(prev.posts[k])) missing.push(n);
    }
  }
  missing.sort((a, b) => a - b);
  return { added, changed, missing, present, digests: d };
}

/** Keep only the newest `keep` posts so the hot state stays small. */
export function prunePosts(posts: Record<string, string>, keep: number): Record<string, string> {
  const nums = Object.keys(posts).map(Number);
  if (nums.length <= keep) return posts;
  nums.sort((a, b) => b - a);
  const out: Record<string, string> = {};
  for (const n of nums.slice(0, keep)) out[n] = posts[n];
  return out;
}
