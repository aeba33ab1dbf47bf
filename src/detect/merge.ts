// Several listing pages of one poll (newest + older re-scan/backfill pages) as one observation.
import type { Observation, PostRecord } from '../scrapers/types.js';

/** `pages[0]` is the newest page; older pages follow. Posts come out sorted by number, de-duplicated. */
export function mergeObservations(pages: Observation[]): Observation {
  if (pages.length === 0) throw new Error('mergeObservations: no pages');
  const [first] = pages;
  if (pages.length === 1) return first;
  const byNum = new Map<number, PostRecord>();
  let min = Infinity;
  let max = -Infinity;
  for (const p of pages) {
    if (p.state !== 'ok') continue;
    for (const post of p.posts) if (!byNum.has(post.num)) byNum.set(post.num, post);
    if (p.range) {
      min = Math.min(min, p.range.min);
      max = Math.max(max, p.range.max);
    }
  }
  const last = pages[pages.length - 1];
  return {
    ...first,
    posts: [...byNum.values()].sort((a, b) => a.num - b.num),
    olderCursor: last.olderCursor,
    reachedStart: pages.some((p) => p.reachedStart),
    range: Number.isFinite(min) ? { min, max } : first.range,
  };
}
