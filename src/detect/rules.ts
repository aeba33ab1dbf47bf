// Rules: what a fresh observation claims (findings) and how it bears on open candidates (stance).
// Pure. rate_limited/login_wall/unknown and `empty` never produce takedown findings.
import { NO_VERDICT_STATES, type Observation } from '../scrapers/types.js';
import type { EventType } from './vocabulary.js';
import type { PostDiff } from './diff.js';
import { isFeed } from './feed.js';
import { postBlobSha } from './post-blob.js';
import { pageChanges, pageStance, PAGE_EDIT_RULE, type PageChecks } from './recheck.js';
import { inRange } from '../scrapers/order.js';
import { EVENT_TAKEDOWN_STATE, orderOf, TAKEDOWN_STATE_EVENT, type OpenCandidate, type TargetState } from './state.js';

export interface Finding {
  key: string;
  type: EventType;
  target: string;
  postId?: string;
  postKey?: string;
  postOrder?: string;
  rule: string;
  confidence: number;
  details?: Record<string, unknown>;
  /** Set when this very poll already checked the direct URL (feeds: the item's own page). */
  probe?: 'missing';
}

/** Rule of a rename learnt from another channel's forwards/links (the target then follows `to`). */
export const DISCOVERED_RENAME_RULE = 'channel_id.discovered_via_forward';

export interface DetectContext {
  targetId: string;
  /** Id of the record proving this poll (observation id, or seen id when unchanged). */
  observationId: string;
  observedAt: string;
  /** Another target already indexed for obs.channel.channelId (the channel was renamed). */
  channelOwner?: { targetId: string; username?: string };
  /** The channel of this target was seen under another username (rename, not deletion). */
  renamedTo?: string;
  /** That other username was learnt by probing a username found in forwards/links (unwatched). */
  discoveredRename?: string;
  /** `feed` listings: vanished items (keys) whose own page answered 404/410 this poll, and ones that merely fell off. */
  feed?: { gone: string[]; fellOff: string[] };
  /** `feed` listings: this poll's re-checks of listed items' own pages (recheck.ts). */
  pages?: PageChecks;
  /** The platform's "suspended" needs a post's answer to agree before it counts (Scraper.recheckSuspension). */
  recheckSuspension?: boolean;
}

/** Whether an observation can say anything about takedowns at all. */
export const isVerdict = (o: Observation): boolean => !NO_VERDICT_STATES.has(o.state) && o.state !== 'empty';

const CONFIDENCE: Partial<Record<EventType, number>> = {
  account_deleted: 0.85,
  account_restricted: 0.95,
  account_suspended: 0.95,
  account_geo_blocked: 0.9,
  account_private: 0.85,
  account_restored: 0.9,
  account_renamed: 0.95,
  post_deleted: 0.75,
  post_edited: 0.9,
};

const postIdOf = (obs: Observation, prev: TargetState, key: string): string =>
  `${obs.channel?.username ?? prev.username ?? obs.target}/${key}`;

export function accountFindings(prev: TargetState, obs: Observation, ctx: DetectContext): Finding[] {
  if (!isVerdict(obs) || prev.state === 'pending' || prev.state === obs.state) return [];
  const f = (type: EventType, rule: string, details?: Record<string, unknown>): Finding => ({
    key: `${type}:`,
    type,
    target: ctx.targetId,
    rule,
    confidence: CONFIDENCE[type] ?? 0.8,
    // A block seen from some vantage points only names the countries (account_geo_blocked).
    details: { from: prev.state, to: obs.state, reason: obs.stateReason, ...(obs.geo ? { countries: obs.geo.blockedIn, visibleFrom: obs.geo.visibleFrom } : {}), ...details },
  });
  if (obs.state === 'ok') {
    return TAKEDOWN_STATE_EVENT[prev.state] ? [f('account_restored', `state.ok_after_${prev.state}`)] : [];
  }
  const type = TAKEDOWN_STATE_EVENT[obs.state];
  if (!type) return [];
  // A target that was never seen ok cannot be "deleted": it may simply never have existed.
  if (type === 'account_deleted' && !prev.lastOkAt) return [];
  // The old username of a renamed channel answers "not found": that is the rename, not a deletion.
  if (type === 'account_deleted' && ctx.renamedTo) return [];
  // The re-check needs a known post; an account without one is confirmed the usual way.
  const recheck = type === 'account_suspended' && ctx.recheckSuspension && Object.keys(prev.posts).length > 0;
  return [f(type, `state.${obs.state}_after_${prev.state}`, recheck ? { recheck: 'post' } : undefined)];
}

export function renameFindings(prev: TargetState, obs: Observation, ctx: DetectContext): Finding[] {
  const found = ctx.discoveredRename?.toLowerCase();
  if (obs.state === 'not_found' && found && prev.channelId && prev.lastOkAt && prev.username?.toLowerCase() !== found) {
    // Same key as the "same id, new username" finding the next (followed) poll makes: one event.
    return [
      {
        key: `account_renamed:${found}`,
        type: 'account_renamed',
        target: ctx.targetId,
        rule: DISCOVERED_RENAME_RULE,
        confidence: CONFIDENCE.account_renamed!,
        details: { from: prev.username, to: found, channelId: prev.channelId },
      },
    ];
  }
  const ch = obs.channel;
  if (obs.state !== 'ok' || !ch?.channelId) return [];
  const to = ch.username.toLowerCase();
  const out: Finding[] = [];
  if (prev.channelId === ch.channelId && prev.username && prev.username.toLowerCase() !== to) {
    out.push({
      key: `account_renamed:${to}`,
      type: 'account_renamed',
      target: ctx.targetId,
      rule: 'channel_id.same_id_new_username',
      confidence: CONFIDENCE.account_renamed!,
      details: { from: prev.username, to, channelId: ch.channelId },
    });
  }
  const owner = ctx.channelOwner;
  if (owner && owner.targetId !== ctx.targetId && owner.username?.toLowerCase() !== to) {
    out.push({
      key: `account_renamed:${owner.targetId}:${to}`,
      type: 'account_renamed',
      target: owner.targetId,
      rule: 'channel_id.seen_under_other_target',
      confidence: CONFIDENCE.account_renamed!,
      details: { from: owner.username, to, channelId: ch.channelId, seenBy: ctx.targetId },
    });
  }
  return out;
}

export function postFindings(prev: TargetState, obs: Observation, diff: PostDiff, ctx: DetectContext): Finding[] {
  if (obs.state !== 'ok' || prev.state === 'pending') return [];
  const out: Finding[] = [];
  const feed = isFeed(obs);
  for (const key of diff.missing) {
    const gone = feed && ctx.feed?.gone.includes(key);
    const url = prev.items?.[key]?.u;
    out.push({
      key: `post_deleted:${key}`,
      type: 'post_deleted',
      target: ctx.targetId,
      postId: feed ? (url ?? `${obs.target}#${key}`) : postIdOf(obs, prev, key),
      postKey: key,
      postOrder: orderOf(prev, key),
      rule: !feed ? 'listing.missing_in_covered_range' : gone ? 'feed.item_page_gone' : 'feed.missing_with_older_present',
      confidence: gone ? 0.9 : CONFIDENCE.post_deleted!,
      details: feed ? { ...(url ? { url } : {}) } : { range: obs.range },
      ...(gone ? { probe: 'missing' as const } : {}),
    });
  }
  for (const c of diff.changed) {
    out.push({
      key: `post_edited:${c.post.key}:${c.to}`,
      type: 'post_edited',
      target: ctx.targetId,
      postId: c.post.id,
      postKey: c.post.key,
      postOrder: c.post.order,
      rule: c.post.edited ? 'listing.content_changed_marked_edited' : 'listing.content_changed',
      confidence: c.post.edited ? 0.95 : CONFIDENCE.post_edited!,
      // The new version's blob name is known before it is stored (post-blob.ts): both versions stay citable.
      details: { fromDigest: c.from, toDigest: c.to, toBlob: postBlobSha(c.post) },
    });
  }
  if (feed) out.push(...pageFindings(prev, obs, diff, ctx));
  return out;
}

/**
 * Page edits and pages gone of still-listed items, from this poll's re-checks. An edit the listing
 * shows too is the listing's event (one edit, one event): its page is re-baselined instead (step.ts).
 */
function pageFindings(prev: TargetState, obs: Observation, diff: PostDiff, ctx: DetectContext): Finding[] {
  const listingEdit = new Set([...diff.changed.map((c) => c.post.key), ...prev.open.filter((c) => c.type === 'post_edited' && c.rule !== PAGE_EDIT_RULE).map((c) => c.postKey)]);
  return pageChanges(prev, ctx.pages).filter((f) => f.rule !== PAGE_EDIT_RULE || !listingEdit.has(f.key)).map((f): Finding => {
    const url = prev.items?.[f.key]?.u;
    const listed = obs.posts.find((p) => p.key === f.key);
    const postId = listed?.id ?? url ?? `${obs.target}#${f.key}`;
    const base = { target: ctx.targetId, postId, postKey: f.key, postOrder: listed?.order ?? orderOf(prev, f.key), rule: f.rule };
    if (f.rule === PAGE_EDIT_RULE) {
      // Keyed by the new version: a further edit is a new candidate, the open one is contradicted.
      return { ...base, key: `post_edited:${f.key}:page:${f.toBlob!.slice(0, 16)}`, type: 'post_edited', confidence: CONFIDENCE.post_edited!, details: { ...(url ? { url } : {}), fromBlob: f.fromBlob, toBlob: f.toBlob } };
    }
    return { ...base, key: `post_deleted:${f.key}`, type: 'post_deleted', confidence: 0.9, details: { ...(url ? { url } : {}) }, probe: 'missing' };
  });
}

export type Stance = 'agree' | 'contradict' | 'neutral';

/** How a fresh observation bears on an open candidate. */
export function stance(c: OpenCandidate, obs: Observation, diff: PostDiff, ctx?: Pick<DetectContext, 'renamedTo' | 'pages'>): Stance {
  if (c.type === 'account_deleted' && ctx?.renamedTo) return 'contradict';
  if (!isVerdict(obs)) return 'neutral';
  const takedown = EVENT_TAKEDOWN_STATE[c.type];
  if (takedown) return obs.state === takedown ? 'agree' : 'contradict';
  if (c.type === 'account_restored') return obs.state === 'ok' ? 'agree' : 'contradict';
  if (obs.state !== 'ok') return 'neutral';
  if (c.type === 'account_renamed') {
    const ch = obs.channel;
    // A followed username that turns out to be another channel disproves a discovered rename.
    if (c.rule === DISCOVERED_RENAME_RULE && ch?.channelId && ch.channelId !== c.details?.channelId) return 'contradict';
    if (!ch?.channelId || ch.channelId !== c.details?.channelId) return 'neutral';
    return ch.username.toLowerCase() === c.details?.to ? 'agree' : 'neutral';
  }
  if (c.postKey === undefined) return 'neutral';
  // Page candidates are decided by the item's own page only, never by the listing.
  const page = pageStance(c, ctx?.pages);
  if (page) return page;
  if (c.type === 'post_deleted') {
    if (diff.present.has(c.postKey)) return 'contradict';
    // Feeds: still absent from an ok listing agrees (there is no range to be outside of).
    if (c.rule.startsWith('feed.')) return 'agree';
    const r = obs.range;
    return r && c.postOrder !== undefined && inRange(c.postOrder, r) ? 'agree' : 'neutral';
  }
  if (c.type === 'post_edited') {
    const now = diff.digests.get(c.postKey);
    if (now === undefined) return 'neutral';
    return now === c.details?.toDigest ? 'agree' : 'contradict';
  }
  return 'neutral';
}
