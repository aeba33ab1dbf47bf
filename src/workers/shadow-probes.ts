// Shadow-ban probes, part of a target's poll: every `detection.probes.every`, and on every confirm
// round while a shadow-ban candidate is open, the platform's search (handle and exact phrases of
// posts visible on the profile), typeahead and the conversation of one of its replies are read
// through each probe vantage / session (`ProbeVia`). Each answer is archived (page bytes + capture
// manifest naming the vantage) and each verdict as a record blob the observation lists under
// `probes`. A probe that fails (429, timeout, login wall, captcha, foreign answer) is no verdict.
import { captureKey } from '../archive/keys.js';
import type { ObservationRecord } from '../archive/types.js';
import { jsonBytes } from '../archive/json.js';
import { isVigilError } from '../errors.js';
import { deterministicId } from '../ids.js';
import { isShadowType, phraseOf, replyVerdict, searchable, searchVerdict, suggestionVerdict, type ProbeOutcome, type ShadowType, type TargetState } from '../detect/index.js';
import type { FetchStep, Observation, PostRecord, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import { cmpOrder } from '../scrapers/order.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { captureManifest } from './archive-poll.js';
import { jobId } from './queues.js';

export type { ProbeVia } from './pipeline-deps.js';

interface ProbePage {
  type: ShadowType;
  vantage: string;
  page: FetchResult;
}

export interface ProbeRound {
  outcomes: ProbeOutcome[];
  pages: ProbePage[];
  /** How many vantages / sessions the round used (fewer than minVantages: cannot confirm). */
  vantages: number;
}

export type ObservedProbe = NonNullable<ObservationRecord['probes']>[number];

const supports = (sc: Scraper<ScraperSettings>): boolean =>
  Boolean((sc.planSearch && sc.parseSearch) || (sc.planTypeahead && sc.parseTypeahead) || (sc.planConversation && sc.parseConversation) || Object.keys(sc.unsupportedProbes ?? {}).length);

/** Whether this poll runs the probes: enabled, the platform has some, the account shows ok, and due. */
export function probesDue(d: PipelineDeps, prev: TargetState, scraper: Scraper<ScraperSettings>, obs: Observation, confirmRound: boolean, nowMs: number): boolean {
  const cfg = d.settings.detection.probes;
  if (!cfg.enabled || !supports(scraper) || obs.state !== 'ok') return false;
  if (confirmRound && prev.open.some((c) => isShadowType(c.type))) return true;
  return prev.probedAt === undefined || nowMs - prev.probedAt >= cfg.every;
}

/** The account's newest reply to another account (its conversation is probed), if the listing shows one. */
const newestReply = (posts: readonly PostRecord[]): PostRecord | undefined =>
  [...posts].filter((p) => p.replyTo && p.replyTo.key === undefined && !p.service).sort((a, b) => cmpOrder(b.order, a.order))[0];

export async function runShadowProbes(d: PipelineDeps, obs: Observation, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, observedAt: string, signal?: AbortSignal): Promise<ProbeRound> {
  const cfg = d.settings.detection.probes;
  const vias = d.probeVias?.length ? d.probeVias : [{ name: d.vantage, fetcher: d.fetcher }];
  const round: ProbeRound = { outcomes: [], pages: [], vantages: vias.length };
  const eligible = searchable(obs.posts, observedAt, cfg.searchIndexLag, 5, scraper.publishedNoLaterThan?.bind(scraper));
  const phrase = (p: PostRecord): string => scraper.searchPhrase?.(p) ?? phraseOf(p);
  // The handle as the account shows it (a YouTube channel watched by its UC id is searched by @handle).
  const handle = obs.channel?.username?.trim() || ref.key;
  const reply = newestReply(obs.posts);
  // Probes the platform cannot run honestly: said on the record each round, never a verdict.
  for (const [type, why] of Object.entries(scraper.unsupportedProbes ?? {})) {
    if (isShadowType(type) && why) round.outcomes.push({ type, vantage: vias[0]!.name, verdict: 'no_verdict', reason: `unsupported on this platform: ${why}`, unsupported: true });
  }
  for (const via of vias) {
    const get = async (type: ShadowType, step: FetchStep): Promise<FetchResult | { reason: string }> => {
      try {
        const page = await via.fetcher.fetch(step, { signal });
        round.pages.push({ type, vantage: via.name, page });
        return page;
      } catch (e) {
        if (signal?.aborted || !isVigilError(e)) throw e;
        return { reason: `${e.code}: ${e.message}` };
      }
    };
    if (scraper.planSearch && scraper.parseSearch) {
      const answers = [];
      const queries = [
        ...(eligible.length ? [{ q: { kind: 'handle' as const, text: handle }, expect: eligible.map((p) => p.key) }] : []),
        ...eligible.slice(0, cfg.phrases).map((p) => ({ q: { kind: 'phrase' as const, text: phrase(p) }, expect: [p.key] })),
      ];
      for (const { q, expect } of queries) {
        const step = scraper.planSearch(ref, s, q);
        if (!step) continue;
        const r = await get('shadowban_search', step);
        const probe = 'reason' in r ? { state: 'no_verdict' as const, keys: [], reason: r.reason } : scraper.parseSearch(r, ref);
        answers.push({ probe, expect, query: `${q.kind}:${q.text}` });
      }
      if (queries.length) round.outcomes.push(searchVerdict(via.name, answers));
    }
    if (scraper.planTypeahead && scraper.parseTypeahead) {
      const step = scraper.planTypeahead(ref, s);
      if (step) {
        const r = await get('shadowban_suggestion', step);
        round.outcomes.push(suggestionVerdict(via.name, 'reason' in r ? { state: 'no_verdict', found: false, reason: r.reason } : scraper.parseTypeahead(r, ref)));
      }
    }
    if (scraper.planConversation && scraper.parseConversation && reply) {
      const step = scraper.planConversation(ref, s, reply);
      if (step) {
        const r = await get('shadowban_reply', step);
        round.outcomes.push(replyVerdict(via.name, reply.key, 'reason' in r ? { state: 'no_verdict', reason: r.reason } : scraper.parseConversation(r, ref, reply)));
      }
    }
  }
  return round;
}

/** Archives the round's pages and one record per verdict; returns the observation record's `probes`. */
export async function archiveProbes(d: PipelineDeps, c: { targetId: string; platform: string; jobKey: string; jobTime: number; observedAt: string; minVantages: number }, round: ProbeRound): Promise<ObservedProbe[]> {
  const captures = new Map<string, string[]>();
  let i = 0;
  for (const p of round.pages) {
    const blob = await d.archive.putBlob(p.page.body, p.page.headers['content-type'] ?? 'application/json');
    const m = captureManifest(deterministicId(c.jobTime, `${c.jobKey}|probe|${i++}`), c.targetId, p.page, blob, p.vantage);
    await d.archive.putCapture(m);
    await d.queues.index.add('capture', { kind: 'capture', key: captureKey(m.id) }, { jobId: jobId('idx', 'cap', m.id), removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 500 } });
    const k = `${p.type}|${p.vantage}`;
    captures.set(k, [...(captures.get(k) ?? []), m.id]);
  }
  const out: ObservedProbe[] = [];
  for (const o of round.outcomes) {
    const ids = captures.get(`${o.type}|${o.vantage}`) ?? [];
    const body = {
      v: 1,
      kind: 'shadowban_probe',
      platform: c.platform,
      target: c.targetId,
      type: o.type,
      vantage: o.vantage,
      observedAt: c.observedAt,
      verdict: o.verdict,
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.detail ? { detail: o.detail } : {}),
      captures: ids,
      // Said on the record: one vantage or session alone cannot confirm a shadow-ban.
      ...(round.vantages < c.minVantages ? { note: `probed through ${round.vantages} vantage(s)/session(s); ${c.minVantages} are needed to confirm a shadow-ban` } : {}),
    };
    const blob = await d.archive.putBlob(jsonBytes(body), 'application/json');
    out.push({ type: o.type, vantage: o.vantage, verdict: o.verdict, sha256: blob.sha256, captures: ids });
  }
  return out;
}
