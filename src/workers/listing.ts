// Fetch + classify (+ parse when ok/empty) one listing page: the step every poll repeats for the
// newest page, the re-scan window, a backfill and the history sweep. An answer that would become a
// takedown is vouched for by the platform's control URL first (control.ts).
import { NO_VERDICT_STATES, type Observation, type Scraper, type ScraperSettings, type TargetRef } from '../scrapers/types.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import { withLanding } from '../detect/index.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { checkControl, needsControl } from './control.js';

/** `control`: the control page fetched for this answer (archived beside it). */
export type Page = { page: FetchResult; obs: Observation; control?: FetchResult };

export async function listing(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, cursor: string | undefined, signal?: AbortSignal): Promise<Page> {
  const page = await d.fetcher.fetch(scraper.planListing(ref, s, cursor), { signal });
  const c = scraper.classify(page);
  if (c.state === 'ok' || c.state === 'empty') return { page, obs: scraper.parse(page, ref) };
  const obs = stub(scraper, ref, page, c);
  if (!needsControl(scraper, c.state)) return { page, obs };
  const ctl = await checkControl(d, scraper, s, signal);
  const control = ctl.page ? { control: ctl.page } : {};
  if (ctl.ok) return { page, obs: { ...obs, stateReason: `${c.reason ?? c.state}; ${ctl.reason}` }, ...control };
  // The platform walls this session or vantage, not (provably) the account: no verdict.
  return { page, obs: { ...obs, state: 'unknown', stateReason: `no verdict: ${c.state}${c.reason ? ` (${c.reason})` : ''}, but ${ctl.reason}` }, ...control };
}

const stub = (scraper: Scraper<ScraperSettings>, ref: TargetRef, page: FetchResult, c: { state: Observation['state']; reason?: string }): Observation => ({
  platform: scraper.platform,
  listingModel: scraper.listingModel,
  target: ref.key,
  url: page.url,
  state: c.state,
  ...(c.reason !== undefined ? { stateReason: c.reason } : {}),
  posts: [],
  reachedStart: false,
});

export interface Newest {
  /** The newest listing page with the poll's observation (for a landing-first platform, both answers in one). */
  first: Page;
  /** Pages read before it (the landing), archived with the poll as evidence. */
  before: FetchResult[];
  /** The target as older pages address it (with the landing's id). */
  ref: TargetRef;
}

/**
 * The newest page of a poll. A `landingFirst` platform reads its landing first: a landing without a
 * verdict is the poll's answer (no verdict), one with a verdict is parsed, and when it names the
 * account's id the listing is read with it and joined (`withLanding`).
 */
export async function newestListing(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, signal?: AbortSignal): Promise<Newest> {
  if (!scraper.landingFirst) return { first: await listing(d, scraper, ref, s, undefined, signal), before: [], ref };
  const landing = await d.fetcher.fetch(scraper.planLanding(ref, s), { signal });
  const c = scraper.classify(landing);
  const landingObs = NO_VERDICT_STATES.has(c.state) ? stub(scraper, ref, landing, c) : scraper.parse(landing, ref);
  const id = landingObs.channel?.channelId;
  if (NO_VERDICT_STATES.has(c.state) || id === undefined) return { first: { page: landing, obs: landingObs }, before: [], ref };
  const withId: TargetRef = { ...ref, id };
  const list = await listing(d, scraper, withId, s, undefined, signal);
  return { first: { page: list.page, obs: withLanding(landingObs, list.obs) }, before: [landing], ref: withId };
}
