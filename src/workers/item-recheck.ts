// `feed` listings (rss/web statements): bounded re-checks of listed statements' own pages, so an edit made only on the page
// (the listing's title unchanged) is seen. Each present page's text record is archived as a blob
// before the hot state names it; 429/5xx/timeouts give no verdict and do not count as checked.
import { PAGE_EDIT_RULE, pageBlobSha, pageRecord, pickRechecks, postBytes, type OpenCandidate, type PageChecks, type RecheckPolicy, type TargetState } from '../detect/index.js';
import type { Observation, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { probeItem } from './item-probe.js';
import { jobId } from './queues.js';

const DAY = 86_400_000;

/** platforms.<name>.recheckPerPoll and recheckMaxAge of feed platforms (already parsed to ms by the config schema). */
export function recheckPolicy(s: ScraperSettings): RecheckPolicy {
  return {
    perPoll: typeof s.recheckPerPoll === 'number' ? s.recheckPerPoll : 3,
    maxAgeMs: typeof s.recheckMaxAge === 'number' ? s.recheckMaxAge : 30 * DAY,
  };
}

export async function recheckItems(d: PipelineDeps, prev: TargetState, obs: Observation, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, now: number, signal?: AbortSignal): Promise<PageChecks | undefined> {
  const picks = pickRechecks(prev, obs, now, recheckPolicy(s));
  if (picks.length === 0) return undefined;
  const checks: PageChecks = { present: {}, gone: [], at: now };
  for (const n of picks) {
    const item = prev.items?.[n];
    const post = obs.posts.find((p) => p.key === n);
    if (!item || !post) continue;
    const r = await probeItem(d, scraper, ref, s, n, item.u, signal);
    if (r.state === 'missing') checks.gone.push(n);
    if (r.state !== 'present') continue;
    const rec = pageRecord(post, r);
    const sha = pageBlobSha(rec);
    // Durable before the state or an event names it (content-addressed: a repeat is a no-op).
    if (sha !== item.p) await d.archive.putBlob(postBytes(rec), 'application/json');
    checks.present[n] = sha;
  }
  d.log.debug({ target: ref.key, picked: picks.length, present: Object.keys(checks.present).length, gone: checks.gone.length }, 'item pages re-checked');
  return checks;
}

/** Browser capture of the new version of pages edited in place (as for feed edits). */
export async function queuePageEditCaptures(d: PipelineDeps, targetId: string, created: OpenCandidate[]): Promise<void> {
  const cs = d.settings.capture;
  if (!cs.enabled || !cs.statements || !d.queues.capture) return;
  const jobs = created
    .filter((c) => c.rule === PAGE_EDIT_RULE && typeof c.details?.url === 'string' && typeof c.details?.toBlob === 'string')
    .map((c) => ({
      name: 'capture',
      data: { targetId, url: String(c.details!.url), ...(c.postId ? { postId: c.postId } : {}), reason: 'edited_statement' },
      opts: { jobId: jobId('cap', targetId, c.postKey ?? 0, String(c.details!.toBlob).slice(0, 16)), attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
    }));
  if (jobs.length) await d.queues.capture.addBulk(jobs);
}
