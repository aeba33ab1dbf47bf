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
import { DIGEST_VERSION, postDigest } from '../detect/digest.js';
import { FEED_PLATFORMS } from '../detect/feed.js';
import { PAGE_EDIT_RULE } from '../detect/recheck.js';
import { DISCOVERED_RENAME_RULE } from '../detect/rules.js';
import { EVENT_TAKEDOWN_STATE, type FeedItem, type OpenCandidate, type TargetState } from '../detect/state.js';
import type { PageState, PostRecord } from '../scrapers/types.js';

export interface RebuildInput {
  target: Pick<TargetRow, 'id' | 'platform' | 'state' | 'lastOkAt' | 'lastObservedAt' | 'channel'>;
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
  /** Posts older than the window: num -> digest (the sweep's deep store). */
  deep: Map<number, string>;
}

const TAKEDOWN_OR_RESTORED = (t: string): boolean => t in EVENT_TAKEDOWN_STATE || t === 'account_restored';

/** The number of the post an event is about: the catalog row, else the id's `/<num>` or `#<num>` tail. */
export function postNumOf(e: Pick<EventRow, 'postId'>, posts: StatePost[]): number | undefined {
  if (!e.postId) return undefined;
  const row = posts.find((p) => p.id === e.postId || p.url === e.postId);
  if (row) return row.num;
  const m = /[/#](\d{1,16})$/.exec(e.postId);
  return m ? Number(m[1]) : undefined;
}

/** The dedup key the rules gave the candidate (src/detect/rules.ts, sweep.ts, recheck). */
export function candidateKey(e: Pick<EventRow, 'type' | 'rule' | 'target' | 'details'>, num: number | undefined): string {
  const d = e.details ?? {};
  switch (e.type) {
    case 'post_deleted':
      return `post_deleted:${num}`;
    case 'post_edited':
      return e.rule === PAGE_EDIT_RULE ? `post_edited:${num}:page:${String(d.toBlob ?? '').slice(0, 16)}` : `post_edited:${num}:${String(d.toDigest ?? '')}`;
    case 'account_renamed':
      return d.seenBy ? `account_renamed:${e.target}:${String(d.to ?? '')}` : `account_renamed:${String(d.to ?? '')}`;
    default:
      return `${e.type}:`;
  }
}

/** An open candidate as the detector keeps it, from its candidate event row. */
export function candidateFromEvent(e: EventRow, posts: StatePost[]): OpenCandidate {
  const num = postNumOf(e, posts);
  const { agreeingObservations, probe, ...details } = (e.details ?? {}) as Record<string, unknown>;
  const p = probe === 'missing' || probe === 'present' || probe === 'no_verdict' ? probe : undefined;
  return {
    id: e.id,
    key: candidateKey(e, num),
    type: e.type,
    target: e.target,
    ...(e.postId ? { postId: e.postId } : {}),
    ...(num !== undefined && e.type.startsWith('post_') ? { postNum: num } : {}),
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
  const { target } = input;
  const deleted = new Set(input.posts.filter((p) => p.deleted).map((p) => p.num));
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

  const window = (input.last?.posts ?? []).filter((p) => !deleted.has(p.record.num));
  for (const p of window.slice(0, input.keepPosts)) state.posts[p.record.num] = postDigest(p.record);
  const feed = FEED_PLATFORMS.has(target.platform);
  if (feed) {
    const items: Record<string, FeedItem> = {};
    window.forEach((p, i) => {
      const t = p.record.publishedAt ? Date.parse(p.record.publishedAt) : NaN;
      items[p.record.num] = { u: p.record.url, o: window.length - i, b: p.sha256, ...(Number.isFinite(t) ? { t } : {}) };
    });
    // An open edit of a statement's own page: the accepted text is the one it was detected against.
    for (const c of open) {
      if (c.rule === PAGE_EDIT_RULE && c.postNum !== undefined && items[c.postNum] && typeof c.details?.fromBlob === 'string') items[c.postNum].p = c.details.fromBlob;
    }
    state.items = items;
  }

  const deep = new Map<number, string>();
  if (!feed) {
    const min = window.length ? Math.min(...window.map((p) => p.record.num)) : Infinity;
    for (const p of input.posts) {
      if (p.deleted || p.num >= min || !p.sha256) continue;
      const rec = input.deepRecords.get(p.sha256);
      if (rec) deep.set(p.num, postDigest(rec));
    }
  }
  return { state, deep };
}
