// One detection step: previous state + fresh observation -> next state and event transitions. Pure.
import type { Observation } from '../scrapers/types.js';
import { contentDigest, DIGEST_VERSION, postDigest } from './digest.js';
import { diffPosts, prunePosts, type PostDiff } from './diff.js';
import { isFeed, pruneItems, trackItems, vanishedItems } from './feed.js';
import { postBlobSha } from './post-blob.js';
import { applyPageChecks } from './recheck.js';
import { accountFindings, DISCOVERED_RENAME_RULE, isVerdict, postFindings, renameFindings, stance, type DetectContext } from './rules.js';
import { agreeWith, openCandidate, settle, type ConfirmPolicy } from './confirm.js';
import type { OpenCandidate, TargetState } from './state.js';

export interface StepOptions extends ConfirmPolicy {
  /** How many recent posts the hot state remembers. */
  keepPosts: number;
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
export function digestsOf(obs: Observation): { posts: Map<number, string>; content: string } {
  const posts = new Map<number, string>();
  const list: string[] = [];
  for (const p of obs.posts) {
    const d = postDigest(p);
    posts.set(p.num, d);
    list.push(d);
  }
  return { posts, content: contentDigest(obs, list) };
}

export function detectStep(prev: TargetState, obs: Observation, ctx: DetectContext, opts: StepOptions, pre?: ReturnType<typeof digestsOf>): StepResult {
  const { posts: digests, content: digest } = pre ?? digestsOf(obs);
  const verdict = isVerdict(obs);
  const unchanged = prev.digest === digest || (!verdict && obs.state !== 'empty');
  const feed = isFeed(obs) && obs.state === 'ok';
  const feedMissing = feed ? [...new Set([...vanishedItems(prev, obs).covered, ...(ctx.feed?.gone ?? [])])].sort((a, b) => a - b) : undefined;
  const diff = diffPosts(prev, obs, digests, feedMissing);
  // Digests made by an older postDigest differ for every post: re-baseline them, never "edited".
  const rebase = prev.state !== 'pending' && (prev.dv ?? 1) !== DIGEST_VERSION && obs.state === 'ok';
  const findDiff: PostDiff = rebase ? { ...diff, changed: [] } : diff;

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
  const findings = [...accountFindings(prev, obs, ctx), ...renameFindings(prev, obs, ctx), ...postFindings(prev, obs, findDiff, ctx)];
  for (const f of findings) {
    if (open.some((c) => c.key === f.key && c.target === f.target)) continue;
    const c = openCandidate(f, prev, ctx);
    created.push(c);
    open.push(c);
  }
  // 3. Next state: first verdict establishes the state; new posts are remembered at once.
  let next: TargetState = { ...prev, open, lastObservedAt: ctx.observedAt };
  if (verdict || obs.state === 'empty') next.digest = digest;
  if (verdict && prev.state === 'pending') next.state = obs.state;
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
    const stale = min !== undefined && Object.keys(prev.posts).some((k) => Number(k) < min);
    const fellOff = feed ? (ctx.feed?.fellOff ?? []) : [];
    if (diff.added.length > 0 || stale || rebase || fellOff.length > 0) {
      const posts: Record<string, string> = {};
      for (const [k, v] of Object.entries(prev.posts)) if (min === undefined || Number(k) >= min) posts[k] = v;
      for (const p of diff.added) posts[p.num] = digests.get(p.num)!;
      if (rebase) for (const c of diff.changed) posts[c.post.num] = c.to;
      // Fell off the feed window and its own page still answers: forget it, it was not removed.
      for (const n of fellOff) delete posts[n];
      next.posts = prunePosts(posts, opts.keepPosts);
    }
    if (feed) {
      let items = trackItems(prev.items, obs, diff.added);
      if (rebase) for (const c of diff.changed) if (items[c.post.num]) items[c.post.num] = { ...items[c.post.num], b: postBlobSha(c.post) };
      // The listing shows an edit: its own page is re-baselined silently (the listing edit is the event).
      for (const c of diff.changed) {
        const it = items[c.post.num];
        if (it?.p) items[c.post.num] = { u: it.u, o: it.o, ...(it.t !== undefined ? { t: it.t } : {}), ...(it.b ? { b: it.b } : {}), ...(it.c !== undefined ? { c: it.c } : {}) };
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
