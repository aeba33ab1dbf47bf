// The history sweep's pure rules: where the rotation starts and wraps, what a swept page vouches
// for, which known posts it shows gone, and how its candidates agree, confirm and get dismissed.
import { describe, expect, it } from 'vitest';
import { applyProbe, emptyState, postDigest, type TargetState } from '../../../src/detect/index.js';
import { needRecheck, nextCursor, SWEEP_RULE, sweepBears, sweepStart, sweepStep, sweptMissing, sweptRange, type KnownPost, type SweptPage } from '../../../src/detect/sweep.js';
import { telegramContent, telegramScraper } from '../../../src/scrapers/telegram/index.js';
import { okObs, post } from './helpers.js';

// Telegram's history walk: `?before=N` lists the posts below N.
const h = telegramScraper.history!;
const page = (before: number, nums: number[], extra: Parameters<typeof okObs>[1] = {}): SweptPage => ({
  before: String(before),
  kind: 'rotation',
  obs: okObs(nums.map((n) => post(n)), { olderCursor: String(Math.min(...nums)), ...extra }),
});
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const known = (nums: number[]): Map<string, KnownPost> => new Map(nums.map((n) => [String(n), { digest: postDigest(post(n), telegramContent), order: String(n) }]));
const r = (min: number, max: number) => ({ min: String(min), max: String(max) });
const policy = { minObservations: 2, minSpanMs: 60_000 };
const ctx = (at: string, obsId: string) => ({ targetId: 'chan', observationId: obsId, observedAt: at });
const base = (): TargetState => ({ ...emptyState(), state: 'ok', lastOkAt: '2026-01-01T00:00:00Z', lastObservationId: 'obs0' });

describe('sweep cursor', () => {
  const window = { olderCursor: '36', reachedStart: false };
  it('starts right below the window, keeps a saved cursor below it, restarts when the saved one is not below', () => {
    expect(sweepStart(undefined, window, h)).toBe('36');
    expect(sweepStart('16', window, h)).toBe('16');
    expect(sweepStart('36', window, h)).toBe('36');
    expect(sweepStart('50', window, h)).toBe('36');
    // Compared as numbers, not as text ("9" < "36").
    expect(sweepStart('9', window, h)).toBe('9');
    expect(sweepStart('400', window, h)).toBe('36');
  });
  it('has nothing to sweep when the window reaches the first post; an unreadable saved cursor restarts below the window', () => {
    expect(sweepStart('16', { olderCursor: undefined, reachedStart: true }, h)).toBeUndefined();
    expect(sweepStart('abc', window, h)).toBe('36');
  });
  it('moves to the page below, and wraps (undefined) at the first post', () => {
    expect(nextCursor(page(36, range(16, 35)).obs)).toBe('16');
    expect(nextCursor(page(16, range(1, 15), { reachedStart: true, olderCursor: undefined }).obs)).toBeUndefined();
  });
});

describe('swept pages', () => {
  it('vouch for every number from their oldest post up to just below their cursor', () => {
    // 34 and 35 were the newest below 36 and are gone: the page then ends at 33.
    expect(sweptRange(page(36, range(14, 33)), h)).toEqual(r(14, 35));
    expect(sweptRange({ ...page(36, [20]), obs: { ...page(36, [20]).obs, state: 'rate_limited', range: undefined } }, h)).toBeUndefined();
  });

  it('show known posts gone inside their range only, never service messages or album members', () => {
    const k = known([...range(10, 40)]);
    k.set('25', { digest: 's' + 'x'.repeat(15), order: '25' }); // a service message ("channel created") that the page omits
    const withAlbum = page(36, [...range(14, 29).filter((n) => n !== 21), 33], {});
    withAlbum.obs.posts.find((p) => p.key === '33')!.groupedKeys = ['34', '35'];
    // 21, 30, 31, 32 are missing; 34/35 are album members of 33; 25 is a service message; 10-13 and 36+ are outside.
    expect(sweptMissing(k, [withAlbum], h).map((m) => m.key)).toEqual(['21', '30', '31', '32']);
  });

  it('bear on the state when a known post is gone or an open deletion is in range, not otherwise', () => {
    const p = page(36, range(16, 35));
    expect(sweepBears(known(range(1, 75)), [p], [], h)).toBe(false);
    expect(sweepBears(known(range(1, 75)), [page(36, range(16, 35).filter((n) => n !== 30))], [], h)).toBe(true);
    const s = sweepStep(base(), known([30]), [page(36, range(16, 35).filter((n) => n !== 30))], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    expect(sweepBears(new Map(), [p], s.next.open, h)).toBe(true); // shown again: the candidate is dismissed
  });
});

describe('sweepStep', () => {
  const gone = page(36, range(16, 35).filter((n) => n !== 30));
  const k = known(range(1, 75));

  it('opens a post_deleted candidate for a known post gone from a swept page', () => {
    const res = sweepStep(base(), k, [gone], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    expect(res.created).toHaveLength(1);
    expect(res.created[0]).toMatchObject({ type: 'post_deleted', postId: 'chan/30', postKey: '30', postOrder: '30', rule: SWEEP_RULE, agree: 1, evidence: ['obs0', 'obs1'] });
    expect(res.created[0].details).toEqual({ range: r(16, 35), before: '36' });
    expect(res.confirmed).toEqual([]);
  });

  it('confirms only after the direct URL said missing and a re-read minSpan later agrees', () => {
    const r1 = sweepStep(base(), k, [gone], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    const id = r1.created[0].id;
    // Too early: agreeing 10 s later is not enough, even with the probe done.
    const probed = applyProbe(r1.next, id, { state: 'missing' }).state;
    const early = sweepStep(probed, k, [{ ...gone, kind: 'recheck', before: '31' }], ctx('2026-01-01T00:00:10Z', 'obs2'), policy, 'chan', h);
    expect(early.confirmed).toEqual([]);
    expect(early.next.open[0].agree).toBe(2);
    const late = sweepStep(early.next, k, [gone], ctx('2026-01-01T00:01:05Z', 'obs3'), policy, 'chan', h);
    expect(late.confirmed.map((c) => c.id)).toEqual([id]);
    expect(late.created).toEqual([]);
    // Without the probe it stays a candidate however often the page agrees.
    const noProbe = sweepStep(r1.next, k, [gone], ctx('2026-01-01T00:01:05Z', 'obs3'), policy, 'chan', h);
    expect(noProbe.confirmed).toEqual([]);
  });

  it('does not find again a deletion the main step confirmed in the same poll (one deletion, one event)', () => {
    const r1 = sweepStep(base(), k, [gone], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    const c = { ...r1.next.open[0], probe: 'missing' as const, agree: 2, lastAgreeAt: '2026-01-01T00:01:05Z' };
    // The confirm poll: detectStep's settle confirmed it (it is out of `open`), the sweep re-reads its page.
    const afterMain = { ...r1.next, open: [] };
    const r2 = sweepStep(afterMain, k, [gone], ctx('2026-01-01T00:01:10Z', 'obs2'), policy, 'chan', h, [c]);
    expect(r2.created).toEqual([]);
    expect(r2.next.open).toEqual([]);
    // Without being told, it would open a second candidate for the same post.
    expect(sweepStep(afterMain, k, [gone], ctx('2026-01-01T00:01:10Z', 'obs2'), policy, 'chan', h).created).toHaveLength(1);
  });

  it('dismisses the candidate when a swept page shows the post again, and is neutral when no page covers it', () => {
    const r1 = sweepStep(base(), k, [gone], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    const elsewhere = sweepStep(r1.next, k, [page(16, range(1, 15), { reachedStart: true })], ctx('2026-01-01T00:01:00Z', 'obs2'), policy, 'chan', h);
    expect(elsewhere.next.open[0].agree).toBe(1);
    expect(elsewhere.dismissed).toEqual([]);
    const back = sweepStep(r1.next, k, [page(36, range(16, 35))], ctx('2026-01-01T00:01:00Z', 'obs2'), policy, 'chan', h);
    expect(back.dismissed.map((c) => c.postKey)).toEqual(['30']);
    expect(back.next.open).toEqual([]);
  });

  it('asks for the page of an open deletion that no page of this poll covered', () => {
    const r1 = sweepStep(base(), k, [gone], ctx('2026-01-01T00:00:00Z', 'obs1'), policy, 'chan', h);
    expect(needRecheck(r1.next.open, [r(36, 75)])).toEqual(['30']);
    expect(needRecheck(r1.next.open, [r(36, 75), r(16, 35)])).toEqual([]);
  });
});
