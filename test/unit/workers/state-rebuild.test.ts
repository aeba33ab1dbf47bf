// The hot state rebuilt after Redis lost its data (src/workers/state-rebuild.ts) must continue
// the one detection had: the same candidate keys (so a re-found deletion is not a second event),
// the same post digests (so nothing looks edited), and the state the candidate was detected against.
import { describe, expect, it } from 'vitest';
import { detectStep, emptyState, postDigest, toEventRecord, type OpenCandidate, type TargetState } from '../../../src/detect/index.js';
import type { EventRow, StatePost } from '../../../src/catalog/types.js';
import { candidateFromEvent, rebuildState } from '../../../src/workers/state-rebuild.js';
import { okObs, post, stateObs, tgPolicy } from '../detect/helpers.js';

const policy = tgPolicy;
const listing = { feed: false, stableContent: tgPolicy.stableContent };
const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const step = (s: TargetState, o: ReturnType<typeof okObs>, min: number) => detectStep(s, o, { targetId: 't1', observationId: `obs${min}`, observedAt: at(min) }, policy);

/** The catalog row of a candidate event record (what the rebuild reads). */
const row = (c: OpenCandidate): EventRow => {
  const r = toEventRecord(c, 'candidate', c.detectedAt);
  return { id: r.id, type: r.type, status: r.status, target: r.target, postId: r.postId, detectedAt: r.detectedAt, confidence: r.confidence, rule: r.rule, evidence: r.evidence, window: r.window, details: r.details };
};
const catalogPosts = (posts: ReturnType<typeof post>[], deleted: number[] = []): StatePost[] =>
  posts.map((p) => ({ id: p.id, key: p.key, order: p.order, url: p.url, deleted: deleted.includes(Number(p.order)), sha256: `sha${p.key}`, observationId: 'obs0' }));

const base = [post(10), post(11), post(12), post(13, 'text'), post(14)];

describe('state rebuild', () => {
  it('gives open candidates back their keys and post keys/orders, so a re-found deletion or edit is the same event', () => {
    const s0 = step(emptyState(), okObs(base), 0).next;
    const r = step(s0, okObs([post(10), post(11), post(13, 'edited text'), post(14)]), 2);
    expect(r.created.map((c) => c.type).sort()).toEqual(['post_deleted', 'post_edited']);
    for (const c of r.created) {
      const back = candidateFromEvent(row(c), catalogPosts(base));
      expect({ key: back.key, postKey: back.postKey, postOrder: back.postOrder, type: back.type, id: back.id }).toEqual({ key: c.key, postKey: c.postKey, postOrder: c.postOrder, type: c.type, id: c.id });
    }
  });

  it('rebuilds digests equal to the live ones, and the account state a candidate was detected against', () => {
    const s0 = step(emptyState(), okObs(base), 0).next;
    const gone = detectStep(s0, stateObs('not_found'), { targetId: 't1', observationId: 'obs2', observedAt: at(2) }, policy);
    expect(gone.created.map((c) => c.type)).toEqual(['account_deleted']);
    const rebuilt = rebuildState({
      target: { id: 't1', platform: 'telegram', state: 'not_found', lastOkAt: at(0), channel: { username: 'chan', title: 'Chan', counters: {}, channelId: '1001' } },
      last: { id: 'obs0', posts: base.map((p) => ({ sha256: `sha${p.key}`, record: p })) },
      posts: catalogPosts(base),
      listing,
      deepRecords: new Map(),
      open: gone.created.map(row),
      keepPosts: 100,
    });
    expect(rebuilt.state.state).toBe('ok'); // established before the candidate, not the catalog's latest verdict
    expect(rebuilt.state.posts).toEqual(s0.posts);
    expect(rebuilt.state.open.map((c) => c.key)).toEqual(['account_deleted:']);
    // The next poll agrees with the restored candidate instead of opening a new one.
    const next = detectStep(rebuilt.state, stateObs('not_found'), { targetId: 't1', observationId: 'obs4', observedAt: at(4) }, policy);
    expect(next.created).toEqual([]);
    expect(next.confirmed.map((c) => c.id)).toEqual(gone.created.map((c) => c.id));
  });

  it('leaves confirmed deletions out (no second event) and moves older posts to the deep store', () => {
    const older = [post(3), post(4, 'old', { service: true })];
    const rebuilt = rebuildState({
      target: { id: 't1', platform: 'telegram', state: 'ok', lastOkAt: at(0) },
      last: { id: 'obs9', posts: base.map((p) => ({ sha256: `sha${p.key}`, record: p })) },
      posts: catalogPosts([...older, ...base], [12]),
      listing,
      deepRecords: new Map(older.map((p) => [`sha${p.key}`, p])),
      open: [],
      keepPosts: 100,
    });
    expect(Object.keys(rebuilt.state.posts).map(Number).sort((a, b) => a - b)).toEqual([10, 11, 13, 14]);
    expect(rebuilt.deep.size).toBe(2);
    expect(rebuilt.deep.get('3')).toEqual({ order: '3', digest: postDigest(older[0], tgPolicy.stableContent) });
    expect(rebuilt.deep.get('4')!.digest.startsWith('s')).toBe(true); // a service message stays one for the sweep
    const next = detectStep(rebuilt.state, okObs([post(10), post(11), post(13, 'text'), post(14)]), { targetId: 't1', observationId: 'obs10', observedAt: at(10) }, policy);
    expect(next.created).toEqual([]);
  });
});
