// reach_drop: robust baseline at equal post age; confirmation through the candidate machinery.
import { describe, expect, it } from 'vitest';
import { judgeReach, reachSignal, type ReachPolicy, type ReachState } from '../../../src/detect/reach.js';
import { mad, median, robustZ } from '../../../src/detect/robust.js';
import { signalStep } from '../../../src/detect/signals.js';
import { emptyState, type TargetState } from '../../../src/detect/state.js';
import { okObs, post } from './helpers.js';

const H = 3_600_000;
const policy: ReachPolicy = { buckets: [H, 6 * H], window: 30, minBaseline: 6, ratio: 0.3, z: 3, minPosts: 3 };
const confirm = { minObservations: 2, minSpanMs: 2 * H };
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** Post n published at n hours after T0 with these views. */
const p = (n: number, views: number) => post(n, `post ${n}`, { views, publishedAt: iso(T0 + n * H) });

/** Observe posts 1..n at time `at` with views from `viewsOf`. */
function observe(state: ReachState | undefined, n: number, at: number, viewsOf: (i: number) => number) {
  const posts = Array.from({ length: n }, (_, i) => p(i + 1, viewsOf(i + 1))).filter((x) => Date.parse(x.publishedAt!) <= at);
  const obs = okObs(posts);
  return { ...judgeReach(state, obs, iso(at), policy), obs, at: iso(at) };
}

describe('robust statistics', () => {
  it('median and MAD ignore one outlier', () => {
    expect(median([1, 2, 3, 4, 1000])).toBe(3);
    expect(mad([1, 2, 3, 4, 1000])).toBe(1);
    expect(robustZ(3, [1, 2, 3, 4, 1000])).toBe(0);
    expect(robustZ(-10, [1, 2, 3, 4, 1000])).toBeLessThan(-5);
  });
});

describe('reach_drop', () => {
  // Normal posts get ~1000 views (±10 %) at one hour; one viral post (20 000) does not move the baseline.
  const normal = (i: number) => (i === 4 ? 20_000 : 950 + ((i * 37) % 100));

  it('learns a baseline, judges each post once per age bucket, and stays quiet for normal views', () => {
    let st: ReachState | undefined;
    const signals: string[] = [];
    for (let t = 2; t <= 12; t++) {
      const r = observe(st, t, T0 + t * H + 1, normal);
      st = r.next;
      signals.push(reachSignal(st, r.obs, r.at, policy).verdict);
    }
    expect(st!.b['0']!.length).toBeGreaterThanOrEqual(6);
    expect(signals).not.toContain('positive');
    // A second look at the same age judges nothing new.
    const again = observe(st, 12, T0 + 12 * H + 2, normal);
    expect(again.judged).toEqual([]);
  });

  it('fires when the newest posts fall far below the baseline at equal age, and confirms over repeated polls', () => {
    const drop = (i: number) => (i > 12 ? 80 + i : normal(i));
    let st: ReachState | undefined;
    let ts: TargetState = { ...emptyState(), state: 'ok', lastOkAt: iso(T0) };
    const verdicts: string[] = [];
    const confirmed: string[] = [];
    for (let t = 2; t <= 19; t++) {
      const at = T0 + t * H + 1;
      const r = observe(st, t, at, drop);
      st = r.next;
      const sig = reachSignal(st, r.obs, r.at, policy);
      verdicts.push(sig.verdict);
      const step = signalStep(ts, [sig], { targetId: 't1', observationId: `o${t}`, observedAt: iso(at) }, confirm);
      ts = step.next;
      confirmed.push(...step.confirmed.map((c) => c.type));
    }
    expect(verdicts.slice(0, 12)).not.toContain('positive');
    expect(verdicts).toContain('positive');
    expect(confirmed).toEqual(['reach_drop']);
    expect(ts.held?.reach_drop).toBeDefined();
    // Low views never enter the baseline.
    expect(Math.min(...st!.b['0']!)).toBeGreaterThan(900);
    // Views back to normal: negative, the held drop ends.
    let recovered = false;
    for (let t = 20; t <= 24; t++) {
      const r = observe(st, t, T0 + t * H + 1, (i) => (i >= 20 ? 1000 : drop(i)));
      st = r.next;
      const step = signalStep(ts, [reachSignal(st, r.obs, r.at, policy)], { targetId: 't1', observationId: `o${t}`, observedAt: iso(T0 + t * H + 1) }, confirm);
      ts = step.next;
      if (step.lifted.includes('reach_drop')) recovered = true;
    }
    expect(recovered).toBe(true);
    expect(ts.held).toBeUndefined();
  });

  it('says nothing without a baseline (a new account) or without views', () => {
    const r = observe(undefined, 3, T0 + 3 * H + 1, () => 5);
    expect(reachSignal(r.next, r.obs, r.at, policy).verdict).toBe('none');
    const noViews = judgeReach(undefined, okObs([post(1, 'x', { views: undefined, publishedAt: iso(T0) })]), iso(T0 + 2 * H), policy);
    expect(noViews.judged).toEqual([]);
  });

  it('judges a post whose listing printed its time only while it was young (YouTube: "5 minutes ago", later "3 hours ago")', () => {
    const young = post(50, 'new video', { views: 10, publishedAt: iso(T0 - 5 * 60_000) });
    const older = post(40, 'old video', { views: 900 }); // "2 days ago": no time printed
    const first = judgeReach(undefined, okObs([older, young]), iso(T0), policy);
    expect(first.judged).toEqual([]); // too young for the first bucket
    expect(first.next.p).toEqual({ [young.key]: T0 - 5 * 60_000 });
    // Two hours later the tab prints "2 hours ago": no time, judged at the 1 h bucket all the same.
    const later = judgeReach(first.next, okObs([older, { ...young, publishedAt: undefined, views: 400 }]), iso(T0 + 2 * H), policy);
    expect(later.judged).toEqual([expect.objectContaining({ key: young.key, bucket: 0, views: 400 })]);
    expect(later.next.p).toEqual({ [young.key]: T0 - 5 * 60_000 });
    // Never seen with a time: never judged.
    expect(judgeReach(undefined, okObs([older, { ...young, publishedAt: undefined }]), iso(T0 + 2 * H), policy).judged).toEqual([]);
  });

  it('keeps no publication times for listings that always print them', () => {
    const r = observe(undefined, 8, T0 + 9 * H, () => 1000);
    expect(r.judged.length).toBeGreaterThan(0);
    expect(r.next.p).toBeUndefined();
  });
});
