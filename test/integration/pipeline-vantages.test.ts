// Vantage points end to end through the real workers (real redis-server, s3rver), with two vantage
// proxies (startVantageProxy: DE and KZ) in front of the Telegram and X simulators. A block seen
// from KZ only is re-checked from DE and confirmed as account_geo_blocked naming KZ; a block seen
// from every vantage is a global one (account_restricted / account_suspended), never a geo-block.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVantageProxy, type VantageProxy } from '../../src/sim/vantage-proxy.js';
import { startXSim } from '../../src/sim/x/index.js';
import { usePipeline } from '../helpers/pipeline.js';

const x = await startXSim({ guestTimelines: true });
// Two loopback addresses, as two proxy boxes in two countries would be.
const de: VantageProxy = await startVantageProxy({ country: 'DE', host: '127.0.0.2' });
const kz: VantageProxy = await startVantageProxy({ country: 'KZ', host: '127.0.0.3' });
afterAll(async () => {
  await Promise.all([x.close(), de.close(), kz.close()]);
});

const h = usePipeline({
  prefix: 'vantp',
  sim: true,
  app: {
    jobPrefix: 'v',
    roles: ['worker', 'web'],
    settings: {
      http: { port: 0 },
      network: {
        allowPrivate: true,
        timeout: '5s',
        perHostRps: 1000,
        concurrency: 8,
        maxRetryAfter: '1s',
        vantages: [
          { id: 'de-1', proxy: de.url, country: 'DE' },
          { id: 'kz-1', proxy: kz.url, country: 'KZ' },
        ],
      },
      platforms: { x: { baseUrl: x.url, rescanPages: 0 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});
const { poll, pollChannel, waitFor, eventsFor } = h;

beforeAll(() => {
  h.channel('geochan', 6);
  h.channel('banned', 6);
});

/** Polls until the target's open candidates include `type` (the vantages rotate: each poll starts elsewhere). */
async function pollUntilCandidate(target: string, run: () => Promise<{ created: string[] }>, type: string): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await run();
    if ((await eventsFor(target)).some((e) => e.type === type)) return;
  }
  throw new Error(`no ${type} candidate for ${target}: ${JSON.stringify((await eventsFor(target)).map((e) => [e.type, e.status]))}`);
}

describe('vantage points', () => {
  it('Telegram: blocked in KZ, visible from DE -> account_geo_blocked naming KZ; every poll goes through a vantage proxy', async () => {
    expect((await pollChannel('geo', 'geochan')).state).toBe('ok');
    expect((await pollChannel('geo', 'geochan')).state).toBe('ok');
    h.sim.world.setGeoBlock('geochan', ['KZ']);
    await pollUntilCandidate('geo', () => pollChannel('geo', 'geochan'), 'account_geo_blocked');
    const e = await waitFor('geo', 'account_geo_blocked');
    expect(e.details?.countries).toEqual(['KZ']);
    expect(e.details?.visibleFrom).toEqual(['DE']);
    const types = (await eventsFor('geo')).map((x) => x.type);
    expect(types).not.toContain('account_restricted');
    // The observation says where the poll came from and what each vantage saw.
    const obs = (await h.observations('geo')).find((o) => o.state === 'geo_blocked');
    expect(obs?.vantage?.id).toMatch(/^(de|kz)-1$/);
    expect(obs?.loggedIn).toBe(false);
    expect(obs?.vantageChecks?.map((c) => `${c.country}:${c.state}`).sort()).toEqual(['DE:ok', 'KZ:geo_blocked']);
    expect(de.requests.some((u) => u.includes('/s/geochan'))).toBe(true);
    expect(kz.requests.some((u) => u.includes('/s/geochan'))).toBe(true);
  });

  it('Telegram: the "local laws" notice from every vantage is a global block (account_restricted), not a geo-block', async () => {
    expect((await pollChannel('ban', 'banned')).state).toBe('ok');
    h.sim.world.setGeoBlock('banned', ['KZ', 'DE']);
    const r = await pollChannel('ban', 'banned');
    expect(r.state).toBe('restricted');
    const e = await waitFor('ban', 'account_restricted');
    expect(String(e.details?.reason)).toContain('every vantage');
    expect((await eventsFor('ban')).map((x) => x.type)).not.toContain('account_geo_blocked');
  });

  it('X: withheld in KZ, visible from DE -> account_geo_blocked naming KZ', async () => {
    x.world.addUser({ handle: 'GeoVant', posts: 4 });
    expect((await poll('xgeo', 'x:GeoVant')).state).toBe('ok');
    x.world.withhold('GeoVant', ['KZ']);
    await pollUntilCandidate('xgeo', () => poll('xgeo', 'x:GeoVant'), 'account_geo_blocked');
    const e = await waitFor('xgeo', 'account_geo_blocked');
    expect(e.details?.countries).toEqual(['KZ']);
    expect(e.details?.visibleFrom).toEqual(['DE']);
  });

  it('a target narrowed to one vantage (POST /api/targets vantages) is polled from it only; an unknown vantage is refused', async () => {
    const post = (body: object) => fetch(`${h.app.apiUrl}/api/targets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post({ spec: 'telegram:narrowed', id: 'narrow-bad', vantages: ['mars-1'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VGL_BAD_REQUEST');
    h.channel('narrowed', 3);
    const added = await post({ spec: 'telegram:narrowed', id: 'narrow', every: '1h', vantages: ['kz-1'] });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { target: { vantages: string[] } }).target.vantages).toEqual(['kz-1']);
    const listed = (await (await fetch(`${h.app.apiUrl}/api/targets`)).json()) as { targets: { id: string; vantages: string[] | null }[] };
    expect(listed.targets.find((t) => t.id === 'narrow')?.vantages).toEqual(['kz-1']);
    const seen = (p: VantageProxy) => p.requests.filter((u) => u.includes('/s/narrowed')).length;
    for (let i = 0; i < 3; i++) expect((await pollChannel('narrow', 'narrowed')).state).toBe('ok');
    expect(seen(kz)).toBe(3);
    expect(seen(de)).toBe(0);
  });

  it('X: suspended, seen so from every vantage -> account_suspended, not a geo-block', async () => {
    x.world.addUser({ handle: 'GoneVant', posts: 3 });
    expect((await poll('xgone', 'x:GoneVant')).state).toBe('ok');
    x.world.setState('GoneVant', 'suspended');
    expect((await poll('xgone', 'x:GoneVant')).state).toBe('suspended');
    const e = await waitFor('xgone', 'account_suspended');
    expect(String(e.details?.reason)).toContain('every vantage');
    expect((await eventsFor('xgone')).map((x) => x.type)).not.toContain('account_geo_blocked');
  });
});
