// Several listing pages of one poll (newest + older re-scan/backfill pages) as one observation.
import type { Observation, PostRecord } from '../scrapers/types.js';
import { cmpOrder, maxOrder, minOrder, type OrderRange } from '../scrapers/order.js';

/** `pages[0]` is the newest page; older pages follow. Posts come out sorted by order, de-duplicated by key. */
export function mergeObservations(pages: Observation[]): Observation {
  if (pages.length === 0) throw new Error('mergeObservations: no pages');
  const [first] = pages;
  if (pages.length === 1) return first;
  const byKey = new Map<string, PostRecord>();
  let range: OrderRange | undefined;
  for (const p of pages) {
    if (p.state !== 'ok') continue;
    for (const post of p.posts) if (!byKey.has(post.key)) byKey.set(post.key, post);
    if (p.range) range = range ? { min: minOrder(range.min, p.range.min), max: maxOrder(range.max, p.range.max) } : p.range;
  }
  const last = pages[pages.length - 1];
  return {
    ...first,
    posts: [...byKey.values()].sort((a, b) => cmpOrder(a.order, b.order)),
    olderCursor: last.olderCursor,
    reachedStart: pages.some((p) => p.reachedStart),
    range: range ?? first.range,
  };
}

/**
 * A landing-first poll (`Scraper.landingFirst`) as one observation: the landing (the account's own
 * page) says the state and who the account is; the listing read with its id adds the posts. A
 * listing with a verdict of its own (ok/empty) sets ok/empty when the landing is ok; a listing
 * without a verdict (login wall, 429) leaves the landing's observation, without posts or range,
 * so nothing is concluded about posts.
 */
export function withLanding(landing: Observation, listing: Observation | undefined): Observation {
  if (!listing || (listing.state !== 'ok' && listing.state !== 'empty')) {
    if (!listing) return landing;
    const why = `posts not read: ${listing.state}${listing.stateReason ? ` (${listing.stateReason})` : ''}`;
    return { ...landing, stateReason: landing.stateReason ?? why };
  }
  const out: Observation = {
    ...landing,
    state: landing.state === 'ok' ? listing.state : landing.state,
    posts: listing.posts,
    reachedStart: listing.reachedStart,
    channel: landing.channel ?? listing.channel,
  };
  if (landing.state === 'ok') {
    if (listing.stateReason) out.stateReason = listing.stateReason;
    else delete out.stateReason;
  }
  if (listing.range) out.range = listing.range;
  if (listing.olderCursor) out.olderCursor = listing.olderCursor;
  if (out.channel === undefined) delete out.channel;
  return out;
}
