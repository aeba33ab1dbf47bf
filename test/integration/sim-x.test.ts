// The X simulator against the real recordings: its answers have the structure of X's (every key
// path of a simulated user, post and timeline exists in the twscrape recordings of the same kind),
// go through the same parser with the same fields filled, and behave as X does by vantage point
// (withheld in KZ, visible from DE) and session (login wall without one, "expired" for a revoked one).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xScraper } from '../../src/scrapers/x/index.js';
import { XSettings } from '../../src/scrapers/x/settings.js';
import type { FetchedPage, Observation, TargetRef } from '../../src/scrapers/types.js';
import { startXSim, type XSim } from '../../src/sim/x/index.js';

let sim: XSim;
let s: XSettings;
beforeAll(async () => {
  sim = await startXSim();
  s = XSettings.parse({ baseUrl: sim.url });
  sim.world.addUser({ handle: 'ParityX', name: 'Parity', posts: 25 });
  sim.world.addUser({ handle: 'paritysrc', posts: 1 });
});
afterAll(async () => sim?.close());

const fx = (f: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/x/${f}`, import.meta.url), 'utf8'));

async function get(url: string, headers: Record<string, string> = {}): Promise<FetchedPage> {
  const res = await fetch(url, { headers });
  return { url, finalUrl: res.url, status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose: 'listing' };
}

/** Every key path of a JSON value (array indices folded to `[]`). */
function paths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(`${prefix}.${k}`);
      paths(x, `${prefix}.${k}`, out);
    }
  }
  return out;
}
const json = (p: FetchedPage): unknown => JSON.parse(p.body.toString('utf8'));
const ref = (key: string, id?: string): TargetRef => ({ ...xScraper.match(`x:${key}`)!, ...(id ? { id } : {}) });
const filled = (o: Observation) => ({ channel: Object.keys(o.channel ?? {}).sort(), post: [...new Set(o.posts.flatMap((p) => Object.keys(p)))].filter((k) => k !== 'forwardedFrom' && k !== 'replyTo').sort() });

describe('parity with the twscrape recordings', () => {
  it('UserByScreenName: every key path of the simulated answer exists in the real one; same fields parsed', async () => {
    const p = await get(xScraper.planLanding(ref('ParityX'), s).url);
    const real = paths(fx('twscrape/raw_user_by_login.json'));
    const extra = [...paths(json(p))].filter((k) => !real.has(k));
    expect(extra).toEqual([]);
    const o = xScraper.parse({ ...p, purpose: 'landing' }, ref('ParityX'));
    const r = xScraper.parse({ url: xScraper.planLanding(ref('XDevelopers'), s).url, finalUrl: xScraper.planLanding(ref('XDevelopers'), s).url, status: 200, headers: {}, body: readFileSync(new URL('../fixtures/x/twscrape/raw_user_by_login.json', import.meta.url)), fetchedAt: '', purpose: 'landing' }, ref('XDevelopers'));
    expect(Object.keys(o.channel!).sort()).toEqual(Object.keys(r.channel!).sort());
    expect(o.state).toBe('ok');
  });

  it('UserTweets: simulated key paths (posts with media, retweets, pinned) exist in the real timeline; same post fields parsed', async () => {
    const u = sim.world.user('ParityX');
    const src = sim.world.user('paritysrc');
    sim.world.post('ParityX', { media: ['photo', 'video'] });
    sim.world.post('ParityX', { retweetOf: { handle: 'paritysrc', id: src.posts[0].id } });
    sim.world.pin('ParityX', u.posts[u.posts.length - 3].id);
    const id = `x:${u.restId}`;
    const p = await get(xScraper.planListing(ref('ParityX', id), s).url);
    expect(p.status).toBe(403); // no session: the timeline is walled
    const token = sim.issueSession();
    const ok = await get(xScraper.planListing(ref('ParityX', id), s).url, { cookie: `auth_token=${token}` });
    const realJson = fx('twscrape/raw_user_tweets.json');
    const real = paths(realJson);
    const extra = [...paths(json(ok))].filter((k) => !real.has(k));
    expect(extra).toEqual([]);
    const o = xScraper.parse(ok, ref('ParityX', id));
    const rr = ref('XDevelopers', 'x:2244994945');
    const realObs = xScraper.parse({ ...ok, body: readFileSync(new URL('../fixtures/x/twscrape/raw_user_tweets.json', import.meta.url)) }, rr);
    expect(filled(o)).toEqual(filled(realObs));
    expect(o.posts.length).toBe(20);
    expect(o.posts.some((x) => x.forwardedFrom?.name === '@paritysrc')).toBe(true);
    expect(o.posts.some((x) => x.media.some((m) => m.type === 'video' && m.url))).toBe(true);
    // The older page by the Bottom cursor continues right below.
    const older = xScraper.parse(await get(xScraper.planListing(ref('ParityX', id), s, o.olderCursor).url, { cookie: `auth_token=${token}` }), ref('ParityX', id));
    expect(BigInt(older.range!.max) < BigInt(o.range!.min)).toBe(true);
  });

  it('TweetResultByRestId: present, then {} once deleted (missing)', async () => {
    const u = sim.world.user('ParityX');
    const post = u.posts[2];
    expect(xScraper.parsePost(await get(xScraper.planPost(ref('ParityX'), s, post.id).url), ref('ParityX'), post.id).state).toBe('present');
    sim.world.deletePost('ParityX', post.id);
    const gone = await get(xScraper.planPost(ref('ParityX'), s, post.id).url);
    expect(json(gone)).toEqual({ data: { tweetResult: {} } });
    expect(xScraper.parsePost(gone, ref('ParityX'), post.id).state).toBe('missing');
  });

  it('suspended and deleted accounts answer as the recordings do', async () => {
    sim.world.addUser({ handle: 'gonex', posts: 1 });
    sim.world.setState('gonex', 'suspended');
    expect(json(await get(xScraper.planLanding(ref('gonex'), s).url))).toEqual(fx('opentween/UserByScreenName_Suspended.json'));
    sim.world.setState('gonex', 'deleted');
    expect(json(await get(xScraper.planLanding(ref('gonex'), s).url))).toEqual(fx('opentween/UserByScreenName_Empty.json'));
  });
});

describe('vantage points and sessions', () => {
  it('withheld in KZ: geo_blocked with the country from KZ, visible from DE', async () => {
    sim.world.addUser({ handle: 'kzblocked', posts: 3 });
    sim.world.withhold('kzblocked', ['KZ']);
    const url = xScraper.planLanding(ref('kzblocked'), s).url;
    const kz = xScraper.classify(await get(url, { 'x-sim-vantage': 'KZ' }));
    expect(kz.state).toBe('geo_blocked');
    expect(kz.reason).toContain('KZ');
    const de = xScraper.classify(await get(url, { 'x-sim-vantage': 'DE' }));
    expect(de.state).toBe('ok');
    expect(xScraper.classify(await get(url)).state).toBe('ok'); // no header = DE
  });

  it('a revoked session answers 401 code 32: login_wall', async () => {
    const u = sim.world.user('ParityX');
    const token = sim.issueSession();
    const url = xScraper.planListing(ref('ParityX', `x:${u.restId}`), s).url;
    expect(xScraper.classify(await get(url, { cookie: `auth_token=${token}` })).state).toBe('ok');
    const revoke = await fetch(`${sim.url}/__sim/session/revoke`, { method: 'POST', body: JSON.stringify({ value: token }) });
    expect(revoke.status).toBe(200);
    const p = await get(url, { cookie: `auth_token=${token}` });
    expect(p.status).toBe(401);
    expect(xScraper.classify(p)).toMatchObject({ state: 'login_wall' });
    expect(xScraper.classify(await get(url)).state).toBe('login_wall');
  });

  it('429 carries x-rate-limit-reset and is rate_limited; protected and interstitial accounts', async () => {
    sim.world.addFault({ kind: 'rate_limit', handle: 'parityx' });
    const p = await get(xScraper.planLanding(ref('ParityX'), s).url);
    expect(p.status).toBe(429);
    expect(p.headers['x-rate-limit-reset']).toMatch(/^\d+$/);
    expect(xScraper.classify(p).state).toBe('rate_limited');
    sim.world.addUser({ handle: 'lockedx' });
    sim.world.setProtected('lockedx', true);
    expect(xScraper.classify(await get(xScraper.planLanding(ref('lockedx'), s).url)).state).toBe('private');
    sim.world.addUser({ handle: 'warnedx' });
    sim.world.setInterstitial('warnedx', 'fake_account');
    expect(xScraper.classify(await get(xScraper.planLanding(ref('warnedx'), s).url))).toMatchObject({ state: 'restricted' });
  });
});
