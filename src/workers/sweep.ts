// The history sweep's I/O (rules in src/detect/sweep.ts): after the re-scan window, read up to
// `sweepPagesPerPoll` older pages from the target's cursor, then re-read the page of each open
// deletion found deep in the history that this poll did not cover (up to the same number), so the
// candidate gets its agreeing observation. Pages that fail (429, 5xx, timeouts) end the sweep for
// this poll; the cursor stays, so the same page is tried next time.
import { needRecheck, nextCursor, sweepStart, sweptRange, type Range, type SweptPage, type TargetState } from '../detect/index.js';
import type { Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { listing } from './listing.js';

export interface SweepRead {
  pages: { page: FetchResult; swept: SweptPage }[];
  /** Cursor to save for the next poll (undefined = start right below the window again). */
  cursor: number | undefined;
}

/** Pages per poll for this platform's settings (0 = no sweep; only paged listings have the key). */
export const sweepPagesPerPoll = (s: ScraperSettings): number => Number(s.sweepPagesPerPoll ?? 0);

export async function readSweep(d: PipelineDeps, prev: TargetState, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, window: Observation, signal?: AbortSignal): Promise<SweepRead> {
  const n = sweepPagesPerPoll(s);
  const out: SweepRead = { pages: [], cursor: prev.sweep };
  if (n <= 0 || window.state !== 'ok') return out;
  let cursor = sweepStart(prev.sweep, window);
  for (let i = 0; i < n && cursor !== undefined; i++) {
    const p = await listing(d, scraper, ref, s, String(cursor), signal);
    if (p.obs.state !== 'ok') break; // no verdict on this page: try it again next poll
    out.pages.push({ page: p.page, swept: { before: cursor, obs: p.obs, kind: 'rotation' } });
    cursor = nextCursor(p.obs); // undefined after the first post: wrap to right below the window
  }
  out.cursor = cursor;
  const covered: Range[] = [...(window.range ? [window.range] : []), ...out.pages.map((p) => sweptRange(p.swept)).filter((r): r is Range => r !== undefined)];
  for (let i = 0; i < n; i++) {
    const [newest] = needRecheck(prev.open, covered);
    if (newest === undefined) break;
    const before = newest + 1; // the page that lists `newest` (or shows it gone)
    const p = await listing(d, scraper, ref, s, String(before), signal);
    if (p.obs.state !== 'ok') break;
    const swept: SweptPage = { before, obs: p.obs, kind: 'recheck' };
    out.pages.push({ page: p.page, swept });
    covered.push(sweptRange(swept) ?? { min: newest, max: newest });
  }
  const count = (k: SweptPage['kind']) => out.pages.filter((p) => p.swept.kind === k).length;
  await d.metrics?.sweptPages(scraper.platform, 'rotation', count('rotation'));
  await d.metrics?.sweptPages(scraper.platform, 'recheck', count('recheck'));
  return out;
}

/** What the state knows of the posts in the swept ranges: hot posts, then the deep store. */
export async function knownPosts(d: PipelineDeps, targetId: string, prev: TargetState, pages: SweptPage[]): Promise<Map<number, string>> {
  const known = new Map<number, string>();
  for (const p of pages) {
    const r = sweptRange(p);
    if (!r) continue;
    for (const [n, digest] of await d.states.deepPosts(targetId, r.min, r.max)) known.set(n, digest);
    for (const [k, digest] of Object.entries(prev.posts)) {
      const n = Number(k);
      if (n >= r.min && n <= r.max) known.set(n, digest);
    }
  }
  return known;
}
