// Rebuilding a target's hot detection state (src/detect/state.ts) from what the bucket and the
// catalog keep, after Redis lost its data. Pure: the I/O is in state-recovery.ts.
//
// - posts: the posts of the target's last observation record (the poll window), digested from
//   their archived post records; older posts, not deleted, go to the deep store for the sweep;
// - open candidates: candidate event records without a later confirmed/dismissed record, as the
//   catalog holds them (one row per event, latest status), re-keyed the way the rules key them;
// - the established account state: the catalog's latest verdict, or, while an account candidate
//   is open, the state it was detected against (details.from);
// - no content digest: the first poll after the rebuild writes a fresh observation (evidence of
//   the state after the gap) instead of being taken for "unchanged".
import type { EventRow, StatePost, TargetRow } from '../catalog/types.js';
import { DIGEST_VERSION, postDigest, type ContentOf } from '../detect/digest.js';
import { PAGE_EDIT_RULE } from '../detect/recheck.js';
import { DISCOVERED_RENAME_RULE } from '../detect/rules.js';
import type { KnownPost } from '../detect/sweep.js';
import { EVENT_TAKEDOWN_STATE, type FeedItem, type OpenCandidate, type TargetState } from '../detect/state.js';
import { cmpOrder } from '../scrapers/order.js';
import type { PageState, PostRecord } from '../scrapers/types.js';

export interface RebuildInput {
  target: Pick<TargetRow, 'id' | 'platform' | 'state' | 'lastOkAt' | 'lastObservedAt' | 'channel'>;
  /** The platform's answers the detector uses (Scraper.listingModel, Scraper.stableContent). */
  listing: { feed: boolean; stableContent: ContentOf };
  /** The last observation record's id and its posts (in listing order) with their archived records. */
  last?: { id: string; posts: { sha256: string; record: PostRecord }[] };
  /** Catalog posts of the target (any order). */
  posts: StatePost[];
  /** Post records of older posts for the deep store, by blob sha256 (read from the bucket). */
  deepRecords: Map<string, PostRecord>;
  /** Open candidate events held in this target's state (including renames it saw of another target). */
  open: EventRow[];
  keepPosts: number;
}

export interface Rebuilt {
  state: TargetState;
  /** Posts older than the window: key -> digest and order (the sweep's deep store). */
  deep: Map<string, KnownPost>;
}

const TAKEDOWN_OR_RESTORED = (t: string): boolean => t in EVENT_TAKEDOWN_STATE || t === 'account_restored';

/** The post an event is about: the catalog row (by id or URL), else the id's `/<key>` or `#<key>` tail. */
export function postOf(e: Pick<EventRow, 'postId'>, posts: StatePost[]): { key: string; order?: string } | undefined {
  if (!e.postId) return undefined;
  const row = posts.find((p) => p.id === e.postId || p.url === e.postId);
  if (row) return { key: row.key, order: row.order };
  const m = /[/#]([^/#]{1,100})$/.exec(e.postId);
  return m ? { key: m[1], ...(/^\d{1,19}$/.test(m[1]) ? { order: m[1] } : {}) } : undefined;
}

/** The dedup key the rules gave the candidate (src/detect/rules.ts, sweep.ts, recheck). */
export function candidateKey(e: Pick<EventRow, 'type' | 'rule' | 'target' | 'details'>, key: string | undefined): string {
  const d = e.details ?? {};
  switch (e.type) {
    case 'post_deleted':
      return `post_deleted:${key}`;
    case 'post_edited':
      return e.rule === PAGE_EDIT_RULE ? `post_edited:${key}:page:${String(d.toBlob ?? '').slice(0, 16)}` : `post_edited:${key}:${String(d.toDigest ?? '')}`;
    case 'account_renamed':
      return d.seenBy ? `account_renamed:${e.target}:${String(d.to ?? '')}` : `account_renamed:${String(d.to ?? '')}`;
    default:
      return `${e.type}:`;
  }
}

/** An open candidate as the detector keeps it, from its candidate event row. */
export function candidateFromEvent(e: EventRow, posts: StatePost[]): OpenCandidate {
  const post = e.type.startsWith('post_') ? postOf(e, posts) : undefined;
  const { agreeingObservations, probe, ...details } = (e.details ?? {}) as Record<string, unknown>;
  const p = probe === 'missing' || probe === 'present' || probe === 'no_verdict' ? probe : undefined;
  return {
    id: e.id,
    key: candidateKey(e, post?.key),
    type: e.type,
    target: e.target,
    ...(e.postId ? { postId: e.postId } : {}),
    ...(post ? { postKey: post.key } : {}),
    ...(post?.order !== undefined ? { postOrder: post.order } : {}),
    rule: e.rule,
    confidence: e.confidence,
    detectedAt: e.detectedAt,
    ...(e.window.lastOkAt ? { lastOkAt: e.window.lastOkAt } : {}),
    firstChangedAt: e.window.firstChangedAt,
    agree: typeof agreeingObservations === 'number' && agreeingObservations > 0 ? agreeingObservations : 1,
    // Agreement is counted from the detection again: confirmation still needs minSpan of agreeing polls.
    lastAgreeAt: e.detectedAt,
    evidence: e.evidence,
    ...(Object.keys(details).length ? { details } : {}),
    // A probe made at detection (a feed item's own page gone) stays valid; later probes are redone.
    ...(p ? { probe: p, ...(p === 'missing' ? { probeAt: e.detectedAt } : {}) } : {}),
  };
}

export function rebuildState(input: RebuildInput): Rebuilt {
  const { target, listing } = input;
  const deleted = new Set(input.posts.filter((p) => p.deleted).map((p) => p.key));
  const open = input.open.map((e) => candidateFromEvent(e, input.posts));
  const accountOpen = open.find((c) => TAKEDOWN_OR_RESTORED(c.type) && typeof c.details?.from === 'string');
  const state: TargetState = {
    v: 1,
    state: (accountOpen ? (accountOpen.details!.from as PageState) : target.state) ?? 'pending',
    posts: {},
    open,
    dv: DIGEST_VERSION,
    ...(target.lastOkAt ? { lastOkAt: target.lastOkAt } : {}),
    ...(target.lastObservedAt ? { lastObservedAt: target.lastObservedAt } : {}),
    ...(input.last ? { lastObservationId: input.last.id } : {}),
    ...(target.channel?.username ? { username: target.channel.username.toLowerCase() } : {}),
    ...(target.channel?.channelId ? { channelId: target.channel.channelId } : {}),
  };
  // A discovered rename still open: polls keep following the new username (step.ts sets `follow`).
  const follow = open.find((c) => c.rule === DISCOVERED_RENAME_RULE && typeof c.details?.to === 'string');
  if (follow) state.follow = follow.details!.to as string;

  const window = (input.last?.posts ?? []).filter((p) => !deleted.has(p.record.key)).slice(0, input.keepPosts);
  const ord: Record<string, string> = {};
  for (const p of window) {
    state.posts[p.record.key] = postDigest(p.record, listing.stableContent);
    // Range listings remember an order that is not the key (step.ts); feeds keep none.
    if (!listing.feed && p.record.order !== p.record.key) ord[p.record.key] = p.record.order;
  }
  if (Object.keys(ord).length) state.ord = ord;
  if (listing.feed) {
    const items: Record<string, FeedItem> = {};
    window.forEach((p, i) => {
      const t = p.record.publishedAt ? Date.parse(p.record.publishedAt) : NaN;
      items[p.record.key] = { u: p.record.url, o: window.length - i, b: p.sha256, ...(Number.isFinite(t) ? { t } : {}) };
    });
    // An open edit of a statement's own page: the accepted text is the one it was detected against.
    for (const c of open) {
      if (c.rule === PAGE_EDIT_RULE && c.postKey !== undefined && items[c.postKey] && typeof c.details?.fromBlob === 'string') items[c.postKey].p = c.details.fromBlob;
    }
    state.items = items;
  }

  const deep = new Map<string, KnownPost>();
  if (!listing.feed) {
    // Without a readable last observation every known post goes to the deep store (the sweep checks them).
    const min = window.length ? window.map((p) => p.record.order).reduce((a, b) => (cmpOrder(a, b) <= 0 ? a : b)) : undefined;
    for (const p of input.posts) {
      if (p.deleted || (min !== undefined && cmpOrder(p.order, min) >= 0) || !p.sha256) continue;
      const rec = input.deepRecords.get(p.sha256);
      if (rec) deep.set(p.key, { order: p.order, digest: postDigest(rec, listing.stableContent) });
    }
  }
  return { state, deep };
}
