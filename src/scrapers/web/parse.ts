// Listing page → Observation. Pure.
import { VigilError } from '../../errors.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { stableKey, statementOrder } from '../statement.js';
import { classifyWeb } from './classify.js';
import type { WebItem } from './listing.js';

export function parseWeb(p: FetchedPage, t: TargetRef): Observation {
  const c = classifyWeb(p);
  if (NO_VERDICT_STATES.has(c.state)) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `web: ${p.finalUrl} is not a readable listing (${c.state}: ${c.reason ?? 'no reason'}); classify() before parse()`, {
      details: { url: p.finalUrl, status: p.status, state: c.state },
    });
  }
  const obs: Observation = {
    platform: t.platform,
    listingModel: 'feed',
    target: t.key,
    url: p.finalUrl,
    state: c.state,
    posts: (c.listing?.items ?? []).map(itemToPost),
    reachedStart: true,
  };
  if (c.reason) obs.stateReason = c.reason;
  if (c.listing) {
    obs.channel = { username: t.key, counters: { items: String(c.listing.items.length) } };
    if (c.listing.title) obs.channel.title = c.listing.title;
    if (c.listing.feedUrl) obs.feedUrl = c.listing.feedUrl;
  }
  return Observation.parse(obs);
}

export function itemToPost(it: WebItem): PostRecord {
  const key = stableKey(it.url);
  const post: PostRecord = { id: it.url, key, order: statementOrder(key, it.date), url: it.url, text: it.text, html: '', edited: false, links: [it.url], media: [] };
  if (it.date) post.publishedAt = it.date;
  return post;
}

/** planPost re-reads the listing: listed → present; unlisted → no verdict (listings page out). */
export function parseWebPost(p: FetchedPage, t: TargetRef, key: string): PostProbe {
  const c = classifyWeb(p);
  if (c.state !== 'ok') return { state: 'no_verdict', reason: c.reason ?? c.state };
  const post = parseWeb(p, t).posts.find((x) => x.key === key);
  return post ? { state: 'present', post } : { state: 'no_verdict', reason: 'not on the listing page; check the item page' };
}
