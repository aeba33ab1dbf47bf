// Vantage points in a poll: the poll goes out from its turn's vantage (src/fetch/vantage-rotation.ts);
// when the newest answer suggests a takedown or block (or the account is known to be blocked
// somewhere), the same newest read is repeated from the target's other vantages and
// src/detect/vantages.ts judges them together: a block seen from one country only is a geo-block
// naming the countries, one seen everywhere is global, an unprovable one is no verdict. Every
// re-check answer is archived with the poll as evidence.
import type { Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { VantageTurn } from '../fetch/vantage-rotation.js';
import type { Vantage } from '../fetch/vantage-dispatch.js';
import type { FetchResult, HttpFetcher } from '../fetch/http-fetcher.js';
import { isVigilError } from '../errors.js';
import { judgeVantages, RECHECKED_STATES, type TargetState, type VantageAnswer } from '../detect/index.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { newestListing, type Newest } from './listing.js';

/** The same fetcher, every request sent from vantage `id` unless a step's options name another. */
export const fromVantage = (f: HttpFetcher, id: string): HttpFetcher => ({
  fetch: (step, opts = {}) => f.fetch(step, { ...opts, vantage: opts.vantage ?? id }),
  close: () => f.close(),
});

export const viaVantage = (d: PipelineDeps, id: string): PipelineDeps => ({ ...d, fetcher: fromVantage(d.fetcher, id) });

const answerOf = (v: Vantage, n: Newest): VantageAnswer => ({ id: v.id, ...(v.country ? { country: v.country } : {}), state: n.first.obs.state, ...(n.first.obs.stateReason ? { reason: n.first.obs.stateReason } : {}) });

/** A block the target is known to have (or is suspected of) somewhere: re-checked even when this poll's vantage sees it fine. */
export const knownBlocked = (prev: TargetState): boolean => prev.state === 'geo_blocked' || prev.open.some((c) => c.type === 'account_geo_blocked');

export interface CheckedNewest extends Newest {
  /** Every vantage's answer when re-checked (the poll's own first). */
  checks?: VantageAnswer[];
}

export async function newestChecked(d: PipelineDeps, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, prev: TargetState, turn: VantageTurn | undefined, signal?: AbortSignal): Promise<CheckedNewest> {
  const mine = await newestListing(turn ? viaVantage(d, turn.primary.id) : d, scraper, ref, s, signal);
  const state = mine.first.obs.state;
  if (!turn || turn.others.length === 0) return mine;
  if (!RECHECKED_STATES.has(state) && !(knownBlocked(prev) && (state === 'ok' || state === 'empty'))) return mine;
  const answers: VantageAnswer[] = [answerOf(turn.primary, mine)];
  const evidence: FetchResult[] = [];
  for (const v of turn.others) {
    try {
      const n = await newestListing(viaVantage(d, v.id), scraper, ref, s, signal);
      answers.push(answerOf(v, n));
      evidence.push(...n.before, n.first.page);
    } catch (e) {
      if (signal?.aborted || !isVigilError(e)) throw e;
      // Unreachable or throttled from there: that vantage has no verdict.
      answers.push({ id: v.id, ...(v.country ? { country: v.country } : {}), state: e.code === 'VGL_FETCH_RATE_LIMITED' ? 'rate_limited' : 'unknown', reason: e.code });
    }
  }
  const verdict = judgeVantages(answers);
  d.log.debug({ target: ref.spec, answers: answers.map((a) => `${a.id}:${a.state}`), verdict: verdict.state }, 'vantages re-checked');
  const before = [...mine.before, ...evidence];
  if (!verdict.changed) return { ...mine, before, checks: answers };
  const obs = mine.first.obs;
  const judged = {
    platform: obs.platform,
    listingModel: obs.listingModel,
    target: obs.target,
    url: obs.url,
    state: verdict.state,
    ...(verdict.reason ? { stateReason: verdict.reason } : {}),
    ...(obs.channel ? { channel: obs.channel } : {}),
    ...(verdict.geo ? { geo: verdict.geo } : {}),
    posts: [],
    reachedStart: false,
  };
  return { ...mine, first: { page: mine.first.page, obs: judged }, before, checks: answers };
}
