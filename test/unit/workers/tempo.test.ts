// Adaptive polling rules: hot targets faster, dormant ones slower, always within the bounds.
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../../src/detect/state.js';
import { deterministicId } from '../../../src/ids.js';
import { decodeTempo, encodeTempo, intervalFor, jitterOffset, modeOf, nextDue, tempoOf, type AdaptiveSettings } from '../../../src/workers/tempo.js';

const A: AdaptiveSettings = { enabled: true, hotFactor: 0.25, minEvery: 30_000, dormantAfter: 14 * 86_400_000, dormantFactor: 4, maxEvery: 6 * 3_600_000 };
const DAY = 86_400_000;

describe('tempo', () => {
  it('reads hot and last change from the hot state, and survives a round trip through Redis', () => {
    const at = Date.UTC(2026, 0, 10, 12, 0, 0);
    const s = { ...emptyState(), lastObservationId: deterministicId(at, 'x'), open: [{ id: 'e', key: 'k', type: 'post_deleted', target: 't', rule: 'r', confidence: 1, detectedAt: '', firstChangedAt: '', agree: 1, lastAgreeAt: '', evidence: [] }] } as Parameters<typeof tempoOf>[0];
    const t = tempoOf(s);
    expect(t).toEqual({ hot: true, lastChangeMs: at });
    expect(decodeTempo(encodeTempo(t))).toEqual(t);
    expect(tempoOf(emptyState())).toEqual({ hot: false });
    expect(decodeTempo(encodeTempo({ hot: false }))).toEqual({ hot: false });
    expect(decodeTempo(null)).toEqual({ hot: false });
    expect(decodeTempo('garbage')).toEqual({ hot: false });
  });

  it('classifies hot over dormant, dormant only after dormantAfter, nothing when disabled', () => {
    const now = 100 * DAY;
    expect(modeOf({ hot: true, lastChangeMs: 0 }, now, A)).toBe('hot');
    expect(modeOf({ hot: false, lastChangeMs: now - 15 * DAY }, now, A)).toBe('dormant');
    expect(modeOf({ hot: false, lastChangeMs: now - 13 * DAY }, now, A)).toBe('normal');
    expect(modeOf({ hot: false }, now, A)).toBe('normal'); // never observed a change: no claim
    expect(modeOf({ hot: true }, now, { ...A, enabled: false })).toBe('normal');
  });

  it('keeps intervals within [minEvery, maxEvery] and never past every in the wrong direction', () => {
    expect(intervalFor(300_000, 'hot', A)).toBe(75_000);
    expect(intervalFor(60_000, 'hot', A)).toBe(30_000); // floor
    expect(intervalFor(10_000, 'hot', A)).toBe(10_000); // never slower than its own every
    expect(intervalFor(300_000, 'dormant', A)).toBe(1_200_000);
    expect(intervalFor(2 * 3_600_000, 'dormant', A)).toBe(6 * 3_600_000); // ceiling
    expect(intervalFor(12 * 3_600_000, 'dormant', A)).toBe(12 * 3_600_000); // never faster than every
    expect(intervalFor(300_000, 'normal', A)).toBe(300_000);
  });

  it('jitters deterministically, symmetrically and within the span', () => {
    const offs = Array.from({ length: 2000 }, (_, i) => jitterOffset(`t${i}`, 1000, 10_000));
    expect(offs.every((o) => o >= -5000 && o < 5000)).toBe(true);
    expect(new Set(offs).size).toBeGreaterThan(1000);
    const mean = offs.reduce((a, b) => a + b, 0) / offs.length;
    expect(Math.abs(mean)).toBeLessThan(500);
    expect(jitterOffset('a', 5, 10_000)).toBe(jitterOffset('a', 5, 10_000));
    expect(jitterOffset('a', 5, 0)).toBe(0);
  });

  it('keeps the cadence, catches up after a gap, and bounds jitter by a tenth of the interval', () => {
    const n = nextDue('t', 1_000_000, 1_000_500, 60_000, 10_000);
    expect(Math.abs(n - 1_060_000)).toBeLessThanOrEqual(3000);
    const late = nextDue('t', 1_000_000, 5_000_000, 60_000, 0);
    expect(late).toBe(5_060_000);
    expect(nextDue('t', 0, 10, 1000, 60_000)).toBeGreaterThanOrEqual(950);
    expect(nextDue('t', 0, 10, 1000, 60_000)).toBeLessThanOrEqual(1050);
  });
});
