// Shadow-ban probes and reach_drop end to end: real workers, redis-server, s3rver, the catalog and
// the X simulator, probes through two vantages (DE, the worker's own; FR, by the sim's vantage
// header). A shadow-banned account's search, typeahead and reply probes become confirmed events in
// /api/events with both vantages; probe answers are archived and listed on the observation; 429s,
// login walls and 503s on the probes are no verdict; throttled views become reach_drop.
import { afterAll, describe, expect, it } from 'vitest';
import { ObservationRecord } from '../../src/archive/types.js';
import { startXSim } from '../../src/sim/x/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';
import { simVantageVias } from '../helpers/simVantages.js';

const H = 3_600_000;
let simNow: number | undefined;
const x = await startXSim({ guestTimelines: true, now: () => new Date(simNow ?? Date.now()) });
afterAll(() => x.close());

const h = usePipeline({
  prefix: 'shadow',
  app: {
    jobPrefix: 'sb',
    roles: ['worker', 'web'],
    probeVias: simVantageVias,
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 8, maxRetryAfter: '1s' },
      platforms: { x: { baseUrl: x.url, rescanPages: 0 } },
      detection: {
        confirm: { minSpan: '1s', minObservations: 2 },
        probes: { every: '1ms', searchIndexLag: '0s', minVantages: 2, reach: { ages: ['30m'], minBaseline: 8, minPosts: 3 } },
      },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { poll, eventsFor, waitFor } = h;

const api = async (path: string) => {
  const r = await fetch(`${h.app.apiUrl}${path}`);
  return (await r.json()) as { events?: { id: string; type: string; status: string; target: string }[] };
};

describe('shadow-ban probes', () => {
  it('a shadow-banned account: search, typeahead and reply candidates, confirmed through two vantages, in /api/events', async () => {
    x.world.addUser({ handle: 'OtherSide', posts: 2 });
    x.world.addUser({ handle: 'QuietOne', posts: 4 });
    x.world.post('QuietOne', { replyTo: { handle: 'OtherSide', id: x.world.user('OtherSide').posts[0]!.id } });
    const clean = await poll('sq', 'x:QuietOne');
    expect(clean.state).toBe('ok');
    // Probes ran, found everything: no candidate.
    expect(clean.created).toEqual([]);
    x.world.setShadow('QuietOne', { search: true, suggestion: true, reply: true });
    const r = await poll('sq', 'x:QuietOne');
    const evs = await eventsFor('sq');
    expect(evs.filter((e) => e.status === 'candidate').map((e) => e.type).sort()).toEqual(['shadowban_reply', 'shadowban_search', 'shadowban_suggestion']);
    expect(r.created).toHaveLength(3);
    for (const type of ['shadowban_search', 'shadowban_suggestion', 'shadowban_reply']) {
      const e = await waitFor('sq', type);
      expect(e.details?.vantages).toEqual(['FR', 'default']);
    }
    const listed = await until(async () => {
      const j = await api('/api/events?target=sq&status=confirmed');
      return (j.events ?? []).length >= 3 ? j.events : undefined;
    }, 'confirmed shadow-ban events in /api/events');
    expect(listed!.map((e) => e.type).sort()).toEqual(['shadowban_reply', 'shadowban_search', 'shadowban_suggestion']);
    const records = await h.observations('sq');
    const probed = records.filter((o) => o.probes?.length);
    expect(probed.length).toBeGreaterThanOrEqual(2);
    const banned = probed.flatMap((o) => o.probes!).filter((p) => p.verdict === 'banned');
    expect(new Set(banned.map((p) => p.vantage))).toEqual(new Set(['default', 'FR']));
    expect(banned.every((p) => p.captures.length > 0)).toBe(true);
    // The verdict record is a blob naming its captures.
    const blob = await h.app.core.archive.getBlob(banned[0]!.sha256);
    expect(JSON.parse(blob!.toString('utf8'))).toMatchObject({ kind: 'shadowban_probe', target: 'sq', verdict: 'banned' });
  });

  it('429, login walls and 503s on every probe are no verdict: a shadow-banned account gets no candidate from them', async () => {
    x.world.addUser({ handle: 'Walled', posts: 4 });
    expect((await poll('sw', 'x:Walled')).state).toBe('ok');
    x.world.setShadow('Walled', { search: true, suggestion: true });
    x.world.addFault({ kind: 'rate_limit', handle: 'walled', op: 'SearchTimeline', count: 50 });
    x.world.addFault({ kind: 'login_wall', handle: 'walled', op: 'typeahead', count: 50 });
    for (let i = 0; i < 3; i++) expect((await poll('sw', 'x:Walled')).created).toEqual([]);
    x.world.faults = [];
    x.world.addFault({ kind: 'server_error', handle: 'walled', op: 'SearchTimeline', count: 50 });
    x.world.addFault({ kind: 'deadline', handle: 'walled', op: 'typeahead', count: 50 });
    expect((await poll('sw', 'x:Walled')).created).toEqual([]);
    x.world.faults = [];
    expect((await eventsFor('sw')).filter((e) => e.type.startsWith('shadowban_'))).toEqual([]);
  });

  it('a clean account never gets a shadow-ban candidate', async () => {
    x.world.addUser({ handle: 'LoudOne', posts: 5 });
    for (let i = 0; i < 3; i++) expect((await poll('sl', 'x:LoudOne')).created).toEqual([]);
    expect(await eventsFor('sl')).toEqual([]);
  });
});

describe('reach_drop', () => {
  it('views far below the account baseline at equal age: confirmed reach_drop; views stay evidence on the observations', async () => {
    const t0 = Date.now();
    x.world.addUser({ handle: 'Throttled' });
    x.world.setViews('Throttled', { base: 2000, reach: 1, halfLifeMs: H });
    // Twelve normal posts an hour apart, made in the sim's past.
    for (let i = 0; i < 12; i++) {
      simNow = t0 - (16 - i) * H;
      x.world.post('Throttled');
    }
    simNow = undefined;
    expect((await poll('st', 'x:Throttled')).state).toBe('ok');
    x.world.setViews('Throttled', { reach: 0.05 });
    for (let i = 0; i < 3; i++) {
      simNow = t0 - (3 - i) * H;
      x.world.post('Throttled');
    }
    simNow = undefined;
    const r = await poll('st', 'x:Throttled');
    expect((await eventsFor('st')).filter((e) => e.type === 'reach_drop').map((e) => e.status)).toEqual(['candidate']);
    expect(r.created).toHaveLength(1);
    const e = await waitFor('st', 'reach_drop');
    const judged = (e.details?.judged ?? []) as { views: number; median: number; low: boolean }[];
    expect(judged).toHaveLength(3);
    expect(judged.every((j) => j.low && j.views < 0.3 * j.median)).toBe(true);
  });
});
