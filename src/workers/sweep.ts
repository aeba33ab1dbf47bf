// The history sweep's I/O (rules in src/detect/sweep.ts): after the re-scan window, read up to
// `sweepPagesPerPoll` older pages from the target's cursor, then re-read the page of each open
// deletion found deep in the history that this poll did not cover (up to the same number), so the
// candidate gets its agreeing observation. A page without a verdict, or a transient failure (429,
// 5xx, timeout), ends the sweep for this poll without failing the poll (the window's result
// stands); the cursor stays, so the same page is tried next time.
import { needRecheck, nextCursor, orderOf, sweepStart, sweptRange, type KnownPost, type Range, type SweptPage, type TargetState } from '../detect/index.js';
import type { HistoryWalk, Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import { inRange } from '../scrapers/order.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import { isVigilError } from '../errors.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { listing, type Page } from './listing.js';

export interface SweepRead {
  pages: { page: FetchResult; swept: SweptPage }[];
  /** Cursor to save for the next poll (undefined = start right below the window again). */
  cursor: string | undefined;
}

/** Pages per poll for this platform's settings (0 = no sweep; only paged listings have the key). */
export const sweepPagesPerPoll = (s: ScraperSettings): number => Number(s.sweepPagesPerPoll ?? 0);

export async function readSweep(d: PipelineDeps, prev: TargetState, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, window: Observation, signal?: AbortSignal): Promise<SweepRead> {
  const n = sweepPagesPerPoll(s);
  const out: SweepRead = { pages: [], cursor: prev.sweep };
  const h = scraper.history;
  if (n <= 0 || window.state !== 'ok' || !h) return out;
  // An older page that cannot be read now is no verdict: the sweep stops here for this poll.
  const read = async (before: string): Promise<Page | undefined> => {
    try {
      const p = await listing(d, scraper, ref, s, before, signal);
      return p.obs.state === 'ok' ? p : undefined;
    } catch (e) {
      if (!isVigilError(e) || !e.retryable) throw e;
      d.log.warn({ err: e, targetId: ref.spec, before }, 'sweep page failed');
      return undefined;
    }
  };
  let cursor = sweepStart(prev.sweep, window, h);
  for (let i = 0; i < n && cursor !== undefined; i++) {
    const p = await read(cursor);
    if (!p) break; // try the same page again next poll
    out.pages.push({ page: p.page, swept: { before: cursor, obs: p.obs, kind: 'rotation' } });
    cursor = nextCursor(p.obs); // undefined after the first post: wrap to right below the window
  }
  out.cursor = cursor;
  const covered: Range[] = [...(window.range ? [window.range] : []), ...out.pages.map((p) => sweptRange(p.swept, h)).filter((r): r is Range => r !== undefined)];
  for (let i = 0; i < n; i++) {
    const [newest] = needRecheck(prev.open, covered);
    if (newest === undefined) break;
    const before = h.cursorFor(newest); // the page that lists `newest` (or shows it gone)
    if (before === undefined) {
      covered.push({ min: newest, max: newest }); // no cursor reaches it: let the next one have its turn
      continue;
    }
    const p = await read(before);
    if (!p) break;
    const swept: SweptPage = { before, obs: p.obs, kind: 'recheck' };
    out.pages.push({ page: p.page, swept });
    covered.push(sweptRange(swept, h) ?? { min: newest, max: newest });
  }
  const count = (k: SweptPage['kind']) => out.pages.filter((p) => p.swept.kind === k).length;
  await d.metrics?.sweptPages(scraper.platform, 'rotation', count('rotation'));
  await d.metrics?.sweptPages(scraper.platform, 'recheck', count('recheck'));
  return out;
}

/** What the state knows of the posts in the swept ranges: hot posts, then the deep store. */
export async function knownPosts(d: PipelineDeps, targetId: string, prev: TargetState, pages: SweptPage[], h: HistoryWalk): Promise<Map<string, KnownPost>> {
  const known = new Map<string, KnownPost>();
  for (const p of pages) {
    const r = sweptRange(p, h);
    if (!r) continue;
    for (const [k, post] of await d.states.deepPosts(targetId, r)) known.set(k, post);
    for (const [k, digest] of Object.entries(prev.posts)) {
      const order = orderOf(prev, k);
      if (inRange(order, r)) known.set(k, { digest, order });
    }
  }
  return known;
}
