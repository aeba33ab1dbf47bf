// shadowban_search on YouTube, VK and Telegram end to end: real workers, redis-server, s3rver, the catalog and
// the YouTube and VK simulators, probes through two vantages (DE, the worker's own; FR, by the
// sims' vantage header). A channel / community toggled out of search becomes a confirmed
// shadowban_search event in /api/events with both vantages, its probe answers archived; a probe
// answering 429, a captcha / bot check or a login wall is no verdict and no event. Telegram has no
// honest public search probe: its rounds record "unsupported on this platform", never a verdict.
import { afterAll, describe, expect, it } from 'vitest';
import { startYouTubeSim } from '../../src/sim/youtube/index.js';
import { startVkSim } from '../../src/sim/vk/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';
import { simVantageVias } from '../helpers/simVantages.js';

const yt = await startYouTubeSim();
const vk = await startVkSim();
afterAll(async () => {
  await yt.close();
  await vk.close();
});

const h = usePipeline({
  prefix: 'sbsearch',
  sim: true,
  app: {
    jobPrefix: 'sbs',
    roles: ['worker', 'web'],
    probeVias: simVantageVias,
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      platforms: { youtube: { baseUrl: yt.url }, vk: { baseUrl: vk.url, rescanPages: 0 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 }, probes: { every: '1ms', searchIndexLag: '0s', minVantages: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { poll, eventsFor, waitFor } = h;

const confirmedInApi = (target: string) =>
  until(async () => {
    const r = await fetch(`${h.app.apiUrl}/api/events?target=${target}&status=confirmed&type=shadowban_search`);
    const j = (await r.json()) as { events?: { type: string }[] };
    return (j.events ?? []).length ? j.events : undefined;
  }, `confirmed shadowban_search of ${target} in /api/events`);

async function bannedProbes(target: string) {
  const records = await h.observations(target);
  return records.flatMap((o) => o.probes ?? []).filter((p) => p.type === 'shadowban_search' && p.verdict === 'banned');
}

describe('shadowban_search on YouTube', () => {
  it('a channel kept out of search: candidate, confirmed through two vantages, in /api/events, answers archived', async () => {
    yt.world.addChannel({ handle: '@hiddenvoice', videos: 4 });
    const clean = await poll('ytq', 'youtube:@hiddenvoice');
    expect(clean.state).toBe('ok');
    expect(clean.created).toEqual([]);
    expect(yt.stats.byRoute.search ?? 0).toBeGreaterThanOrEqual(4);
    yt.world.setShadow('@hiddenvoice', true);
    const r = await poll('ytq', 'youtube:@hiddenvoice');
    expect(r.created).toHaveLength(1);
    expect((await eventsFor('ytq')).map((e) => [e.type, e.status])).toEqual([['shadowban_search', 'candidate']]);
    const e = await waitFor('ytq', 'shadowban_search');
    expect(e.details?.vantages).toEqual(['FR', 'default']);
    expect(await confirmedInApi('ytq')).toHaveLength(1);
    const banned = await bannedProbes('ytq');
    expect(new Set(banned.map((p) => p.vantage))).toEqual(new Set(['default', 'FR']));
    expect(banned.every((p) => p.captures.length > 0)).toBe(true);
    const blob = JSON.parse((await h.app.core.archive.getBlob(banned[0]!.sha256))!.toString('utf8')) as { kind: string; platform: string; detail: { searches: { query: string }[] } };
    expect(blob).toMatchObject({ kind: 'shadowban_probe', platform: 'youtube', verdict: 'banned' });
    expect(blob.detail.searches.map((s) => s.query.split(':')[0])).toEqual(['handle', 'phrase']);
  });

  it('429, the bot check and a sign-in wall on every search are no verdict: no candidate', async () => {
    yt.world.addChannel({ handle: '@walledvoice', videos: 3 });
    expect((await poll('ytw', 'youtube:@walledvoice')).created).toEqual([]);
    yt.world.setShadow('@walledvoice', true);
    for (const kind of ['rate_limit', 'bot_check', 'login_wall'] as const) {
      yt.world.faults = [];
      yt.world.addFault({ kind, channel: '@walledvoice', route: 'search', count: 100 });
      const r = await poll('ytw', 'youtube:@walledvoice');
      expect(r.state).toBe('ok');
      expect(r.created).toEqual([]);
    }
    yt.world.faults = [];
    expect((await eventsFor('ytw')).filter((e) => e.type === 'shadowban_search')).toEqual([]);
    const records = await h.observations('ytw');
    const verdicts = records.flatMap((o) => o.probes ?? []).filter((p) => p.type === 'shadowban_search').map((p) => p.verdict);
    expect(verdicts).toContain('no_verdict');
    expect(verdicts).not.toContain('banned');
  });
});

describe('shadowban_search on VK', () => {
  it('a community kept out of search: candidate, confirmed through two vantages, in /api/events', async () => {
    vk.sim.apply({ type: 'account', name: 'hiddencommunity', title: 'Hidden Community', posts: 4 });
    const clean = await poll('vkq', 'vk:hiddencommunity');
    expect(clean.state).toBe('ok');
    expect(clean.created).toEqual([]);
    vk.sim.apply({ type: 'shadow', account: 'hiddencommunity', search: true });
    const r = await poll('vkq', 'vk:hiddencommunity');
    expect(r.created).toHaveLength(1);
    expect((await eventsFor('vkq')).map((e) => [e.type, e.status])).toEqual([['shadowban_search', 'candidate']]);
    const e = await waitFor('vkq', 'shadowban_search');
    expect(e.details?.vantages).toEqual(['FR', 'default']);
    expect(await confirmedInApi('vkq')).toHaveLength(1);
    const banned = await bannedProbes('vkq');
    expect(new Set(banned.map((p) => p.vantage))).toEqual(new Set(['default', 'FR']));
  });

  it('the per-second limit, a captive page and the login page on every search are no verdict: no candidate', async () => {
    vk.sim.apply({ type: 'account', name: 'walledcommunity', title: 'Walled Community', posts: 3 });
    expect((await poll('vkw', 'vk:walledcommunity')).created).toEqual([]);
    vk.sim.apply({ type: 'shadow', account: 'walledcommunity', search: true });
    for (const kind of ['rate_limit', 'garbage'] as const) {
      vk.sim.faults.clear();
      vk.sim.faults.add({ kind, channel: 'walledcommunity', route: 'search', count: 100 });
      const r = await poll('vkw', 'vk:walledcommunity');
      expect(r.state).toBe('ok');
      expect(r.created).toEqual([]);
    }
    vk.sim.faults.clear();
    vk.sim.world.searchMembersOnly = true;
    expect((await poll('vkw', 'vk:walledcommunity')).created).toEqual([]);
    vk.sim.world.searchMembersOnly = false;
    expect((await eventsFor('vkw')).filter((e) => e.type === 'shadowban_search')).toEqual([]);
  });
});

describe('shadowban_search on Telegram', () => {
  it('is recorded as unsupported on this platform (no verdict, no fetch), and never forces a record of its own', async () => {
    h.channel('plainchannel', 6);
    const first = await h.pollChannel('tgu', 'plainchannel');
    expect(first.state).toBe('ok');
    const [rec] = await h.observations('tgu');
    const probe = rec!.probes?.find((p) => p.type === 'shadowban_search');
    expect(probe).toMatchObject({ verdict: 'no_verdict', captures: [] });
    const body = JSON.parse((await h.app.core.archive.getBlob(probe!.sha256))!.toString('utf8')) as { reason: string; platform: string };
    expect(body.platform).toBe('telegram');
    expect(body.reason).toMatch(/^unsupported on this platform: .*MTProto/);
    // Nothing changed: the round alone writes no new observation.
    const again = await h.pollChannel('tgu', 'plainchannel');
    expect(again.unchanged).toBe(true);
    expect(await eventsFor('tgu')).toEqual([]);
  });
});
