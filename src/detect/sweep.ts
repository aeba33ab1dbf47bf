// The history sweep: besides the re-scan window (newest page + rescanPages), each poll re-reads a
// few older listing pages in rotation, so a deletion anywhere in the history is seen within
// ceil(pages / sweepPagesPerPoll) polls. The cursor lives in the hot state (TargetState.sweep).
// Candidates found there go through the usual path (probe of the direct URL, agreeing
// observations minSpan apart); the page of an open one is re-read each poll until it settles.
// Pure: cursors, covered ranges, findings, stances.
import type { Observation } from '../scrapers/types.js';
import { isServiceDigest } from './digest.js';
import { agreeWith, openCandidate, settle, type ConfirmPolicy } from './confirm.js';
import type { DetectContext, Finding } from './rules.js';
import type { OpenCandidate, TargetState } from './state.js';

export const SWEEP_RULE = 'listing.missing_in_swept_range';

export interface Range {
  min: number;
  max: number;
}

/** One older listing page read this poll, with the cursor it was read with. */
export interface SweptPage {
  /** Numeric listing cursor (Telegram `?before=N`): the page shows the newest posts below it. */
  before: number;
  obs: Observation;
  kind: 'rotation' | 'recheck';
}

const numeric = (c: string | undefined): number | undefined => (c !== undefined && /^\d+$/.test(c) ? Number(c) : undefined);

/**
 * Where this poll's sweep starts: the saved cursor, or right below the re-scan window when none is
 * saved (first sweep, or after a wrap) or the saved one is not below the window any more.
 * Undefined when the window already reaches the first post (nothing older to sweep).
 */
export function sweepStart(saved: number | undefined, window: Pick<Observation, 'olderCursor' | 'reachedStart'>): number | undefined {
  const w = numeric(window.olderCursor);
  if (w === undefined || window.reachedStart) return undefined;
  return saved !== undefined && saved <= w ? saved : w;
}

/** The cursor of the page after `page`, or undefined when `page` reaches the start (wrap around). */
export function nextCursor(page: Observation): number | undefined {
  return page.reachedStart ? undefined : numeric(page.olderCursor);
}

/**
 * Numbers a swept page vouches for: from its oldest post up to just below its cursor. A post in
 * between that is not shown is gone, since the page lists every post below the cursor, newest first.
 */
export function sweptRange(p: SweptPage): Range | undefined {
  if (p.obs.state !== 'ok' || !p.obs.range) return undefined;
  return { min: p.obs.range.min, max: Math.max(p.obs.range.max, p.before - 1) };
}

const inAny = (n: number, ranges: Range[]): boolean => ranges.some((r) => n >= r.min && n <= r.max);

/** Every number the swept pages show (album members folded into their first post included). */
export function sweptPresent(pages: SweptPage[]): Set<number> {
  const out = new Set<number>();
  for (const p of pages) {
    if (p.obs.state !== 'ok') continue;
    for (const post of p.obs.posts) for (const n of [post.num, ...(post.groupedIds ?? [])]) out.add(n);
  }
  return out;
}

/** Open listing deletions of posts outside every range read this poll (their page needs a re-read), newest first. */
export function needRecheck(open: OpenCandidate[], covered: Range[]): number[] {
  const nums = open.filter((c) => c.type === 'post_deleted' && c.postNum !== undefined && !c.rule.startsWith('feed.') && !inAny(c.postNum, covered)).map((c) => c.postNum!);
  return [...new Set(nums)].sort((a, b) => b - a);
}

/** Known posts (num -> digest) inside a swept range but absent from every swept page. */
export function sweptMissing(known: Map<number, string>, pages: SweptPage[]): { num: number; page: SweptPage; range: Range }[] {
  const present = sweptPresent(pages);
  const out: { num: number; page: SweptPage; range: Range }[] = [];
  const done = new Set<number>();
  for (const page of pages) {
    const r = sweptRange(page);
    if (!r) continue;
    for (const [num, digest] of known) {
      if (num < r.min || num > r.max || present.has(num) || done.has(num) || isServiceDigest(digest)) continue;
      done.add(num);
      out.push({ num, page, range: r });
    }
  }
  return out.sort((a, b) => a.num - b.num);
}

/** Whether the swept pages say anything (a known post gone, or about an open deletion): then they are archived. */
export function sweepBears(known: Map<number, string>, pages: SweptPage[], open: OpenCandidate[]): boolean {
  const ranges = pages.map(sweptRange).filter((r): r is Range => r !== undefined);
  const present = sweptPresent(pages);
  if (open.some((c) => c.type === 'post_deleted' && c.postNum !== undefined && !c.rule.startsWith('feed.') && (present.has(c.postNum) || inAny(c.postNum, ranges)))) return true;
  return sweptMissing(known, pages).length > 0;
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
export function sweepStep(state: TargetState, known: Map<number, string>, pages: SweptPage[], ctx: DetectContext, policy: ConfirmPolicy, username: string, settled: OpenCandidate[] = []): SweepStepResult {
  const ranges = pages.map(sweptRange).filter((r): r is Range => r !== undefined);
  const present = sweptPresent(pages);
  const open: OpenCandidate[] = [];
  const dismissed: OpenCandidate[] = [];
  for (const c of state.open) {
    const listingDeletion = c.type === 'post_deleted' && c.postNum !== undefined && !c.rule.startsWith('feed.');
    if (listingDeletion && present.has(c.postNum!)) dismissed.push(c);
    else open.push(listingDeletion && inAny(c.postNum!, ranges) ? agreeWith(c, ctx) : c);
  }
  const created: OpenCandidate[] = [];
  for (const m of sweptMissing(known, pages)) {
    const f: Finding = {
      key: `post_deleted:${m.num}`,
      type: 'post_deleted',
      target: ctx.targetId,
      postId: `${username}/${m.num}`,
      postNum: m.num,
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
