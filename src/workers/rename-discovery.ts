// Rename discovery: accounts that watched accounts forward from or link to (the platform's
// Scraper.referencedAccounts) get one cheap probe of their listing, cached for a day, so the
// channelId index learns where an unwatched renamed account went. Best effort: a failed probe never
// fails the poll. Names are kept as specs (`<platform>:<name>`) in Redis, so platforms never mix.
import { NO_VERDICT_STATES, type PostRecord, type Scraper, type ScraperSettings } from '../scrapers/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

const DAY_MS = 86_400_000;
/** New names probed per poll; the rest wait in the pending set. */
const PER_POLL = 3;
/** Shared budget of discovery probes per minute (all workers), so forwards never flood a platform. */
const PER_MINUTE = 30;
/** Pending names re-probed before an account_deleted candidate of a target is confirmed. */
const REPROBE_MAX = 10;

type Outcome = 'channel' | 'none' | 'no_verdict';

const specOf = (scraper: Scraper<ScraperSettings>, name: string): string => `${scraper.platform}:${name}`;

/**
 * The account name of a pending entry, when it is this platform's. Entries written before names
 * were specs are bare names; only the platform that had rename discovery then wrote them.
 */
function nameOf(scraper: Scraper<ScraperSettings>, entry: string): string | undefined {
  const i = entry.indexOf(':');
  if (i < 0) return entry;
  return entry.slice(0, i) === scraper.platform ? entry.slice(i + 1) : undefined;
}

/** Probe one account name; on a channel id, teach the index (and flag a rename of a watched target). */
export async function probeUsername(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, name: string, signal?: AbortSignal, entry = specOf(scraper, name)): Promise<Outcome> {
  const log = d.log.child({ component: 'rename-discovery', username: name, platform: scraper.platform });
  const spec = specOf(scraper, name);
  const ref = scraper.match(spec);
  if (!ref) {
    await d.states.removePending(entry);
    return 'none';
  }
  try {
    const page = await d.fetcher.fetch(scraper.planListing(ref, s), { signal });
    const c = scraper.classify(page);
    if (NO_VERDICT_STATES.has(c.state)) return 'no_verdict';
    if (c.state !== 'ok' && c.state !== 'empty') {
      // Nothing there (yet): stays pending, so an open account_deleted re-probes it.
      await d.states.cacheChannel(spec, null, DAY_MS);
      return 'none';
    }
    const id = scraper.parse(page, ref).channel?.channelId ?? null;
    await d.states.cacheChannel(spec, id, DAY_MS);
    await d.states.removePending(entry);
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

/** After an ok poll: queue names the new posts reference and probe a few of them. */
export async function discoverReferenced(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, posts: readonly PostRecord[], self: string, signal?: AbortSignal): Promise<void> {
  if (!scraper.referencedAccounts) return;
  const fresh: string[] = [];
  for (const n of scraper.referencedAccounts(posts)) {
    if (n !== self && (await d.states.cachedChannel(specOf(scraper, n))) === undefined) fresh.push(n);
  }
  if (fresh.length === 0) return;
  await d.states.addPending(fresh.map((n) => specOf(scraper, n)));
  for (const n of fresh.slice(0, PER_POLL)) {
    if (!(await d.states.takeProbeBudget(PER_MINUTE))) break;
    await probeUsername(d, scraper, s, n, signal);
  }
}

/** Before confirming a deletion: the vanished account may be one of the pending names by now. */
export async function reprobePending(d: PipelineDeps, scraper: Scraper<ScraperSettings>, s: ScraperSettings, signal?: AbortSignal): Promise<void> {
  for (const entry of await d.states.pending(REPROBE_MAX)) {
    const name = nameOf(scraper, entry);
    if (name === undefined) continue;
    if (!(await d.states.takeProbeBudget(PER_MINUTE))) break;
    await probeUsername(d, scraper, s, name, signal, entry);
  }
}
