// X end to end through the real workers: real redis-server, real s3rver, the catalog (web role) and
// the X simulator. A removed post is confirmed post_deleted through TweetResultByRestId; a
// suspension and a withholding seen from the KZ vantage are confirmed account events; a one-off
// "Suspended", a 429 and a walled timeline produce no event; posts show in /api/targets/<id>/posts.
import { afterAll, describe, expect, it } from 'vitest';
import { startXSim } from '../../src/sim/x/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';

// The fetcher sends no session cookies yet: the sim serves timelines to guests, as X did until 2023.
const x = await startXSim({ guestTimelines: true });
afterAll(() => x.close());

const h = usePipeline({
  prefix: 'xpipe',
  app: {
    jobPrefix: 'x',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      // X's 429 carries x-rate-limit-reset, not Retry-After: the fetcher's default pause, capped short here.
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      platforms: { x: { baseUrl: x.url, rescanPages: 1 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { poll, eventsFor, waitFor } = h;

const api = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${h.app.apiUrl}${path}`, init);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const addTarget = (id: string, spec: string) => api('/api/targets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec, id, every: '1h' }) });

describe('X pipeline', () => {
  it('a removed post is confirmed post_deleted; posts (ids above 2^53) show in the catalog', async () => {
    const u = x.world.addUser({ handle: 'RightsOrg', posts: 8 });
    expect((await addTarget('xr', 'x:RightsOrg')).status).toBe(201);
    const first = await poll('xr', 'x:RightsOrg');
    expect(first.state).toBe('ok');
    const gone = u.posts[3].id;
    x.world.deletePost('RightsOrg', gone);
    const r = await poll('xr', 'x:RightsOrg');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('xr', 'post_deleted');
    expect(e.postKey).toBe(gone);
    expect(e.details?.probe).toBe('missing');
    const listed = await until(async () => {
      const res = await api('/api/targets/xr/posts?limit=50');
      const posts = (res.body.posts ?? []) as { key?: string }[];
      return posts.length >= 8 ? posts : undefined;
    }, 'posts in the catalog');
    expect(listed.map((p) => p.key)).toContain(u.posts[0].id);
    expect(listed.map((p) => p.key)).toContain(gone);
  });

  it('a suspension is confirmed account_suspended', async () => {
    x.world.addUser({ handle: 'SuspendMe', posts: 3 });
    expect((await poll('xs', 'x:SuspendMe')).state).toBe('ok');
    x.world.setState('SuspendMe', 'suspended');
    expect((await poll('xs', 'x:SuspendMe')).state).toBe('suspended');
    const e = await waitFor('xs', 'account_suspended');
    expect(e.window.lastOkAt).toBeDefined();
  });

  it('withheld in KZ, polled from a KZ vantage: account_geo_blocked with the country', async () => {
    x.world.addUser({ handle: 'GeoX', posts: 3 });
    expect((await poll('xg', 'x:GeoX')).state).toBe('ok');
    x.world.withhold('GeoX', ['KZ']);
    // Still visible from DE (the default vantage): no event.
    const de = await poll('xg', 'x:GeoX');
    expect(de.state).toBe('ok');
    expect(de.created).toHaveLength(0);
    x.setDefaultVantage('KZ');
    try {
      expect((await poll('xg', 'x:GeoX')).state).toBe('geo_blocked');
      const e = await waitFor('xg', 'account_geo_blocked');
      expect(JSON.stringify(e.details)).toContain('KZ');
    } finally {
      x.setDefaultVantage('DE');
    }
  });

  it('a one-off "Suspended", a 429 and a walled timeline produce no event', async () => {
    x.world.addUser({ handle: 'FlakyX', posts: 6 });
    expect((await poll('xf', 'x:FlakyX')).state).toBe('ok');
    // X answers "User is suspended" for a live account once: a candidate at most, dismissed by the next poll.
    x.world.addFault({ kind: 'suspended_flap', handle: 'FlakyX' });
    expect((await poll('xf', 'x:FlakyX')).state).toBe('suspended');
    expect((await poll('xf', 'x:FlakyX')).state).toBe('ok');
    // A 429 is retried by the fetcher (the job waits, then reads the answer): never an event.
    const before429 = x.stats['429'] ?? 0;
    x.world.addFault({ kind: 'rate_limit', handle: 'FlakyX', op: 'UserByScreenName', count: 1 });
    const limited = await poll('xf', 'x:FlakyX');
    expect(x.stats['429']).toBe(before429 + 1);
    expect(limited.state).toBe('ok');
    expect(limited.created).toHaveLength(0);
    // The timeline walls itself (no session): the landing still answers, nothing is concluded about posts.
    x.setGuestTimelines(false);
    try {
      const walled = await poll('xf', 'x:FlakyX');
      expect(walled.state).toBe('ok');
      expect(walled.created).toHaveLength(0);
      expect((await poll('xf', 'x:FlakyX')).created).toHaveLength(0);
    } finally {
      x.setGuestTimelines(true);
    }
    const events = await eventsFor('xf');
    expect(events.filter((e) => e.status === 'confirmed')).toEqual([]);
    expect(x.stats.login_wall).toBeGreaterThan(0);
  });
});
