// Fetch + classify (+ parse when ok/empty) one listing page: the step every poll repeats for the
// newest page, the re-scan window, a backfill and the history sweep.
import type { Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';

export type Page = { page: FetchResult; obs: Observation };

export async function listing(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, cursor: string | undefined, signal?: AbortSignal): Promise<Page> {
  const page = await d.fetcher.fetch(scraper.planListing(ref, s, cursor), { signal });
  const c = scraper.classify(page);
  if (c.state === 'ok' || c.state === 'empty') return { page, obs: scraper.parse(page, ref) };
  return { page, obs: { platform: scraper.platform, listingModel: scraper.listingModel, target: ref.key, url: page.url, state: c.state, stateReason: c.reason, posts: [], reachedStart: false } };
}
