// Rename discovery: usernames that watched channels forward from or link to get one cheap probe
// of their listing (`/s/<name>`), cached for a day, so the channelId index learns where an
// unwatched renamed channel went. Best effort: a failed probe never fails the poll.
import { referencedUsernames } from '../detect/index.js';
import { NO_VERDICT_STATES, type PostRecord, type Scraper, type ScraperSettings } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

const DAY_MS = 86_400_000;
/** New usernames probed per poll; the rest wait in the pending set. */
const PER_POLL = 3;
/** Shared budget of discovery probes per minute (all workers), so forwards never flood t.me. */
const PER_MINUTE = 30;
/** Pending usernames re-probed before an account_deleted candidate of a target is confirmed. */
const REPROBE_MAX = 10;

type Outcome = 'channel' | 'none' | 'no_verdict';

/** Probe one username; on a channel id, teach the index (and flag a rename of a watched target). */
export async function probeUsername(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, name: string, signal?: AbortSignal): Promise<Outcome> {
  const log = d.log.child({ component: 'rename-discovery', username: name });
  const ref = scraper.match(`${scraper.platform}:${name}`);
  if (!ref) {
    await d.states.removePending(name);
    return 'none';
  }
  try {
    const page = await d.fetcher.fetch(scraper.planListing(ref, s), { signal });
    const c = scraper.classify(page);
    if (NO_VERDICT_STATES.has(c.state)) return 'no_verdict';
    if (c.state !== 'ok' && c.state !== 'empty') {
      // Nothing there (yet): stays pending, so an open account_deleted re-probes it.
      await d.states.cacheChannel(name, null, DAY_MS);
      return 'none';
    }
    const id = scraper.parse(page, ref).channel?.channelId ?? null;
    await d.states.cacheChannel(name, id, DAY_MS);
    await d.states.removePending(name);
    if (!id) return 'none';
    const owner = await d.states.channelOwner(id);
    if (owner && owner.username?.toLowerCase() !== name) {
      await d.states.markDiscovered(owner.targetId, name);
      await d.states.learnUsername(id, name);
      log.info({ channelId: id, targetId: owner.targetId, from: owner.username }, 'rename discovered');
    }
    return 'channel';
  } catch (e) {
    if (signal?.aborted) throw e;
    log.warn({ err: e }, 'discovery probe failed');
    return 'no_verdict';
  }
}

/** After an ok poll: queue usernames the new posts reference and probe a few of them. */
export async function discoverReferenced(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, posts: readonly PostRecord[], self: string, signal?: AbortSignal): Promise<void> {
  const fresh: string[] = [];
  for (const n of referencedUsernames(posts, self)) if ((await d.states.cachedChannel(n)) === undefined) fresh.push(n);
  if (fresh.length === 0) return;
  await d.states.addPending(fresh);
  for (const n of fresh.slice(0, PER_POLL)) {
    if (!(await d.states.takeProbeBudget(PER_MINUTE))) break;
    await probeUsername(d, scraper, s, n, signal);
  }
}

/** Before confirming a deletion: the vanished channel may be one of the pending names by now. */
export async function reprobePending(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, signal?: AbortSignal): Promise<void> {
  for (const n of await d.states.pending(REPROBE_MAX)) {
    if (!(await d.states.takeProbeBudget(PER_MINUTE))) break;
    await probeUsername(d, scraper, s, n, signal);
  }
}
