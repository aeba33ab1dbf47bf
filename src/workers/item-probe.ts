// `feed` listings (rss/web statements): an item's own page (planItem + parseItem). 404/410 = missing; 429/5xx, timeouts
// and garbage are no verdict, never a removal.
import { itemStub, vanishedItems, type TargetState } from '../detect/index.js';
import { isVigilError } from '../errors.js';
import type { ItemProbe, Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';
import type { FetchResult } from '../fetch/http-fetcher.js';

/** Own pages checked per poll for items that vanished from the window (bounded work per poll). */
const MAX_CHECKS = 10;

export async function probeItem(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, key: string, url: string, signal?: AbortSignal): Promise<ItemProbe> {
  return (await probeItemPage(d, scraper, ref, s, key, url, signal)).probe;
}

/** probeItem with the page it read (kept as evidence when it decides a deletion). */
export async function probeItemPage(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, key: string, url: string, signal?: AbortSignal): Promise<{ probe: ItemProbe; page?: FetchResult }> {
  if (!scraper.planItem || !scraper.parseItem) return { probe: { state: 'no_verdict', reason: 'scraper has no item pages' } };
  try {
    const page = await d.fetcher.fetch(scraper.planItem(ref, s, itemStub(key, url)), { signal });
    return { probe: scraper.parseItem(page), page };
  } catch (e) {
    if (!isVigilError(e) || !e.retryable) throw e;
    d.log.warn({ err: e, url }, 'item probe failed');
    return { probe: { state: 'no_verdict', reason: e.code } };
  }
}

/**
 * Items that left the window with nothing older still listed: their own page decides. 404/410 =
 * gone (a deletion candidate), 200 = fell off naturally (forgotten), no verdict = asked again next poll.
 */
export async function checkVanished(d: PipelineDeps, prev: TargetState, obs: Observation, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, signal?: AbortSignal): Promise<{ gone: string[]; fellOff: string[] }> {
  const gone: string[] = [];
  const fellOff: string[] = [];
  const open = new Set(prev.open.filter((c) => c.type === 'post_deleted').map((c) => c.postKey));
  const { uncertain } = vanishedItems(prev, obs);
  for (const n of uncertain.filter((x) => !open.has(x)).slice(0, MAX_CHECKS)) {
    const url = prev.items?.[n]?.u;
    if (!url) continue;
    const r = await probeItem(d, scraper, ref, s, n, url, signal);
    if (r.state === 'missing') gone.push(n);
    else if (r.state === 'present') fellOff.push(n);
  }
  return { gone, fellOff };
}
