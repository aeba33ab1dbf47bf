// Fetch + classify (+ parse when ok/empty) one listing page: the step every poll repeats for the
// newest page, the re-scan window, a backfill and the history sweep. An answer that would become a
// takedown is vouched for by the platform's control URL first (control.ts).
import type { Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { checkControl, needsControl } from './control.js';

/** `control`: the control page fetched for this answer (archived beside it). */
export type Page = { page: FetchResult; obs: Observation; control?: FetchResult };

export async function listing(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, cursor: string | undefined, signal?: AbortSignal): Promise<Page> {
  const page = await d.fetcher.fetch(scraper.planListing(ref, s, cursor), { signal });
  const c = scraper.classify(page);
  if (c.state === 'ok' || c.state === 'empty') return { page, obs: scraper.parse(page, ref) };
  const obs: Observation = { platform: scraper.platform, listingModel: scraper.listingModel, target: ref.key, url: page.url, state: c.state, stateReason: c.reason, posts: [], reachedStart: false };
  if (!needsControl(scraper, c.state)) return { page, obs };
  const ctl = await checkControl(d, scraper, s, signal);
  const control = ctl.page ? { control: ctl.page } : {};
  if (ctl.ok) return { page, obs: { ...obs, stateReason: `${c.reason ?? c.state}; ${ctl.reason}` }, ...control };
  // The platform walls this session or vantage, not (provably) the account: no verdict.
  return { page, obs: { ...obs, state: 'unknown', stateReason: `no verdict: ${c.state}${c.reason ? ` (${c.reason})` : ''}, but ${ctl.reason}` }, ...control };
}
