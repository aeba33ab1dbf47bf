// A landing-first poll (Scraper.landingFirst) as one observation: the landing says the state, the
// listing adds posts, and a listing without a verdict never lets posts look deleted.
import { describe, expect, it } from 'vitest';
import { detectStep, emptyState, withLanding } from '../../../src/detect/index.js';
import type { Observation } from '../../../src/scrapers/types.js';
import { okObs, post, tgPolicy } from './helpers.js';

const landing = (state: Observation['state'], reason?: string): Observation => ({
  ...okObs([]),
  state,
  ...(reason ? { stateReason: reason } : {}),
  channel: { username: 'chan', counters: {}, channelId: 'x:42' },
});
const ctx = (at: string) => ({ targetId: 't', observationId: `o-${at}`, observedAt: at });

describe('withLanding', () => {
  it('landing ok + listing ok: the listing posts, range and cursor with the landing channel', () => {
    const listing = okObs([post(1), post(2)], { range: { min: '1', max: '2' }, olderCursor: 'c' });
    const o = withLanding(landing('ok'), listing);
    expect(o.state).toBe('ok');
    expect(o.posts.map((p) => p.key)).toEqual(['1', '2']);
    expect(o.range).toEqual({ min: '1', max: '2' });
    expect(o.olderCursor).toBe('c');
    expect(o.channel?.channelId).toBe('x:42');
  });

  it('landing ok + listing login_wall: the landing alone, no posts, no range, the reason says why', () => {
    const o = withLanding(landing('ok'), { ...okObs([]), state: 'login_wall', stateReason: 'HTTP 403' });
    expect(o.state).toBe('ok');
    expect(o.posts).toEqual([]);
    expect(o.range).toBeUndefined();
    expect(o.stateReason).toBe('posts not read: login_wall (HTTP 403)');
  });

  it('landing restricted + listing ok: the state stays the landing one, posts are kept', () => {
    const o = withLanding(landing('restricted', 'interstitial'), okObs([post(3)], { range: { min: '3', max: '3' } }));
    expect(o.state).toBe('restricted');
    expect(o.stateReason).toBe('interstitial');
    expect(o.posts).toHaveLength(1);
  });

  it('known posts are not deletion candidates when the listing had no verdict', () => {
    const first = detectStep(emptyState(), withLanding(landing('ok'), okObs([post(1), post(2), post(3)], { range: { min: '1', max: '3' } })), ctx('2026-01-01T00:00:00Z'), tgPolicy);
    const walled = withLanding(landing('ok'), { ...okObs([]), state: 'login_wall' });
    const next = detectStep(first.next, walled, ctx('2026-01-01T00:05:00Z'), tgPolicy);
    expect(next.created).toEqual([]);
    expect(next.diff.missing).toEqual([]);
  });
});
