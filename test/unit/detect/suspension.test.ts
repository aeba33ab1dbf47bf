// A platform's own "suspended" is re-checked before it counts (Scraper.recheckSuspension, X):
// the candidate waits for a post of the account to answer as its author's suspension; a post
// that shows dismisses it.
import { describe, expect, it } from 'vitest';
import { accountFindings, applyProbe, detectStep, isReady, settle } from '../../../src/detect/index.js';
import { openCandidate } from '../../../src/detect/confirm.js';
import { emptyState, type TargetState } from '../../../src/detect/state.js';
import { okObs, post, stateObs, tgPolicy } from './helpers.js';

const prev: TargetState = { ...emptyState(), state: 'ok', lastOkAt: '2026-01-01T00:00:00.000Z', posts: { '10': 'd', '12': 'e' } };
const ctx = { targetId: 't', observationId: 'o1', observedAt: '2026-01-01T00:10:00.000Z' };
const policy = { minObservations: 2, minSpanMs: 60_000 };

describe('suspension re-check', () => {
  it('marks the candidate, which waits for the re-check however many observations agree', () => {
    const [f] = accountFindings(prev, stateObs('suspended'), { ...ctx, recheckSuspension: true });
    expect(f!.details?.recheck).toBe('post');
    const c = { ...openCandidate(f!, prev, ctx), agree: 5, lastAgreeAt: '2026-01-01T01:00:00.000Z' };
    expect(isReady(c, policy)).toBe(false);
    const withCheck = applyProbe({ ...prev, open: [c] }, c.id, { state: 'missing' }).state;
    expect(settle(withCheck, policy).confirmed.map((x) => x.type)).toEqual(['account_suspended']);
    // A post that shows: the account is live, the "suspended" was the platform's flap.
    expect(applyProbe({ ...prev, open: [c] }, c.id, { state: 'present' }).dismissed).toHaveLength(1);
  });

  it('platforms without the flag, and accounts without a known post, confirm the usual way', () => {
    const [plain] = accountFindings(prev, stateObs('suspended'), ctx);
    expect(plain!.details?.recheck).toBeUndefined();
    const [bare] = accountFindings({ ...prev, posts: {} }, stateObs('suspended'), { ...ctx, recheckSuspension: true });
    expect(bare!.details?.recheck).toBeUndefined();
  });

  it('a first "suspended" of such a platform establishes nothing: a later ok is no account_restored', () => {
    const first = detectStep(emptyState(), stateObs('suspended'), { ...ctx, recheckSuspension: true }, tgPolicy);
    expect(first.next.state).toBe('pending');
    const then = detectStep(first.next, okObs([post(1)]), { ...ctx, observationId: 'o2', observedAt: '2026-01-01T00:20:00.000Z', recheckSuspension: true }, tgPolicy);
    expect(then.next.state).toBe('ok');
    expect(then.created).toEqual([]);
    // Without the flag the first verdict is the state, as before.
    expect(detectStep(emptyState(), stateObs('suspended'), ctx, tgPolicy).next.state).toBe('suspended');
  });
});
