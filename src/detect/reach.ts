// reach_drop: views per post far below the account's own rolling baseline at equal post age.
// Each post is judged once per age bucket (e.g. when first seen at 1 h, 3 h, 6 h … old) against
// the views of the account's earlier posts at that same age, with robust statistics (median and
// MAD, src/detect/robust.ts): low = below `ratio` × median AND a robust z-score at or under -z.
// The newest `minPosts` judged posts all low = positive; most of them normal = negative. Low
// views never enter the baseline, so a lasting drop does not become the new normal. Pure.
import type { Observation } from '../scrapers/types.js';
import { cmpOrder } from '../scrapers/order.js';
import { median, robustZ } from './robust.js';
import type { Signal } from './signals.js';
import type { ReachState } from './state.js';

export interface ReachPolicy {
  /** Post ages (ms, ascending) at which a post is judged; younger posts are not judged. */
  buckets: readonly number[];
  /** Baseline samples kept per bucket (rolling). */
  window: number;
  /** Samples a bucket needs before it judges anything. */
  minBaseline: number;
  /** Low = views under ratio × the bucket's median … */
  ratio: number;
  /** … and a robust z-score at or under -z. */
  z: number;
  /** The newest this-many judged posts must all be low. */
  minPosts: number;
}

export type { ReachState } from './state.js';

export interface ReachJudgement {
  key: string;
  bucket: number;
  views: number;
  median?: number;
  z?: number;
  low: boolean;
}

// Posts whose judged bucket is remembered (the newest ones; older posts have passed every bucket).
const KEEP_JUDGED = 25;

export function bucketOf(ageMs: number, buckets: readonly number[]): number {
  let b = -1;
  for (let i = 0; i < buckets.length; i++) if (ageMs >= buckets[i]!) b = i;
  return b;
}

/**
 * Publication times this listing no longer prints but an earlier one did (a YouTube video seen at
 * "5 minutes ago", now "3 hours ago"): remembered for the listing's posts that lack one, and only
 * those, so platforms that always print a time keep no such memory.
 */
function rememberPublished(prev: ReachState | undefined, obs: Observation): Record<string, number> | undefined {
  const seen: Record<string, number> = {};
  for (const x of obs.posts) if (x.publishedAt) seen[x.key] = Date.parse(x.publishedAt);
  const out: Record<string, number> = {};
  for (const x of obs.posts) {
    if (x.publishedAt || x.service) continue;
    const t = prev?.p?.[x.key];
    if (t !== undefined) out[x.key] = t;
  }
  // Young posts printed with a time now: kept for the polls that will see them without one.
  if (obs.posts.some((x) => !x.publishedAt && !x.service)) Object.assign(out, seen);
  return Object.keys(out).length ? out : undefined;
}

/** A post's publication time (ms): as listed, else as an earlier listing printed it. */
const publishedMs = (state: Pick<ReachState, 'p'>, post: { key: string; publishedAt?: string }): number | undefined =>
  post.publishedAt ? Date.parse(post.publishedAt) : state.p?.[post.key];

/** Judge the posts of an ok observation that reached a new age bucket; returns the next state. */
export function judgeReach(prev: ReachState | undefined, obs: Observation, observedAt: string, p: ReachPolicy): { next: ReachState; judged: ReachJudgement[] } {
  const next: ReachState = { b: { ...(prev?.b ?? {}) }, j: { ...(prev?.j ?? {}) }, ...(prev?.p ? { p: prev.p } : {}) };
  const judged: ReachJudgement[] = [];
  if (obs.state !== 'ok') return { next, judged };
  const published = rememberPublished(prev, obs);
  if (published) next.p = published;
  else delete next.p;
  const now = Date.parse(observedAt);
  // Oldest first, so an older post's normal views count before a newer one is judged.
  const posts = [...obs.posts].filter((x) => !x.service && x.views !== undefined && publishedMs(next, x) !== undefined).sort((a, b) => cmpOrder(a.order, b.order));
  for (const post of posts) {
    const age = now - publishedMs(next, post)!;
    const bucket = bucketOf(age, p.buckets);
    if (bucket < 0 || (next.j[post.key]?.[0] ?? -1) >= bucket) continue;
    const base = next.b[bucket] ?? [];
    const views = post.views!;
    let j: ReachJudgement = { key: post.key, bucket, views, low: false };
    if (base.length >= p.minBaseline) {
      const med = median(base);
      const z = robustZ(views, base);
      j = { ...j, median: med, z: Number.isFinite(z) ? Math.round(z * 100) / 100 : z, low: views < p.ratio * med && z <= -p.z };
    }
    if (!j.low) next.b[bucket] = [...base, views].slice(-p.window);
    next.j[post.key] = [bucket, base.length >= p.minBaseline ? (j.low ? 1 : 0) : -1, post.order];
    judged.push(j);
  }
  const keep = Object.entries(next.j).sort((a, b) => cmpOrder(b[1][2], a[1][2])).slice(0, KEEP_JUDGED);
  next.j = Object.fromEntries(keep);
  return { next, judged };
}

/**
 * The reach signal of a poll: the newest `minPosts` posts that reached an age bucket with a baseline,
 * each compared, as read now, with the baseline at its current age. All low = positive (every poll
 * re-reads the views: a repeated look, not a replayed one); most normal = negative; else none.
 */
export function reachSignal(state: ReachState, obs: Observation, observedAt: string, p: ReachPolicy): Signal {
  const none: Signal = { type: 'reach_drop', verdict: 'none', rule: 'views.below_baseline_at_equal_age', confidence: 0.8 };
  if (obs.state !== 'ok') return none;
  const now = Date.parse(observedAt);
  const newest = [...obs.posts]
    .filter((x) => !x.service && x.views !== undefined && publishedMs(state, x) !== undefined)
    .sort((a, b) => cmpOrder(b.order, a.order))
    .map((post): ReachJudgement | undefined => {
      const bucket = bucketOf(now - publishedMs(state, post)!, p.buckets);
      const base = bucket >= 0 ? (state.b[bucket] ?? []) : [];
      if (base.length < p.minBaseline) return undefined;
      const med = median(base);
      const z = robustZ(post.views!, base);
      return { key: post.key, bucket, views: post.views!, median: med, z: Number.isFinite(z) ? Math.round(z * 100) / 100 : z, low: post.views! < p.ratio * med && z <= -p.z };
    })
    .filter((j): j is ReachJudgement => j !== undefined)
    .slice(0, p.minPosts);
  if (newest.length < p.minPosts) return none;
  const low = newest.filter((j) => j.low).length;
  if (low === newest.length) return { ...none, verdict: 'positive', details: { judged: newest.map((j) => ({ ...j, z: Number.isFinite(j.z) ? j.z : null })), ratio: p.ratio, z: p.z } };
  if (low * 2 < newest.length) return { ...none, verdict: 'negative' };
  return none;
}
