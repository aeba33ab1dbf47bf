// Feed bytes → Observation / PostProbe. Pure.
import { VigilError } from '../../errors.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type TargetRef } from '../types.js';
import { classifyFeed } from './classify.js';
import type { FeedDoc } from './feed.js';
import { itemToPost } from './record.js';

/**
 * Parse a feed classified ok/empty (or not_found, which yields an empty observation).
 * Throws VGL_PARSE_UNEXPECTED_MARKUP for no-verdict pages. `range` stays undefined: feeds are
 * windows (listing model `feed`), so "missing inside a covered range" does not apply.
 */
export function parseFeed(p: FetchedPage, t: TargetRef, maxItems = 500): Observation {
  const c = classifyFeed(p);
  if (NO_VERDICT_STATES.has(c.state)) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `rss: ${p.finalUrl} is not a readable feed (${c.state}: ${c.reason ?? 'no reason'}); classify() before parse()`, {
      details: { url: p.finalUrl, status: p.status, state: c.state },
    });
  }
  const posts = [];
  const seen = new Set<string>();
  for (const it of c.feed?.items.slice(0, maxItems) ?? []) {
    if (seen.has(it.id)) continue; // some CMSs repeat an item; ids must be unique per observation
    seen.add(it.id);
    posts.push(itemToPost(it));
  }
  const obs: Observation = { platform: t.platform, listingModel: 'feed', target: t.key, url: p.finalUrl, state: c.state, posts, reachedStart: true };
  if (c.reason) obs.stateReason = c.reason;
  if (c.feed) obs.channel = channelOf(c.feed, t.key);
  return Observation.parse(obs);
}

function channelOf(f: FeedDoc, key: string): NonNullable<Observation['channel']> {
  const ch: NonNullable<Observation['channel']> = { username: key, counters: { items: String(f.items.length) } };
  if (f.title) ch.title = f.title;
  if (f.description) ch.description = f.description;
  if (f.image) ch.avatarUrl = f.image;
  if (f.channelId) ch.channelId = f.channelId;
  return ch;
}

/**
 * planPost re-reads the feed: an item still listed is present. An item no longer listed is
 * no verdict, because feeds are windows (old items fall off); its own page decides (parseItem).
 */
export function parseFeedPost(p: FetchedPage, t: TargetRef, key: string): PostProbe {
  const c = classifyFeed(p);
  if (c.state !== 'ok' && c.state !== 'empty') return { state: 'no_verdict', reason: c.reason ?? c.state };
  const obs = parseFeed(p, t);
  const post = obs.posts.find((x) => x.key === key);
  return post ? { state: 'present', post } : { state: 'no_verdict', reason: 'not in the feed window; check the item page' };
}
