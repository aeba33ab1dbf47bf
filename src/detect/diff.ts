// Fresh observation vs the last known per-target state: new, changed and missing posts. Pure.
import type { Observation, PostRecord } from '../scrapers/types.js';
import { cmpKey, cmpOrder, inRange } from '../scrapers/order.js';
import { isServiceDigest } from './digest.js';
import { orderOf, type TargetState } from './state.js';

export interface PostDiff {
  added: PostRecord[];
  changed: { post: PostRecord; from: string; to: string }[];
  /**
   * Keys of posts known before, absent now and covered by this observation, in publication order.
   * `range` listings: inside the covered range (service messages excluded). `feed` listings have
   * no range: the caller passes which vanished items count as covered (feed.ts).
   */
  missing: string[];
  /** Every key this observation shows (posts, album members, service messages). */
  present: Set<string>;
  /** key -> short digest of the posts shown. */
  digests: Map<string, string>;
}

export function diffPosts(prev: TargetState, obs: Observation, digests: Map<string, string>, feedMissing?: string[]): PostDiff {
  const present = new Set<string>();
  const added: PostRecord[] = [];
  const changed: PostDiff['changed'] = [];
  for (const p of obs.posts) {
    present.add(p.key);
    // Album members are folded into their first post; they are present too.
    for (const g of p.groupedKeys ?? []) present.add(g);
    const before = prev.posts[p.key];
    const now = digests.get(p.key)!;
    if (before === undefined) added.push(p);
    else if (before !== now) changed.push({ post: p, from: before, to: now });
  }
  const missing: string[] = obs.state === 'ok' && feedMissing ? feedMissing.filter((k) => !present.has(k) && prev.posts[k] !== undefined) : [];
  if (obs.state === 'ok' && obs.range) {
    for (const [k, digest] of Object.entries(prev.posts)) {
      if (!present.has(k) && inRange(orderOf(prev, k), obs.range) && !isServiceDigest(digest)) missing.push(k);
    }
  }
  missing.sort((a, b) => cmpOrder(orderOf(prev, a), orderOf(prev, b)) || cmpKey(a, b));
  return { added, changed, missing, present, digests };
}

/** Keep only the newest `keep` posts (by order) so the hot state stays small. */
export function prunePosts(s: Pick<TargetState, 'posts' | 'ord'>, keep: number): Pick<TargetState, 'posts' | 'ord'> {
  const keys = Object.keys(s.posts);
  if (keys.length <= keep) return s;
  keys.sort((a, b) => cmpOrder(orderOf(s, b), orderOf(s, a)) || cmpKey(b, a));
  const posts: Record<string, string> = {};
  for (const k of keys.slice(0, keep)) posts[k] = s.posts[k];
  return { posts, ...(s.ord ? { ord: keepOrders(s.ord, posts) } : {}) };
}

/** The `ord` entries of the posts still remembered. */
export function keepOrders(ord: Record<string, string>, posts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, o] of Object.entries(ord)) if (posts[k] !== undefined) out[k] = o;
  return out;
}
