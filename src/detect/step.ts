// One detection step: previous state + fresh observation -> next state and event transitions. Pure.
import type { Observation } from '../scrapers/types.js';
import { cmpOrder } from '../scrapers/order.js';
import { contentDigest, DIGEST_VERSION, postDigest, type ContentOf } from './digest.js';
import { diffPosts, keepOrders, prunePosts, type PostDiff } from './diff.js';
import { isFeed, pruneItems, trackItems, vanishedItems } from './feed.js';
import { postBlobSha } from './post-blob.js';
import { applyPageChecks } from './recheck.js';
import { accountFindings, DISCOVERED_RENAME_RULE, isVerdict, postFindings, renameFindings, stance, type DetectContext } from './rules.js';
import type { FeedItem } from './state.js';

/** A tracked item without its page baseline (`p`): the next check of its own page retakes it. */
const dropPage = (it: FeedItem): FeedItem => {
  const { p: _p, ...rest } = it;
  return rest;
};
import { agreeWith, openCandidate, settle, type ConfirmPolicy } from './confirm.js';
import { orderOf, type OpenCandidate, type TargetState } from './state.js';

export interface StepOptions extends ConfirmPolicy {
  /** How many recent posts the hot state remembers. */
  keepPosts: number;
  /** The platform's Scraper.stableContent: what of a post is hashed into its digest. */
  stableContent: ContentOf;
}

export interface StepResult {
  next: TargetState;
  diff: PostDiff;
  digest: string;
  /** True when the observation says nothing new (only a "seen" record is needed). */
  unchanged: boolean;
  created: OpenCandidate[];
  confirmed: OpenCandidate[];
  dismissed: OpenCandidate[];
}

/** Digests of an observation, computed once and reused by the worker. */
export function digestsOf(obs: Observation, content: ContentOf): { posts: Map<string, string>; content: string } {
  const posts = new Map<string, string>();
  const list: string[] = [];
  for (const p of obs.posts) {
    const d = postDigest(p, content);
    posts.set(p.key, d);
    list.push(d);
  }
  return { posts, content: contentDigest(obs, list) };
}

export function detectStep(prev: TargetState, obs: Observation, ctx: DetectContext, opts: StepOptions, pre?: ReturnType<typeof digestsOf>): StepResult {
  const { posts: digests, content: digest } = pre ?? digestsOf(obs, opts.stableContent);
  const verdict = isVerdict(obs);
  const unchanged = prev.digest === digest || (!verdict && obs.state !== 'empty');
  const feed = isFeed(obs) && obs.state === 'ok';
  const feedMissing = feed ? [...new Set([...vanishedItems(prev, obs).covered, ...(ctx.feed?.gone ?? [])])] : undefined;
  const diff = diffPosts(prev, obs, digests, feedMissing);
  // Digests made by an older postDigest differ for every post: re-baseline them, never "edited".
  // The page records of tracked statements changed shape with them: their baselines are retaken too.
  const rebase = prev.state !== 'pending' && (prev.dv ?? 1) !== DIGEST_VERSION && obs.state === 'ok';
  const findDiff: PostDiff = rebase ? { ...diff, changed: [] } : diff;
  const findCtx: DetectContext = rebase && ctx.pages ? { ...ctx, pages: { ...ctx.pages, present: {} } } : ctx;

  // 1. Existing candidates: agree, contradict or no bearing.
  const open: OpenCandidate[] = [];
  const dismissed: OpenCandidate[] = [];
  for (const c of prev.open) {
    const s = stance(c, obs, diff, ctx);
    if (s === 'contradict') dismissed.push(c);
    else open.push(s === 'agree' ? agreeWith(c, ctx) : c);
  }
  // 2. New findings not already open.
  const created: OpenCandidate[] = [];
  const findings = [...accountFindings(prev, obs, ctx), ...renameFindings(prev, obs, ctx), ...postFindings(prev, obs, findDiff, findCtx)];
  for (const f of findings) {
    if (open.some((c) => c.key === f.key && c.target === f.target)) continue;
    const c = openCandidate(f, prev, ctx);
    created.push(c);
    open.push(c);
  }
  // 3. Next state: first verdict establishes the state; new posts are remembered at once.
  let next: TargetState = { ...prev, open, lastObservedAt: ctx.observedAt };
  if (verdict || obs.state === 'empty') next.digest = digest;
  // A first "suspended" from a platform that says it of live accounts too (Scraper.recheckSuspension)
  // establishes nothing: with no post known yet it cannot be re-checked, and taking it would turn the
  // next ok answer into a false account_restored. The target stays pending until another verdict.
  if (verdict && prev.state === 'pending' && !(obs.state === 'suspended' && ctx.recheckSuspension)) next.state = obs.state;
  if (obs.state === 'ok') {
    next.lastOkAt = ctx.observedAt;
    const ch = obs.channel;
    if (ch) {
      next.username ??= ch.username.toLowerCase();
      next.channelId ??= ch.channelId;
    }
    const min = obs.range?.min;
    // Posts older than the covered window leave the hot state (keeps it small); the worker moves
    // them to the deep store, where the history sweep (sweep.ts) still checks them.
    // A post shown on this very page stays, wherever its order lies (a pinned post listed above newer
    // ones sits outside the range): dropping it would re-add it as new on every poll.
    const below = (k: string): boolean => min !== undefined && cmpOrder(orderOf(prev, k), min) < 0 && !diff.present.has(k);
    const stale = min !== undefined && Object.keys(prev.posts).some(below);
    const fellOff = feed ? (ctx.feed?.fellOff ?? []) : [];
    if (diff.added.length > 0 || stale || rebase || fellOff.length > 0) {
      const posts: Record<string, string> = {};
      const ord: Record<string, string> = { ...prev.ord };
      for (const [k, v] of Object.entries(prev.posts)) if (!below(k)) posts[k] = v;
      for (const p of diff.added) {
        posts[p.key] = digests.get(p.key)!;
        // Only range listings compare orders; a feed's state stays as small as before.
        if (!feed && p.order !== p.key) ord[p.key] = p.order;
      }
      if (rebase) for (const c of diff.changed) posts[c.post.key] = c.to;
      // Fell off the feed window and its own page still answers: forget it, it was not removed.
      for (const k of fellOff) delete posts[k];
      const kept = prunePosts({ posts, ord: keepOrders(ord, posts) }, opts.keepPosts);
      next.posts = kept.posts;
      if (kept.ord && Object.keys(kept.ord).length > 0) next.ord = kept.ord;
      else delete next.ord;
    }
    if (feed) {
      let items = trackItems(prev.items, obs, diff.added);
      if (rebase) {
        for (const c of diff.changed) if (items[c.post.key]) items[c.post.key] = { ...items[c.post.key], b: postBlobSha(c.post) };
        // Page baselines were named by the old record shape: drop them, this poll's checks retake them.
        items = Object.fromEntries(Object.entries(items).map(([k, it]) => [k, dropPage(it)]));
      }
      // The listing shows an edit: its own page is re-baselined silently (the listing edit is the event).
      for (const c of diff.changed) {
        const it = items[c.post.key];
        if (it?.p) items[c.post.key] = dropPage(it);
      }
      items = pruneItems(applyPageChecks(items, ctx.pages), next.posts);
      next.items = items;
    }
  }
  // Only an ok poll re-baselines old digests; until then the state keeps its version.
  if (obs.state === 'ok' || prev.state === 'pending') next.dv = DIGEST_VERSION;
  // A rename learnt from forwards: poll the new username from now on (confirms it, or disproves it).
  for (const c of created) if (c.rule === DISCOVERED_RENAME_RULE && typeof c.details?.to === 'string') next.follow = c.details.to;
  if (dismissed.some((c) => c.rule === DISCOVERED_RENAME_RULE)) delete next.follow;
  const settled = settle(next, opts);
  next = settled.state;
  return { next, diff, digest, unchanged, created, confirmed: settled.confirmed, dismissed };
}
