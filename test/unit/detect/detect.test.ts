import { describe, expect, it } from 'vitest';
import { applyProbe, detectStep, emptyState, mergeObservations, postDigest, type OpenCandidate, type TargetState } from '../../../src/detect/index.js';
import type { Observation } from '../../../src/scrapers/types.js';
import { okObs, post, stateObs, tgPolicy } from './helpers.js';
import { telegramContent } from '../../../src/scrapers/telegram/index.js';

const policy = tgPolicy;
const digest = (p: Parameters<typeof telegramContent>[0]) => postDigest(p, telegramContent);
const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

/** Run a sequence of observations (one per minute) and collect all transitions. */
function run(seq: Observation[], start: TargetState = emptyState(), startMin = 0) {
  let s = start;
  const created: OpenCandidate[] = [], confirmed: OpenCandidate[] = [], dismissed: OpenCandidate[] = [];
  seq.forEach((o, i) => {
    const r = detectStep(s, o, { targetId: 't1', observationId: `obs${startMin + i}`, observedAt: at(startMin + i * 2) }, policy);
    s = r.next;
    created.push(...r.created);
    confirmed.push(...r.confirmed);
    dismissed.push(...r.dismissed);
  });
  return { s, created, confirmed, dismissed };
}

const base = [post(10), post(11), post(12), post(13)];

describe('diff and digests', () => {
  it('ignores view counters', () => {
    expect(digest(post(1))).toBe(digest({ ...post(1), views: 999999 }));
    expect(digest(post(1))).not.toBe(digest(post(1, 'other')));
  });
  it('an unchanged poll with new view counts is unchanged', () => {
    const a = run([okObs(base)]);
    const r = detectStep(a.s, okObs(base.map((p) => ({ ...p, views: 5 }))), { targetId: 't1', observationId: 'x', observedAt: at(5) }, policy);
    expect(r.unchanged).toBe(true);
    expect(r.created).toEqual([]);
  });
  it('first observation establishes state, no events', () => {
    const r = run([okObs(base)]);
    expect(r.s.state).toBe('ok');
    expect(Object.keys(r.s.posts)).toHaveLength(4);
    expect(r.created).toEqual([]);
  });
});

describe('post_deleted', () => {
  const gone = okObs([post(10), post(11), post(13)]);
  it('needs two observations minSpan apart and a direct-URL miss', () => {
    const r = run([okObs(base), gone, gone, gone]);
    expect(r.created.map((c) => c.type)).toEqual(['post_deleted']);
    expect(r.created[0].postKey).toBe('12');
    expect(r.created[0].postOrder).toBe('12');
    expect(r.confirmed).toEqual([]); // no probe yet
    const p = applyProbe(r.s, r.created[0].id, { state: 'missing' });
    const r2 = detectStep(p.state, gone, { targetId: 't1', observationId: 'later', observedAt: at(20) }, policy);
    expect(r2.confirmed.map((c) => c.type)).toEqual(['post_deleted']);
    expect(r2.confirmed[0].evidence).toContain('obs1');
    expect(r2.next.posts['12']).toBeUndefined();
  });
  it('a direct URL showing the post dismisses it', () => {
    const r = run([okObs(base), gone]);
    const p = applyProbe(r.s, r.created[0].id, { state: 'present' });
    expect(p.dismissed).toHaveLength(1);
    expect(p.state.open).toEqual([]);
  });
  it('the post showing up again dismisses it', () => {
    const r = run([okObs(base), gone, okObs(base)]);
    expect(r.dismissed.map((c) => c.type)).toEqual(['post_deleted']);
  });
  it('posts outside the covered range are not deleted', () => {
    const r = run([okObs(base), okObs([post(12), post(13), post(14)])]);
    expect(r.created).toEqual([]);
  });
  it('album members and service messages are not deletions', () => {
    const album = okObs([post(10, 'a', { groupedKeys: ['10', '11', '12'] }), post(13)], { range: { min: '10', max: '13' } });
    const svc = [post(20), post(21, 'pinned', { service: true }), post(22)];
    const r = run([album, album, okObs(svc), okObs([post(20), post(22)], { range: { min: '20', max: '22' } })]);
    expect(r.created).toEqual([]);
  });
  it('event ids are deterministic', () => {
    expect(run([okObs(base), gone]).created[0].id).toBe(run([okObs(base), gone]).created[0].id);
  });
});

describe('post_edited', () => {
  it('confirms after agreeing observations and keeps old digest in details', () => {
    const edited = okObs([post(10), post(11), post(12, 'new text', { edited: true }), post(13)]);
    const r = run([okObs(base), edited, edited]);
    expect(r.confirmed.map((c) => c.type)).toEqual(['post_edited']);
    expect(r.confirmed[0].details?.fromDigest).toBe(digest(post(12)));
    expect(r.s.posts['12']).toBe(digest(post(12, 'new text', { edited: true })));
  });
});

describe('account states', () => {
  it.each([
    ['restricted', 'account_restricted'],
    ['not_found', 'account_deleted'],
    ['private', 'account_private'],
  ] as const)('%s after ok -> %s, confirmed', (state, type) => {
    const r = run([okObs(base), stateObs(state), stateObs(state)]);
    expect(r.confirmed.map((c) => c.type)).toEqual([type]);
    expect(r.s.state).toBe(state);
    expect(r.confirmed[0].lastOkAt).toBe(at(0));
  });
  it('account_restored after a confirmed takedown', () => {
    const r = run([okObs(base), stateObs('restricted'), stateObs('restricted'), okObs(base), okObs(base)]);
    expect(r.confirmed.map((c) => c.type)).toEqual(['account_restricted', 'account_restored']);
  });
  it('a one-off takedown page is dismissed and not followed by restored', () => {
    const r = run([okObs(base), stateObs('not_found'), okObs(base), okObs(base)]);
    expect(r.confirmed).toEqual([]);
    expect(r.dismissed.map((c) => c.type)).toEqual(['account_deleted']);
  });
  it('not_found on a target never seen ok is not a deletion', () => {
    expect(run([stateObs('not_found'), stateObs('not_found')]).created).toEqual([]);
  });
  it.each(['rate_limited', 'login_wall', 'unknown', 'empty'] as const)('%s never creates candidates nor dismisses', (state) => {
    const gone = okObs([post(10), post(11), post(13)]);
    const r = run([okObs(base), gone, stateObs(state), stateObs(state), stateObs(state)]);
    expect(r.created.map((c) => c.type)).toEqual(['post_deleted']);
    expect(r.dismissed).toEqual([]);
    expect(r.s.state).toBe('ok');
  });
});

describe('account_renamed', () => {
  it('same channel id under a new username on the same target', () => {
    const renamed = okObs(base, { channel: { username: 'newname', counters: {}, channelId: '1001' } });
    const r = run([okObs(base), renamed, renamed]);
    expect(r.confirmed.map((c) => c.type)).toEqual(['account_renamed']);
    expect(r.confirmed[0].details).toMatchObject({ from: 'chan', to: 'newname' });
  });
  it('channel id already indexed for another target', () => {
    const o = okObs(base, { channel: { username: 'newname', counters: {}, channelId: '1001' } });
    const r = detectStep(emptyState(), o, { targetId: 't2', observationId: 'o', observedAt: at(0), channelOwner: { targetId: 't1', username: 'chan' } }, policy);
    expect(r.created.map((c) => [c.type, c.target])).toEqual([['account_renamed', 't1']]);
  });
});

describe('mergeObservations', () => {
  it('joins pages into one range', () => {
    const m = mergeObservations([okObs([post(20), post(21)]), okObs([post(10), post(11)], { reachedStart: true })]);
    expect(m.range).toEqual({ min: '10', max: '21' });
    expect(m.posts.map((p) => p.key)).toEqual(['10', '11', '20', '21']);
    expect(m.reachedStart).toBe(true);
  });
});

describe('rename vs deletion', () => {
  it('not_found of a renamed channel is not a deletion, and dismisses an open one', () => {
    const first = run([okObs(base), stateObs('not_found')]);
    expect(first.created.map((c) => c.type)).toEqual(['account_deleted']);
    const r = detectStep(first.s, stateObs('not_found'), { targetId: 't1', observationId: 'o9', observedAt: at(9), renamedTo: 'newname' }, policy);
    expect(r.created).toEqual([]);
    expect(r.dismissed.map((c) => c.type)).toEqual(['account_deleted']);
  });
});

describe('hot state size', () => {
  it('forgets posts that scrolled out of the covered window', () => {
    const r = run([okObs(base), okObs([post(12), post(13), post(14)])]);
    expect(Object.keys(r.s.posts).map(Number)).toEqual([12, 13, 14]);
  });
});
