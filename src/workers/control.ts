// The control URL (Scraper.planControl): some platforms answer one "unavailable" page for a deleted,
// deactivated, renamed or banned account, and serve the very same page, or a wall, to a session or
// vantage point they distrust. Before such an answer counts, a known-good public page of the platform
// is fetched in the same poll through the same session: only if it answers normally is the answer
// about the account. A control that fails, or cannot be fetched, makes the answer no verdict.
import { isVigilError } from '../errors.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PageState, Scraper, ScraperSettings } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface ControlCheck {
  /** The control answered ok/empty (or the platform has none): the answer stands. */
  ok: boolean;
  /** Why not, for the observation's stateReason / the probe's reason. */
  reason: string;
  /** The control's answer, archived with the observation it vouched for (or refused). */
  page?: FetchResult;
}

/** Answers that would feed a takedown rule, and so need the control where the platform has one. */
const TAKEDOWN: ReadonlySet<PageState> = new Set(['not_found', 'suspended', 'restricted', 'geo_blocked', 'private']);
export const needsControl = (scraper: Scraper<ScraperSettings>, state: PageState): boolean => scraper.planControl !== undefined && TAKEDOWN.has(state);

export async function checkControl(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, signal?: AbortSignal): Promise<ControlCheck> {
  const step = scraper.planControl?.(s);
  if (!step) return { ok: true, reason: 'no control URL' };
  try {
    const page = await d.fetcher.fetch(step, { signal });
    const c = scraper.classify(page);
    if (c.state === 'ok' || c.state === 'empty') return { ok: true, reason: `control ${step.url} answered ok`, page };
    return { ok: false, reason: `control ${step.url} answered ${c.state}${c.reason ? ` (${c.reason})` : ''}`, page };
  } catch (e) {
    // 429, 5xx, timeouts of the control: no verdict for this poll, never a failed poll.
    if (!isVigilError(e) || !e.retryable) throw e;
    d.log.warn({ err: e, platform: scraper.platform, url: step.url }, 'control fetch failed');
    return { ok: false, reason: `control ${step.url} failed (${e.code})` };
  }
}
