// Direct-URL checks of open post_deleted candidates (the confirmation step for deletions):
// posts of `range` listings through planPost/parsePost, `feed` items through their own page.
import { applyProbe, orderOf, type OpenCandidate, type TargetState } from '../detect/index.js';
import { cmpOrder } from '../scrapers/order.js';
import { isVigilError } from '../errors.js';
import type { Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { probeItemPage } from './item-probe.js';
import { archiveAnswer } from './archive-poll.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import { checkControl } from './control.js';

/** Feeds: a `missing` answer only counts once it comes at least minSpan after the detection. */
const feedProbeDone = (c: OpenCandidate, minSpanMs: number): boolean =>
  c.probe === 'missing' && c.probeAt !== undefined && Date.parse(c.probeAt) - Date.parse(c.detectedAt) >= minSpanMs;

/** A `missing` answer is kept (archiveAnswer) and joins the candidate's evidence. */
const withEvidence = (s: TargetState, candidateId: string, captureId: string): TargetState => ({
  ...s,
  open: s.open.map((c) => (c.id === candidateId && !c.evidence.includes(captureId) ? { ...c, evidence: [...c.evidence, captureId] } : c)),
});

/** `answerId(candidateId)`: the deterministic capture id of the answer kept for that candidate this job. */
export async function probeOpen(d: PipelineDeps, prev: TargetState, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, signal?: AbortSignal, answerId?: (candidateId: string) => string): Promise<{ state: TargetState; dismissed: OpenCandidate[] }> {
  let state = prev;
  const dismissed: OpenCandidate[] = [];
  const keep = async (c: OpenCandidate, page: FetchResult): Promise<void> => {
    if (!answerId) return;
    const id = await archiveAnswer(d, { id: answerId(c.id), targetId: c.target, postId: c.postId, page, answered: 'missing' });
    state = withEvidence(state, c.id, id);
  };
  for (const c of prev.open) {
    if (c.type === 'account_suspended' && c.details?.recheck === 'post' && c.probe !== 'missing') {
      const r = await recheckSuspension(d, state, c, scraper, ref, s, signal);
      state = r.state;
      dismissed.push(...r.dismissed);
      continue;
    }
    if (c.type !== 'post_deleted' || c.postKey === undefined) continue;
    if (c.rule.startsWith('feed.')) {
      if (feedProbeDone(c, d.settings.detection.confirm.minSpan)) continue;
      const url = prev.items?.[c.postKey]?.u ?? (typeof c.details?.url === 'string' ? c.details.url : undefined);
      if (!url) continue;
      const got = await probeItemPage(d, scraper, ref, s, c.postKey, url, signal);
      const r = applyProbe(state, c.id, got.probe, new Date().toISOString());
      state = r.state;
      dismissed.push(...r.dismissed);
      if (got.probe.state === 'missing' && got.page) await keep(c, got.page);
      continue;
    }
    if (c.probe === 'missing') continue;
    try {
      const page = await d.fetcher.fetch(scraper.planPost(ref, s, c.postKey), { signal });
      let probe = scraper.parsePost(page, ref, c.postKey);
      // "Gone" must be about the post, not a walled session or vantage: the control vouches (control.ts).
      if (probe.state === 'missing' && scraper.planControl) {
        const ctl = await checkControl(d, scraper, s, signal);
        if (!ctl.ok) probe = { state: 'no_verdict', reason: `${probe.reason ?? 'missing'}, but ${ctl.reason}` };
      }
      const r = applyProbe(state, c.id, probe);
      state = r.state;
      dismissed.push(...r.dismissed);
      if (probe.state === 'missing') await keep(c, page);
    } catch (e) {
      // A transient failure of the direct URL is no verdict; the next confirm round retries it.
      if (!isVigilError(e) || !e.retryable) throw e;
      d.log.warn({ err: e, candidate: c.id }, 'probe failed');
    }
  }
  return { state, dismissed };
}

/**
 * A "suspended" answer re-checked through the account's newest known post: shown = the account is
 * live (dismissed); the post's answer names its author's suspension = agrees; anything else (429,
 * a deleted post, a foreign answer) = no verdict, the next round retries.
 */
async function recheckSuspension(d: PipelineDeps, state: TargetState, c: OpenCandidate, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, signal?: AbortSignal): Promise<{ state: TargetState; dismissed: OpenCandidate[] }> {
  const key = Object.keys(state.posts).sort((a, b) => cmpOrder(orderOf(state, b), orderOf(state, a)))[0];
  if (key === undefined) return { state, dismissed: [] };
  try {
    const probe = scraper.parsePost(await d.fetcher.fetch(scraper.planPost(ref, s, key), { signal }), ref, key);
    if (probe.state === 'present') return applyProbe(state, c.id, probe);
    if (probe.accountState === 'suspended') return applyProbe(state, c.id, { state: 'missing' });
    return applyProbe(state, c.id, { state: 'no_verdict' });
  } catch (e) {
    if (!isVigilError(e) || !e.retryable) throw e;
    d.log.warn({ err: e, candidate: c.id }, 'suspension re-check failed');
    return { state, dismissed: [] };
  }
}
