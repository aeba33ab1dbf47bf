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
