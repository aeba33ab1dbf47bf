// Shadow-ban probes through the configured vantages (no test hook): with two network.vantages
// (forward proxies on loopback, startVantageProxy), each probe runs through both, and a
// shadow-banned X account's suggestion ban is confirmed naming both vantages, as the demo does.
// Real workers, redis-server, s3rver and the X simulator.
import { afterAll, expect, it } from 'vitest';
import { startVantageProxy, type VantageProxy } from '../../src/sim/vantage-proxy.js';
import { startXSim } from '../../src/sim/x/index.js';
import { usePipeline } from '../helpers/pipeline.js';

const x = await startXSim({ guestTimelines: true });
const de: VantageProxy = await startVantageProxy({ country: 'DE', host: '127.0.0.2' });
const kz: VantageProxy = await startVantageProxy({ country: 'KZ', host: '127.0.0.3' });
afterAll(async () => {
  await Promise.all([x.close(), de.close(), kz.close()]);
});

const h = usePipeline({
  prefix: 'pvant',
  app: {
    jobPrefix: 'pv',
    roles: ['worker'],
    settings: {
      network: {
        allowPrivate: true,
        timeout: '5s',
        perHostRps: 1000,
        concurrency: 4,
        maxRetryAfter: '1s',
        vantages: [
          { id: 'de-1', proxy: de.url, country: 'DE' },
          { id: 'kz-1', proxy: kz.url, country: 'KZ' },
        ],
      },
      platforms: { x: { baseUrl: x.url, rescanPages: 0 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 }, probes: { every: '1ms', searchIndexLag: '0s', minVantages: 2, reach: { enabled: false } } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

it('two configured vantages: every probe goes through both, and a suggestion ban is confirmed naming both', async () => {
  x.world.addUser({ handle: 'TwoPlaces', posts: 3 });
  const clean = await h.poll('tp', 'x:TwoPlaces');
  expect(clean.state).toBe('ok');
  expect(clean.created).toEqual([]);
  const typeahead = (p: VantageProxy) => p.requests.filter((u) => u.includes('typeahead')).length;
  expect(typeahead(de)).toBeGreaterThanOrEqual(1);
  expect(typeahead(kz)).toBeGreaterThanOrEqual(1);

  x.world.setShadow('TwoPlaces', { suggestion: true });
  await h.poll('tp', 'x:TwoPlaces');
  const e = await h.waitFor('tp', 'shadowban_suggestion');
  expect(e.details?.vantages).toEqual(['de-1', 'kz-1']);
  const banned = (await h.observations('tp')).flatMap((o) => o.probes ?? []).filter((p) => p.verdict === 'banned');
  expect(new Set(banned.map((p) => p.vantage))).toEqual(new Set(['de-1', 'kz-1']));
}, 120_000);
