// Interactions (comments, replies) with an account's newest posts: for platforms whose scraper has
// planInteractions/parseInteractions, the newest `interactionsPerPoll` posts of an ok poll get their
// interactions page fetched and parsed. A post whose interactions changed since the last record
// gets its page archived (raw bytes + capture manifest) and its interactions stored as a blob that
// the observation record lists under `interactions`. Best effort: a failed or unreadable page keeps
// the previous record and never fails the poll. A page that only says where the interactions are
// (InteractionsProbe.next: a watch page and its comments API) is followed, and a list's older pages
// (InteractionsProbe.more) are read up to the platform's `interactionsPages`, MAX_INTERACTION_STEPS
// pages in all; every page read is archived.
import { captureKey } from '../archive/keys.js';
import type { ObservationRecord } from '../archive/types.js';
import { jsonBytes } from '../archive/json.js';
import { isVigilError } from '../errors.js';
import { deterministicId, sha256Hex } from '../ids.js';
import { cmpOrder } from '../scrapers/order.js';
import type { FetchStep, Interaction, InteractionsProbe, Observation, PostRecord, Scraper, ScraperSettings, TargetRef } from '../scrapers/types.js';
import type { TargetState } from '../detect/state.js';
import type { FetchResult } from '../fetch/http-fetcher.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { captureManifest } from './archive-poll.js';
import { jobId } from './queues.js';

export type ObservedInteractions = NonNullable<ObservationRecord['interactions']>[number];

/** Pages read for one post's interactions at most (a watch page, its comments, their newest-first sort). */
export const MAX_INTERACTION_STEPS = 4;

interface Read {
  post: PostRecord;
  /** Every page read for them, in order: the pages that led to the list, then the list's own pages. */
  pages: FetchResult[];
  /** Where the list starts (its first page's URL). */
  url: string;
  probe: InteractionsProbe;
  digest: string;
}

export interface InteractionsRead {
  /** postKey → digest of its interactions, for the newest posts read ok (the next poll compares). */
  digests: Record<string, string>;
  /** Posts whose interactions differ from the last record. */
  changed: Read[];
  /** Every post read with a verdict this poll, changed or not (the attack rules read them all). */
  read: Read[];
}

/** Posts per poll (the platform's `interactionsPerPoll` setting; 0 or absent = off). */
export const interactionsPerPoll = (s: ScraperSettings): number => Number(s.interactionsPerPoll ?? 0);

/** Pages of one post's list read per poll (the platform's `interactionsPages`, where it has one; default 1). */
export const interactionsPages = (s: ScraperSettings): number => Math.max(1, Number(s.interactionsPages ?? 1));

/** Pure: an older page's step, sent like the page it follows (its headers and session need; its own URL, method and body). */
export const sentLike = (prev: FetchStep, more: FetchStep): FetchStep => ({
  ...more,
  headers: { ...prev.headers, ...more.headers },
  ...(more.needsSession === undefined && prev.needsSession !== undefined ? { needsSession: prev.needsSession } : {}),
});

/** Pure: two pages of one list as one (the newer page's total; an interaction listed on both counts once). */
export function joinPages(newer: InteractionsProbe, older: InteractionsProbe): InteractionsProbe {
  const keys = new Set(newer.interactions.map((i) => i.key));
  const { more: _m, ...rest } = newer;
  return { ...rest, interactions: [...newer.interactions, ...older.interactions.filter((i) => !keys.has(i.key))], ...(newer.total === undefined && older.total !== undefined ? { total: older.total } : {}) };
}

/**
 * Pure: the platforms whose interactions are read each poll (`interactionsPerPoll` > 0) but shown
 * only to logged-in viewers, with no session of the platform configured: every read would end at a
 * login wall (no verdict), so attacks there would go unseen without a word.
 */
export function interactionsWithoutSession(list: Iterable<Scraper<ScraperSettings>>, platforms: Readonly<Record<string, ScraperSettings>>, sessions: ReadonlyArray<{ platform: string }>): string[] {
  const out: string[] = [];
  for (const sc of list) {
    const s = platforms[sc.platform];
    if (sc.planInteractions && sc.interactionsNeedSession && s && interactionsPerPoll(s) > 0 && !sessions.some((x) => x.platform === sc.platform)) out.push(sc.platform);
  }
  return out;
}

/**
 * What of the interactions is compared between polls: everything but the avatar's URL (signed,
 * rotating) and times estimated from relative wording (`atShown`); the order they are listed in does
 * not matter.
 */
export function interactionsDigest(probe: InteractionsProbe): string {
  const stable = (i: Interaction) => {
    const { avatarUrl: _u, ...author } = i.author;
    // A time estimated from relative wording ("5 mins") drifts between polls: not a change.
    if (i.atShown !== undefined) {
      const { at: _a, atShown: _s, ...rest } = i;
      return { ...rest, author };
    }
    return { ...i, author };
  };
  const list = [...probe.interactions].sort((a, b) => cmpOrder(/^\d+$/.test(a.key) ? a.key : '0', /^\d+$/.test(b.key) ? b.key : '0') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sha256Hex(jsonBytes({ state: probe.state, total: probe.total ?? null, interactions: list.map(stable) }));
}

export async function readInteractions(d: PipelineDeps, prev: TargetState, obs: Observation, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, signal?: AbortSignal): Promise<InteractionsRead | undefined> {
  const n = interactionsPerPoll(s);
  if (n <= 0 || obs.state !== 'ok' || !scraper.planInteractions || !scraper.parseInteractions) return undefined;
  const newest = [...obs.posts].filter((p) => !p.service).sort((a, b) => cmpOrder(b.order, a.order)).slice(0, n);
  const out: InteractionsRead = { digests: {}, changed: [], read: [] };
  for (const post of newest) {
    const first = scraper.planInteractions(ref, s, post);
    if (!first) continue;
    const keepPrev = () => {
      if (prev.interactions?.[post.key]) out.digests[post.key] = prev.interactions[post.key];
    };
    const pages: FetchResult[] = [];
    let probe: InteractionsProbe | undefined;
    // The list's pages read so far, joined (InteractionsProbe.more); a later page that fails keeps them.
    let joined: InteractionsProbe | undefined;
    let listPages = 0;
    let listUrl = '';
    let step: FetchStep | undefined = first;
    let failed = false;
    for (let i = 0; step && i < MAX_INTERACTION_STEPS; i++) {
      try {
        pages.push(await d.fetcher.fetch(step, { signal }));
      } catch (e) {
        // A step the page itself led to (i > 0) that is refused (oversized, a blocked address) is
        // no verdict like a transient failure: a page's content never fails the poll.
        if (signal?.aborted || !isVigilError(e) || (!e.retryable && i === 0)) throw e;
        d.log.warn({ err: e, targetId: ref.spec, post: post.key, step: i }, 'interactions page failed');
        failed = !joined;
        break;
      }
      probe = scraper.parseInteractions(pages.at(-1)!, ref, post);
      if (probe.next) {
        step = probe.next;
        continue;
      }
      if (joined && probe.state !== 'ok') {
        // An older page that says nothing: what the newer pages listed stands (and is what is archived).
        pages.pop();
        break;
      }
      if (!joined) listUrl = pages.at(-1)!.finalUrl;
      joined = joined ? joinPages(joined, probe) : probe;
      listPages++;
      step = probe.state === 'ok' && probe.more && listPages < interactionsPages(s) ? sentLike(step, probe.more) : undefined;
    }
    if (joined) probe = joined;
    // A failed page, an unreadable answer, or a walk longer than allowed: the previous record stands.
    if (failed || !probe || probe.next || probe.state === 'no_verdict') {
      if (probe?.next) d.log.warn({ targetId: ref.spec, post: post.key, steps: pages.length }, 'interactions need more steps than allowed');
      keepPrev();
      continue;
    }
    const digest = interactionsDigest(probe);
    out.digests[post.key] = digest;
    const r: Read = { post, pages, probe, digest, url: listUrl };
    out.read.push(r);
    if (prev.interactions?.[post.key] !== digest) out.changed.push(r);
  }
  return out;
}

/** Archives the changed posts' pages and interactions; returns the entries for the observation record. */
export async function archiveInteractions(d: PipelineDeps, c: { targetId: string; platform: string; jobKey: string; jobTime: number; observedAt: string }, changed: readonly Read[]): Promise<ObservedInteractions[]> {
  const out: ObservedInteractions[] = [];
  for (const r of changed) {
    // Every page read is evidence; the last one (which lists them) keeps the id it always had.
    const ids: string[] = [];
    for (const [i, pg] of r.pages.entries()) {
      const last = i === r.pages.length - 1;
      const bytes = await d.archive.putBlob(pg.body, pg.headers['content-type'] ?? 'text/html');
      const m = captureManifest(deterministicId(c.jobTime, last ? `${c.jobKey}|icap|${r.post.key}` : `${c.jobKey}|icap|${r.post.key}|${i}`), c.targetId, pg, bytes, d.vantage);
      await d.archive.putCapture(m);
      await d.queues.index.add('capture', { kind: 'capture', key: captureKey(m.id) }, { jobId: jobId('idx', 'cap', m.id), removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 500 } });
      ids.push(m.id);
    }
    const capture = ids.at(-1)!;
    const body = { v: 1, platform: c.platform, target: c.targetId, postId: r.post.id, postKey: r.post.key, url: r.url, observedAt: c.observedAt, state: r.probe.state, ...(r.probe.total !== undefined ? { total: r.probe.total } : {}), ...(r.probe.reason ? { reason: r.probe.reason } : {}), interactions: r.probe.interactions };
    const blob = await d.archive.putBlob(jsonBytes(body), 'application/json');
    out.push({ postId: r.post.id, postKey: r.post.key, state: r.probe.state === 'none' ? 'none' : 'ok', count: r.probe.interactions.length, ...(r.probe.total !== undefined ? { total: r.probe.total } : {}), sha256: blob.sha256, capture, ...(ids.length > 1 ? { captures: ids } : {}) });
  }
  return out;
}
