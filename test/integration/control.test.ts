// The control URL hook of the workers (src/workers/control.ts) over real HTTP against the Instagram
// simulator: an answer that would become a takedown stands only when the platform's known-good page
// answers ok in the same poll; a walled or failing control makes it no verdict, for the listing and
// for a deleted post's own page. Platforms without a control are untouched. Also: a step's own
// headers reach the platform, credentials never do.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/index.js';
import { createHttpFetcher, type HttpFetcher } from '../../src/fetch/http-fetcher.js';
import { emptyState, type OpenCandidate, type TargetState } from '../../src/detect/index.js';
import { instagramScraper as ig } from '../../src/scrapers/instagram/index.js';
import { telegramScraper } from '../../src/scrapers/telegram/index.js';
import type { Scraper, ScraperSettings } from '../../src/scrapers/types.js';
import { startInstagramSim, type InstagramSim } from '../../src/sim/instagram/index.js';
import { listing } from '../../src/workers/listing.js';
import { probeOpen } from '../../src/workers/probe.js';
import type { PipelineDeps } from '../../src/workers/pipeline-deps.js';

let sim: InstagramSim;
let fetcher: HttpFetcher;
let d: PipelineDeps;
const scraper = ig as unknown as Scraper<ScraperSettings>;
let s: ScraperSettings;

beforeAll(async () => {
  sim = await startInstagramSim();
  sim.model.loggedOut = 'open';
  const settings = loadSettings({ env: {} });
  fetcher = createHttpFetcher({ network: { ...settings.network, allowPrivate: true, timeout: 3000 }, log: pino({ level: 'silent' }) });
  // Only what listing() and probeOpen() use: the fetcher, the log, the confirmation policy.
  d = { fetcher, log: pino({ level: 'silent' }), settings } as unknown as PipelineDeps;
  s = ig.settings.parse({ baseUrl: sim.url });
});
afterAll(async () => {
  await fetcher?.close();
  await sim?.close();
});

const ref = (u: string) => ig.match(`instagram:${u}`)!;
const controls = (): number => sim.hits['api:instagram'] ?? 0;

describe('listing with a control', () => {
  it('an ok answer fetches no control', async () => {
    sim.model.addAccount({ username: 'ctl_ok' });
    sim.model.post('ctl_ok', { count: 2 });
    const before = controls();
    const p = await listing(d, scraper, ref('ctl_ok'), s, undefined);
    expect(p.obs.state).toBe('ok');
    expect(p.control).toBeUndefined();
    expect(controls()).toBe(before);
  });

  it('"unavailable" stands when the control answers ok; the control page comes back to be archived', async () => {
    sim.model.addAccount({ username: 'ctl_gone' });
    sim.model.makeUnavailable('ctl_gone');
    const p = await listing(d, scraper, ref('ctl_gone'), s, undefined);
    expect(p.obs.state).toBe('not_found');
    expect(p.obs.stateReason).toMatch(/^unavailable: .*; control .*username=instagram answered ok$/);
    expect(p.control?.url).toBe(`${sim.url}/api/v1/users/web_profile_info/?username=instagram`);
    expect(p.control?.status).toBe(200);
  });

  it.each([
    ['walled', { kind: 'login_wall' as const }, /control .* answered login_wall/],
    ['unavailable too', { kind: 'unavailable' as const }, /control .* answered not_found/],
    ['failing (503)', { kind: 'http' as const, status: 503 }, /control .* failed \(VGL_FETCH_FAILED\)/],
  ])('a control that is %s makes it no verdict', async (label, fault, reason) => {
    const name = `ctl_${label.replace(/\W/g, '')}`;
    sim.model.addAccount({ username: name });
    sim.model.makeUnavailable(name);
    sim.model.addFault({ ...fault, user: 'instagram', count: 1 });
    const p = await listing(d, scraper, ref(name), s, undefined);
    expect(p.obs.state).toBe('unknown');
    expect(p.obs.stateReason).toMatch(/^no verdict: not_found \(unavailable/);
    expect(p.obs.stateReason).toMatch(reason);
    expect(sim.model.faults).toEqual([]);
  });

  it('a platform without a control is untouched (Telegram: a takedown answer needs no control)', () => {
    expect(telegramScraper.planControl).toBeUndefined();
  });
});

describe("a deleted post's own page with a control", () => {
  const candidate = (key: string): OpenCandidate => ({
    id: `ev-${key}`,
    key: `post_deleted:${key}`,
    type: 'post_deleted',
    target: 't',
    postKey: key,
    postOrder: '1',
    rule: 'listing.missing_in_covered_range',
    confidence: 0.75,
    detectedAt: '2026-01-01T00:00:00.000Z',
    firstChangedAt: '2026-01-01T00:00:00.000Z',
    agree: 1,
    lastAgreeAt: '2026-01-01T00:00:00.000Z',
    evidence: ['o1'],
  });
  const state = (key: string): TargetState => ({ ...emptyState(), state: 'ok', open: [candidate(key)] });

  it('"unavailable" counts as missing when the control answers ok', async () => {
    sim.model.addAccount({ username: 'probe_ok' });
    const [p] = sim.model.post('probe_ok');
    sim.model.remove(p.shortcode);
    const r = await probeOpen(d, state(p.shortcode), scraper, ref('probe_ok'), s);
    expect(r.state.open[0].probe).toBe('missing');
  });

  it('is no verdict when the control is walled', async () => {
    sim.model.addAccount({ username: 'probe_walled' });
    const [p] = sim.model.post('probe_walled');
    sim.model.remove(p.shortcode);
    sim.model.addFault({ kind: 'login_wall', user: 'instagram', count: 1 });
    const r = await probeOpen(d, state(p.shortcode), scraper, ref('probe_walled'), s);
    expect(r.state.open[0].probe).toBe('no_verdict');
    expect(sim.model.faults).toEqual([]);
  });
});

describe("a step's own headers", () => {
  let server: Server;
  let seen: Record<string, string | string[] | undefined> = {};
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('are sent and recorded in the request metadata; cookie, authorization and host are not', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const r = await fetcher.fetch({ via: 'http', url, purpose: 'listing', headers: { 'X-IG-App-ID': '936619743392459', cookie: 'sessionid=stolen', Authorization: 'Bearer x', host: 'evil.example' } });
    expect(seen['x-ig-app-id']).toBe('936619743392459');
    expect(seen.cookie).toBeUndefined();
    expect(seen.authorization).toBeUndefined();
    expect(seen.host).toBe(new URL(url).host);
    expect(r.request.headers['x-ig-app-id']).toBe('936619743392459');
    expect(r.request.headers.cookie).toBeUndefined();
  });
});
