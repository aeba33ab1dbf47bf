// One poll of one target, shared by the observe and confirm processors: fetch, classify, parse,
// diff against the hot state, archive what changed (durable before return), write events.
import type { Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import { VigilError } from '../errors.js';
import { deterministicId } from '../ids.js';
import { detectStep, digestsOf, forgetItems, isFeed, mergeObservations, orderOf, sweepBears, sweepStep, type KnownPost, type OpenCandidate, type StepResult, type TargetState } from '../detect/index.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { archiveChange, writeEvents } from './archive-poll.js';
import { probeOpen } from './probe.js';
import { checkVanished } from './item-probe.js';
import { withEditDiffs } from './edit-diff.js';
import { queuePageEditCaptures, recheckItems } from './item-recheck.js';
import { discoverReferenced, reprobePending } from './rename-discovery.js';
import { listing, type Page } from './listing.js';
import { newestChecked, viaVantage } from './vantage-check.js';
import type { VantageTurn } from '../fetch/vantage-rotation.js';
import type { VantageAnswer } from '../detect/index.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import { knownPosts, readSweep, sweepPagesPerPoll } from './sweep.js';
import { archiveInteractions, readInteractions } from './interactions.js';
import { linkAttacks, pollAttacks } from './attacks.js';
import { archiveProbes, probesDue, runShadowProbes } from './shadow-probes.js';
import { quietSignals, reachPolicyOf } from './quiet-signals.js';
import { judgeReach, signalStep } from '../detect/index.js';

export interface PollInput {
  targetId: string;
  spec: string;
  /** Stable per job (job id + creation time) so a retried job writes the same record ids. */
  jobKey: string;
  jobTime: number;
  signal?: AbortSignal;
  /** Run direct-URL probes for open post_deleted candidates first (confirm jobs). */
  probe?: boolean;
  /** The state to start from, when the caller read it already (state-gate.ts); else loaded here. */
  prev?: TargetState;
}

export interface PollResult {
  state: string;
  unchanged: boolean;
  observationId?: string;
  created: string[];
  confirmed: string[];
  dismissed: string[];
  open: OpenCandidate[];
}

/** `follow`: the username a discovered rename moved the target to (polls follow it). */
export function resolveTarget(d: PipelineDeps, spec: string, follow?: string): { scraper: Scraper<ScraperSettings>; ref: TargetRef; s: ScraperSettings } {
  const platform = spec.slice(0, spec.indexOf(':'));
  const scraper = d.getScraper(platform);
  const ref = scraper.match(follow ? `${platform}:${follow}` : spec);
  if (!ref) throw new VigilError('VGL_SPEC_INVALID', `target spec ${JSON.stringify(spec)} is not a valid ${platform} target`);
  const s = scraper.settings.parse((d.settings.platforms as Record<string, unknown>)[platform] ?? {});
  return { scraper, ref, s };
}

/**
 * Newest page, then older pages: the whole visible history for a new target, else the re-scan
 * window. `complete` is false when an older page had no verdict (the window ends early).
 */
async function fetchPages(d: PipelineDeps, prev: TargetState, scraper: Scraper<ScraperSettings>, base: TargetRef, s: ScraperSettings, turn: VantageTurn | undefined, signal?: AbortSignal): Promise<{ pages: Page[]; complete: boolean; before: FetchResult[]; ref: TargetRef; checks?: VantageAnswer[] }> {
  const newest = await newestChecked(d, scraper, base, s, prev, turn, signal);
  const { before, ref, checks } = newest;
  const pages = [newest.first];
  // A landing-first poll whose listing had no verdict (only the landing spoke): nothing to page through.
  if (pages[0].obs.state !== 'ok' || (scraper.landingFirst && pages[0].obs.range === undefined)) return { pages, complete: false, before, ref, checks };
  const backfill = prev.state === 'pending';
  const maxBackfill = Number(s.backfillMaxPages ?? 0) || 10_000;
  const extra = backfill ? maxBackfill : Number(s.rescanPages ?? 0);
  for (let i = 0; i < extra; i++) {
    const last = pages[pages.length - 1].obs;
    if (!last.olderCursor || last.reachedStart) break;
    const p = await listing(d, scraper, ref, s, last.olderCursor, signal);
    if (p.obs.state !== 'ok') return { pages, complete: false, before, ref, checks }; // a partial window is still a valid, smaller range
    pages.push(p);
  }
  return { pages, complete: !backfill, before, ref, checks };
}

export async function pollTarget(base: PipelineDeps, input: PollInput): Promise<PollResult> {
  const { targetId } = input;
  // This poll's vantage point (rotating over the target's vantages); every fetch of the poll goes out from it.
  const turn = base.vantages ? await base.vantages.next(targetId) : undefined;
  const d = turn ? viaVantage(base, turn.primary.id) : base;
  const log = d.log.child({ component: 'poll', targetId });
  let prev = input.prev ?? (await d.states.load(targetId));
  const { scraper, ref: named, s } = resolveTarget(d, input.spec, prev.follow);
  const dismissedByProbe: OpenCandidate[] = [];
  const deletionOpen = prev.open.some((c) => c.type === 'account_deleted');
  if (input.probe) {
    const r = await probeOpen(d, prev, scraper, named, s, input.signal, (cid) => deterministicId(input.jobTime, `${input.jobKey}|answer|${cid}`));
    // A statement unlisted but still online was not removed: stop tracking it.
    prev = forgetItems(r.state, r.dismissed.filter((c) => c.rule.startsWith('feed.') && c.postKey !== undefined).map((c) => c.postKey!));
    dismissedByProbe.push(...r.dismissed);
    // The vanished account may by now answer under a name some account forwarded from or linked to.
    if (deletionOpen && scraper.referencedAccounts) await reprobePending(d, scraper, s, input.signal);
  }
  const { pages, complete, before, ref, checks: vantageChecks } = await fetchPages(d, prev, scraper, named, s, turn, input.signal);
  const obs = mergeObservations(pages.map((p) => p.obs));
  // History sweep: a few older pages in rotation (not during a backfill, nor after a failed window).
  const sweep = complete ? await readSweep(d, prev, scraper, ref, s, obs, input.signal) : { pages: [], cursor: prev.sweep };
  const swept = sweep.pages.map((p) => p.swept);
  const history = scraper.history;
  const known = swept.length && history ? await knownPosts(d, targetId, prev, swept, history) : new Map<string, KnownPost>();
  // Swept pages that show a known post gone, or bear on an open deletion, are archived as evidence.
  const sweepSays = swept.length > 0 && history !== undefined && sweepBears(known, swept, prev.open, history);
  const feed = obs.state === 'ok' && isFeed(obs) ? await checkVanished(d, prev, obs, scraper, ref, s, input.signal) : undefined;
  const observedAt = pages[0].page.fetchedAt;
  // Statements edited only on their own page: a few own pages per poll, longest unchecked first.
  const checks = feed ? await recheckItems(d, prev, obs, scraper, ref, s, Date.parse(observedAt), input.signal) : undefined;
  const pre = digestsOf(obs, scraper.stableContent);
  // Comments/replies of the newest posts (platforms that offer them, when configured).
  const inter = await readInteractions(d, prev, obs, scraper, ref, s, input.signal);
  const interChanged = (inter?.changed.length ?? 0) > 0;
  // Shadow-ban probes (when due) and the views baseline (every ok poll): quiet outcomes.
  const probeCfg = d.settings.detection.probes;
  const probeRound = probesDue(d, prev, scraper, obs, input.probe === true, Date.parse(observedAt)) ? await runShadowProbes(d, obs, scraper, ref, s, observedAt, input.signal) : undefined;
  const reach = probeCfg.enabled && probeCfg.reach.enabled && obs.state === 'ok' ? judgeReach(prev.reach, obs, observedAt, reachPolicyOf(probeCfg.reach)) : undefined;
  const quiet = quietSignals(prev, probeCfg, probeRound, reach, obs, observedAt);
  const unchanged = (prev.digest === pre.content || !['ok', 'empty', 'not_found', 'suspended', 'restricted', 'geo_blocked', 'private'].includes(obs.state)) && !sweepSays && !interChanged && !quiet.archive;
  const observationId = unchanged ? (prev.lastObservationId ?? deterministicId(input.jobTime, `${input.jobKey}|obs`)) : deterministicId(input.jobTime, `${input.jobKey}|obs`);
  const owner = obs.channel?.channelId ? await d.states.channelOwner(obs.channel.channelId) : null;
  const askRename = obs.state === 'not_found' || deletionOpen;
  const discovered = askRename ? await d.states.discoveredRename(targetId) : undefined;
  const renamedTo = (askRename ? await d.states.renamedTo(targetId) : undefined) ?? discovered;
  const ctx = { targetId, observationId, observedAt, channelOwner: owner ?? undefined, renamedTo, discoveredRename: discovered, ...(feed ? { feed } : {}), ...(checks ? { pages: checks } : {}), ...(scraper.recheckSuspension ? { recheckSuspension: true } : {}) };
  const policy = { minObservations: d.settings.detection.confirm.minObservations, minSpanMs: d.settings.detection.confirm.minSpan, keepPosts: d.keepPosts ?? 200, stableContent: scraper.stableContent };
  let step: StepResult = await withEditDiffs(d, prev, obs, detectStep(prev, obs, ctx, policy, pre));
  if (swept.length && history) {
    const username = obs.channel?.username ?? prev.username ?? obs.target;
    const r = sweepStep(step.next, known, swept, ctx, policy, username, history, [...step.confirmed, ...step.dismissed]);
    step = { ...step, next: r.next, created: [...step.created, ...r.created], confirmed: [...step.confirmed, ...r.confirmed], dismissed: [...step.dismissed, ...r.dismissed] };
  }
  if (quiet.signals.length) {
    const r = signalStep(step.next, quiet.signals, ctx, { ...policy, minVantages: probeCfg.minVantages });
    step = { ...step, next: r.next, created: [...step.created, ...r.created], confirmed: [...step.confirmed, ...r.confirmed], dismissed: [...step.dismissed, ...r.dismissed] };
    if (r.lifted.length) log.info({ lifted: r.lifted }, 'quiet outcome ended');
  }
  let next: TargetState = { ...step.next, sweep: sweep.cursor };
  if (reach) next.reach = reach.next;
  if (probeRound) next.probedAt = Date.parse(observedAt);
  if (next.sweep === undefined) delete next.sweep;
  if (inter) next.interactions = inter.digests;
  // After a backfill, remember the digest of the regular poll window so the next poll is "unchanged".
  const window = 1 + Number(s.rescanPages ?? 0);
  if (pages.length > window && next.digest === pre.content) next = { ...next, digest: digestsOf(mergeObservations(pages.slice(0, window).map((p) => p.obs)), scraper.stableContent).content };
  let interactions: Awaited<ReturnType<typeof archiveInteractions>> | undefined;
  if (unchanged) {
    d.seen.record({ target: targetId, at: observedAt, observationRef: prev.lastObservationId ?? observationId, contentDigest: step.digest });
    // Touches are batched in Redis; one index job per second applies them all.
    if (await d.states.touch(targetId, observedAt, obs.state, 1000)) {
      await d.queues.index.add('touches', { kind: 'touches' }, { jobId: `touches-${Date.now()}`, removeOnComplete: true, removeOnFail: 100, delay: 1000 });
    }
  } else {
    interactions = interChanged ? await archiveInteractions(d, { targetId, platform: scraper.platform, jobKey: input.jobKey, jobTime: input.jobTime, observedAt }, inter!.changed) : undefined;
    const probes = probeRound ? await archiveProbes(d, { targetId, platform: scraper.platform, jobKey: input.jobKey, jobTime: input.jobTime, observedAt, minVantages: probeCfg.minVantages }, probeRound) : undefined;
    const landing = before.map((page) => ({ page, obs }));
    await archiveChange(d, { targetId, input, captures: scraper.captures, settings: s, pages: [...pages.flatMap((p) => (p.control ? [p, { page: p.control, obs: p.obs }] : [p])), ...sweep.pages.map((p) => ({ page: p.page, obs: p.swept.obs })), ...landing], obs, step, observationId, observedAt, ...(interactions ? { interactions } : {}), ...(vantageChecks ? { vantageChecks } : {}), ...(probes?.length ? { probes } : {}) });
    next = { ...next, lastObservationId: observationId };
  }
  // Bot-farm attacks in the interactions; takedowns and shadow-bans after one are linked to it.
  const atk = await pollAttacks(d, { targetId, ref, obs, prev, ...(inter ? { inter } : {}), ...(interactions ? { archived: interactions } : {}), observationId, observedAt, unchanged, added: step.diff.added });
  next = { ...next, ...(atk.ir ? { ir: atk.ir } : {}), attacks: atk.attacks ?? [] };
  if (!next.attacks?.length) delete next.attacks;
  const linkWindow = d.settings.detection.attack.linkWindow;
  const created = linkAttacks(step.created, next.attacks, linkWindow);
  const confirmed = linkAttacks(step.confirmed, next.attacks, linkWindow);
  const linked = new Map([...created, ...confirmed].filter((c) => c.details?.consistentWith).map((c) => [c.id, c]));
  if (linked.size) next = { ...next, open: next.open.map((c) => linked.get(c.id) ?? c) };
  await queuePageEditCaptures(d, targetId, step.created);
  await writeEvents(d, { targetId, spec: input.spec, created, confirmed, dismissed: [...dismissedByProbe, ...step.dismissed], at: observedAt });
  if (obs.state === 'ok' && obs.channel?.channelId && prev.channelId !== obs.channel.channelId) await d.states.claimChannel(obs.channel.channelId, targetId, obs.channel.username.toLowerCase());
  for (const c of step.created) {
    if (c.type === 'account_renamed' && c.target !== targetId && typeof c.details?.to === 'string') await d.states.markRenamed(c.target, c.details.to);
  }
  if (sweepPagesPerPoll(s) > 0) await keepDeep(d, targetId, prev, next, step);
  await d.states.save(targetId, next);
  if (obs.state === 'ok' && scraper.referencedAccounts && step.diff.added.length) {
    await discoverReferenced(d, scraper, s, step.diff.added, ref.key, input.signal);
  }
  log.debug({ state: obs.state, unchanged, created: step.created.length, confirmed: step.confirmed.length }, 'polled');
  return {
    state: obs.state,
    unchanged,
    observationId: unchanged ? undefined : observationId,
    created: step.created.map((c) => c.id),
    confirmed: step.confirmed.map((c) => c.id),
    dismissed: [...dismissedByProbe, ...step.dismissed].map((c) => c.id),
    open: next.open,
  };
}

/**
 * Posts that left the hot state this poll (older than the window, or beyond keepPosts) move to the
 * deep store so the sweep still checks them; confirmed deletions leave it.
 */
async function keepDeep(d: PipelineDeps, targetId: string, prev: TargetState, next: TargetState, step: StepResult): Promise<void> {
  const gone = step.confirmed
    .filter((c) => c.type === 'post_deleted' && c.postKey !== undefined)
    .map((c) => ({ key: c.postKey!, order: c.postOrder ?? orderOf(prev, c.postKey!) }));
  const goneKeys = new Set(gone.map((g) => g.key));
  const keep = new Map<string, KnownPost>();
  const before: [string, KnownPost][] = [
    ...Object.entries(prev.posts).map(([k, digest]): [string, KnownPost] => [k, { digest, order: orderOf(prev, k) }]),
    ...step.diff.added.map((p): [string, KnownPost] => [p.key, { digest: step.diff.digests.get(p.key)!, order: p.order }]),
  ];
  for (const [k, p] of before) if (next.posts[k] === undefined && !goneKeys.has(k) && p.digest) keep.set(k, p);
  await d.states.updateDeep(targetId, keep, gone);
}
