// The history sweep: besides the re-scan window (newest page + rescanPages), each poll re-reads a
// few older listing pages in rotation, so a deletion anywhere in the history is seen within
// ceil(pages / sweepPagesPerPoll) polls. The cursor lives in the hot state (TargetState.sweep).
// Candidates found there go through the usual path (probe of the direct URL, agreeing
// observations minSpan apart); the page of an open one is re-read each poll until it settles.
// Pure: cursors, covered ranges, findings, stances. How cursors relate to post orders is the
// platform's answer (Scraper.history).
import type { HistoryWalk, Observation } from '../scrapers/types.js';
import { cmpKey, cmpOrder, inRange, maxOrder, type OrderRange } from '../scrapers/order.js';
import { isServiceDigest } from './digest.js';
import { agreeWith, openCandidate, settle, type ConfirmPolicy } from './confirm.js';
import type { DetectContext, Finding } from './rules.js';
import type { OpenCandidate, TargetState } from './state.js';

export const SWEEP_RULE = 'listing.missing_in_swept_range';

export type Range = OrderRange;

/** One older listing page read this poll, with the cursor it was read with. */
export interface SweptPage {
  /** The platform's listing cursor (Telegram `?before=N`): the page shows the newest posts below it. */
  before: string;
  obs: Observation;
  kind: 'rotation' | 'recheck';
}

/** A post the state knows (hot or deep store): its digest and order. */
export interface KnownPost {
  digest: string;
  order: string;
}

/**
 * Where this poll's sweep starts: the saved cursor, or right below the re-scan window when none is
 * saved (first sweep, or after a wrap) or the saved one is not below the window any more.
 * Undefined when the window already reaches the first post (nothing older to sweep).
 */
export function sweepStart(saved: string | undefined, window: Pick<Observation, 'olderCursor' | 'reachedStart'>, h: HistoryWalk): string | undefined {
  const w = window.olderCursor;
  if (w === undefined || window.reachedStart) return undefined;
  if (saved === undefined) return w;
  const sc = h.ceiling(saved);
  const wc = h.ceiling(w);
  return sc !== undefined && wc !== undefined && cmpOrder(sc, wc) <= 0 ? saved : w;
}

/** The cursor of the page after `page`, or undefined when `page` reaches the start (wrap around). */
export function nextCursor(page: Observation): string | undefined {
  return page.reachedStart ? undefined : page.olderCursor;
}

/**
 * Orders a swept page vouches for: from its oldest post up to its cursor's ceiling. A post in
 * between that is not shown is gone, since the page lists every post below the cursor, newest first.
 */
export function sweptRange(p: SweptPage, h: HistoryWalk): Range | undefined {
  if (p.obs.state !== 'ok' || !p.obs.range) return undefined;
  const ceiling = h.ceiling(p.before);
  return { min: p.obs.range.min, max: ceiling === undefined ? p.obs.range.max : maxOrder(p.obs.range.max, ceiling) };
}

const inAny = (o: string, ranges: Range[]): boolean => ranges.some((r) => inRange(o, r));

/** Every key the swept pages show (album members folded into their first post included). */
export function sweptPresent(pages: SweptPage[]): Set<string> {
  const out = new Set<string>();
  for (const p of pages) {
    if (p.obs.state !== 'ok') continue;
    for (const post of p.obs.posts) for (const k of [post.key, ...(post.groupedKeys ?? [])]) out.add(k);
  }
  return out;
}

/** An open deletion found in a range listing (not a feed's): the sweep can agree with or dismiss it. */
const listingDeletion = (c: OpenCandidate): c is OpenCandidate & { postKey: string; postOrder: string } =>
  c.type === 'post_deleted' && c.postKey !== undefined && c.postOrder !== undefined && !c.rule.startsWith('feed.');

/** Orders of open listing deletions outside every range read this poll (their page needs a re-read), newest first. */
export function needRecheck(open: OpenCandidate[], covered: Range[]): string[] {
  const orders = open.filter(listingDeletion).filter((c) => !inAny(c.postOrder, covered)).map((c) => c.postOrder);
  return [...new Set(orders)].sort((a, b) => cmpOrder(b, a));
}

/** Known posts (key -> digest, order) inside a swept range but absent from every swept page. */
export function sweptMissing(known: Map<string, KnownPost>, pages: SweptPage[], h: HistoryWalk): { key: string; order: string; page: SweptPage; range: Range }[] {
  const present = sweptPresent(pages);
  const out: { key: string; order: string; page: SweptPage; range: Range }[] = [];
  const done = new Set<string>();
  for (const page of pages) {
    const r = sweptRange(page, h);
    if (!r) continue;
    for (const [key, k] of known) {
      if (present.has(key) || done.has(key) || isServiceDigest(k.digest) || !inRange(k.order, r)) continue;
      done.add(key);
      out.push({ key, order: k.order, page, range: r });
    }
  }
  return out.sort((a, b) => cmpOrder(a.order, b.order) || cmpKey(a.key, b.key));
}

/** Whether the swept pages say anything (a known post gone, or about an open deletion): then they are archived. */
export function sweepBears(known: Map<string, KnownPost>, pages: SweptPage[], open: OpenCandidate[], h: HistoryWalk): boolean {
  const ranges = pages.map((p) => sweptRange(p, h)).filter((r): r is Range => r !== undefined);
  const present = sweptPresent(pages);
  if (open.filter(listingDeletion).some((c) => present.has(c.postKey) || inAny(c.postOrder, ranges))) return true;
  return sweptMissing(known, pages, h).length > 0;
}

export interface SweepStepResult {
  next: TargetState;
  created: OpenCandidate[];
  confirmed: OpenCandidate[];
  dismissed: OpenCandidate[];
}

/**
 * The swept pages' bearing on the state the main detection step produced: a post shown again
 * dismisses its deletion candidate, a post still missing from a page that covers it agrees, a
 * known post missing from a covered range is a new `post_deleted` candidate. Then settle.
 * `settled`: candidates the main step confirmed or dismissed in this same poll; their posts get
 * no new candidate (a deletion confirmed a moment ago is not found again).
 */
export function sweepStep(state: TargetState, known: Map<string, KnownPost>, pages: SweptPage[], ctx: DetectContext, policy: ConfirmPolicy, username: string, h: HistoryWalk, settled: OpenCandidate[] = []): SweepStepResult {
  const ranges = pages.map((p) => sweptRange(p, h)).filter((r): r is Range => r !== undefined);
  const present = sweptPresent(pages);
  const open: OpenCandidate[] = [];
  const dismissed: OpenCandidate[] = [];
  for (const c of state.open) {
    const deletion = listingDeletion(c);
    if (deletion && present.has(c.postKey)) dismissed.push(c);
    else open.push(deletion && inAny(c.postOrder, ranges) ? agreeWith(c, ctx) : c);
  }
  const created: OpenCandidate[] = [];
  for (const m of sweptMissing(known, pages, h)) {
    const f: Finding = {
      key: `post_deleted:${m.key}`,
      type: 'post_deleted',
      target: ctx.targetId,
      postId: `${username}/${m.key}`,
      postKey: m.key,
      postOrder: m.order,
      rule: SWEEP_RULE,
      confidence: 0.75,
      details: { range: m.range, before: m.page.before },
    };
    if ([...open, ...settled].some((c) => c.key === f.key && c.target === f.target)) continue;
    const c = openCandidate(f, state, ctx);
    created.push(c);
    open.push(c);
  }
  const done = settle({ ...state, open }, policy);
  return { next: done.state, created, confirmed: done.confirmed, dismissed };
}
