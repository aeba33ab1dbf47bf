// A post a platform pins above its newest ones (Instagram) is listed on every poll but lies below the
// listing's range: the hot state keeps it (it is shown), it is never re-added as new, and the posts
// between it and the range are never taken for deleted.
import { describe, expect, it } from 'vitest';
import { detectStep, emptyState, type TargetState } from '../../../src/detect/index.js';
import type { Observation } from '../../../src/scrapers/types.js';
import { okObs, post, tgPolicy } from './helpers.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const pinned = post(3, 'pinned long ago', { key: 'pin', id: 'chan/pin', order: '3' });
// The listing shows the pinned post and 20..25; its range is the run of the others.
const listing = (newest: number): Observation => {
  const run = Array.from({ length: 6 }, (_, i) => post(newest - i));
  return { ...okObs(run), posts: [pinned, ...run] };
};

describe('pinned posts', () => {
  it('stay in the hot state while shown, and are never new again', () => {
    let s: TargetState = emptyState();
    const added: string[][] = [];
    const missing: string[][] = [];
    [25, 25, 26, 27].forEach((newest, i) => {
      const r = detectStep(s, listing(newest), { targetId: 't', observationId: `o${i}`, observedAt: new Date(T0 + i * 60_000).toISOString() }, tgPolicy);
      s = r.next;
      added.push(r.diff.added.map((p) => p.key));
      missing.push(r.diff.missing);
      expect(r.created).toEqual([]);
      expect(s.posts.pin, `poll ${i}`).toBeDefined();
    });
    expect(added.map((a) => a.includes('pin'))).toEqual([true, false, false, false]);
    expect(missing.flat()).toEqual([]);
    // Posts that left the window below the range left the hot state as usual.
    expect(s.posts['20']).toBeUndefined();
  });
});
