// The simulated YouTube over real HTTP on 127.0.0.1: every account and video state, answers by
// vantage (`x-sim-vantage`), sessions (SID cookie), faults; read back with the real scraper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYouTubeSim, type YouTubeSim } from '../../src/sim/youtube/index.js';
import { youtubeScraper } from '../../src/scrapers/youtube/index.js';
import type { FetchPurpose, FetchedPage } from '../../src/scrapers/types.js';

let sim: YouTubeSim;
beforeAll(async () => {
  sim = await startYouTubeSim();
});
afterAll(async () => {
  await sim?.close();
});

async function get(path: string, headers: Record<string, string> = {}, purpose: FetchPurpose = 'listing'): Promise<FetchedPage> {
  const r = await fetch(sim.url + path, { headers, redirect: 'follow' });
  return { url: sim.url + path, finalUrl: r.url, status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose };
}
async function post(path: string, body: object, headers: Record<string, string> = {}): Promise<FetchedPage> {
  const r = await fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { url: sim.url + path, finalUrl: r.url, status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose: 'listing' };
}
const state = (p: FetchedPage) => youtubeScraper.classify(p).state;
const ref = (k: string) => youtubeScraper.match(`youtube:${k}`)!;

describe('channel states', () => {
  it('ok: the Videos tab by handle and by id, page and API alike, newest first', async () => {
    const c = sim.world.addChannel({ handle: '@okchan', videos: 4 });
    const page = await get('/@okchan/videos');
    expect(page.headers['content-type']).toMatch(/html/);
    const obs = youtubeScraper.parse(page, ref('@okchan'));
    expect(obs.state).toBe('ok');
    expect(obs.posts.map((p) => p.key)).toEqual([...c.videos].reverse().map((v) => v.id));
    expect(obs.channel).toMatchObject({ username: '@okchan', channelId: `youtube:${c.id}` });
    const byId = youtubeScraper.parse(await get(`/channel/${c.id}/videos`), ref(c.id));
    expect(byId.posts.map((p) => p.key)).toEqual(obs.posts.map((p) => p.key));
    const api = await post('/youtubei/v1/browse', { browseId: c.id, params: 'EgZ2aWRlb3PyBgQKAjoA' });
    expect(api.headers['content-type']).toMatch(/json/);
    expect(youtubeScraper.parse(api, ref(c.id)).posts.map((p) => p.key)).toEqual(obs.posts.map((p) => p.key));
    expect(state(await get('/@okchan', {}, 'landing'))).toBe('ok');
  });

  it.each([
    ['terminated', 'suspended', /terminated for a violation/],
    ['removed', 'suspended', /Community Guidelines/],
    ['copyright', 'suspended', /copyright infringement/],
    ['deleted', 'not_found', /./],
    ['age_gated', 'login_wall', /Sign in to view this channel/],
  ] as const)('%s → %s', async (s, expected, reason) => {
    const c = sim.world.addChannel({ handle: `@st${s.replace('_', '')}`, videos: 2 });
    sim.world.setChannel(c.handle, { state: s });
    for (const p of [await get(`/${c.handle}/videos`), await get(`/channel/${c.id}/videos`), await post('/youtubei/v1/browse', { browseId: c.id })]) {
      const r = youtubeScraper.classify(p);
      expect(r.state, p.url).toBe(expected);
      expect(r.reason).toMatch(reason);
    }
  });

  it('a handle nobody holds answers 404 (page) and NOT_FOUND (resolve_url): not_found', async () => {
    expect(state(await get('/@nobodyhere/videos'))).toBe('not_found');
    expect(state(await post('/youtubei/v1/navigation/resolve_url', { url: 'https://www.youtube.com/@nobodyhere' }))).toBe('not_found');
    expect(state(await post('/youtubei/v1/browse', { browseId: 'DOESNT-EXIST' }))).toBe('unknown'); // 400 INVALID_ARGUMENT
  });
});

describe('vantage points (x-sim-vantage)', () => {
  it('a channel blocked in KZ is geo_blocked from KZ and ok from DE (the default)', async () => {
    const c = sim.world.addChannel({ handle: '@kzblocked', videos: 3 });
    sim.world.setChannel(c.handle, { geoBlocked: ['KZ'] });
    const kz = youtubeScraper.classify(await get('/@kzblocked/videos', { 'x-sim-vantage': 'KZ' }));
    expect(kz).toEqual({ state: 'geo_blocked', reason: 'This channel is not available in your country.' });
    expect(state(await get('/@kzblocked/videos', { 'x-sim-vantage': 'DE' }))).toBe('ok');
    expect(state(await get('/@kzblocked/videos'))).toBe('ok');
  });

  it('a video blocked in RU is left off the tab there and its player says geo_blocked; elsewhere it plays', async () => {
    const c = sim.world.addChannel({ handle: '@geovideo', videos: 3 });
    const v = c.videos[1];
    sim.world.setVideo(c.handle, v.id, { geoBlocked: ['RU'] });
    const ru = youtubeScraper.parse(await get('/@geovideo/videos', { 'x-sim-vantage': 'RU' }), ref('@geovideo'));
    expect(ru.posts.map((p) => p.key)).not.toContain(v.id);
    const probe = youtubeScraper.parsePost(await get(`/watch?v=${v.id}`, { 'x-sim-vantage': 'RU' }, 'post'), ref('@geovideo'), v.id);
    expect(probe).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^geo_blocked: /) });
    expect(youtubeScraper.parsePost(await get(`/watch?v=${v.id}`, {}, 'post'), ref('@geovideo'), v.id).state).toBe('present');
  });
});

describe('videos', () => {
  it('a deleted video leaves the tab and its watch page and player say missing; private is no verdict', async () => {
    const c = sim.world.addChannel({ handle: '@vidstates', videos: 4 });
    const [a, b] = c.videos;
    sim.world.setVideo(c.handle, a.id, { state: 'deleted' });
    sim.world.setVideo(c.handle, b.id, { state: 'private' });
    const keys = youtubeScraper.parse(await get('/@vidstates/videos'), ref('@vidstates')).posts.map((p) => p.key);
    expect(keys).not.toContain(a.id);
    expect(keys).not.toContain(b.id);
    expect(youtubeScraper.parsePost(await get(`/watch?v=${a.id}`, {}, 'post'), ref('@vidstates'), a.id).state).toBe('missing');
    expect(youtubeScraper.parsePost(await post('/youtubei/v1/player', { videoId: a.id }), ref('@vidstates'), a.id).state).toBe('missing');
    expect(youtubeScraper.parsePost(await get(`/watch?v=${b.id}`, {}, 'post'), ref('@vidstates'), b.id)).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^private: /) });
    expect(sim.world.truth.filter((t) => t.channel === '@vidstates').map((t) => t.type)).toEqual(['post_deleted']);
  });

  it('the Atom feed lists the visible videos with exact times; a gone channel answers Google’s 404', async () => {
    const c = sim.world.addChannel({ handle: '@feedchan', videos: 2 });
    const feed = await get(`/feeds/videos.xml?channel_id=${c.id}`);
    expect(feed.status).toBe(200);
    const text = feed.body.toString();
    expect(text).toContain(`<yt:videoId>${c.videos[1].id}</yt:videoId>`);
    expect(text).toContain(`<published>${new Date(c.videos[1].publishedAt).toISOString().replace(/\.\d{3}Z$/, '+00:00')}</published>`);
    sim.world.setChannel(c.handle, { state: 'terminated' });
    const gone = await get(`/feeds/videos.xml?channel_id=${c.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toContain('Error 404 (Not Found)!!1');
  });
});

describe('sessions (SID cookie)', () => {
  it('an issued SID opens the age gate; a revoked one is signed out again', async () => {
    const c = sim.world.addChannel({ handle: '@agegated', videos: 2 });
    sim.world.setChannel(c.handle, { state: 'age_gated' });
    expect(state(await get('/@agegated/videos'))).toBe('login_wall');
    const s = (await (await fetch(`${sim.url}/__sim/session`, { method: 'POST' })).json()) as { name: string; value: string };
    expect(s.name).toBe('SID');
    expect(state(await get('/@agegated/videos', { cookie: `SID=${s.value}` }))).toBe('ok');
    expect(state(await get('/@agegated/videos', { cookie: 'SID=forged' }))).toBe('login_wall');
    await fetch(`${sim.url}/__sim/session/revoke`, { method: 'POST', body: JSON.stringify({ value: s.value }) });
    expect(state(await get('/@agegated/videos', { cookie: `SID=${s.value}` }))).toBe('login_wall');
  });
});

describe('faults are never takedowns', () => {
  it.each([
    ['rate_limit', 'rate_limited'],
    ['bot_check', 'rate_limited'],
    ['consent', 'unknown'],
    ['garbage', 'unknown'],
    ['error', 'unknown'],
    ['login_wall', 'login_wall'],
  ] as const)('%s → %s, once', async (kind, expected) => {
    const c = sim.world.addChannel({ handle: `@fault${kind.replace('_', '')}`, videos: 2 });
    const r = await fetch(`${sim.url}/__sim/fault`, { method: 'POST', body: JSON.stringify({ kind, channel: c.handle }) });
    expect(r.status).toBe(200);
    expect(state(await get(`/${c.handle}/videos`))).toBe(expected);
    expect(state(await get(`/${c.handle}/videos`))).toBe('ok');
  });

  it('the bot check on a watch page is a login wall, not missing', async () => {
    const c = sim.world.addChannel({ handle: '@botwatch', videos: 1 });
    sim.world.addFault({ kind: 'bot_check', channel: c.handle });
    expect(youtubeScraper.parsePost(await get(`/watch?v=${c.videos[0].id}`, {}, 'post'), ref('@botwatch'), c.videos[0].id)).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^login_wall: /) });
  });
});

describe('search', () => {
  it('/results over HTTP: the channel by @handle and a video by its quoted title; /__sim/shadow hides both; search-only faults leave the pages alone', async () => {
    const c = sim.world.addChannel({ handle: '@searchme', videos: 3 });
    const search = async (q: string) => youtubeScraper.parseSearch!(await get(`/results?search_query=${encodeURIComponent(q)}`, {}, 'probe'), ref('@searchme'));
    expect(await search('@searchme')).toMatchObject({ state: 'ok', account: true });
    expect((await search(`"${c.videos[0]!.title}"`)).keys).toEqual([c.videos[0]!.id]);
    expect((await post('/__sim/shadow', { channel: '@searchme', search: true })).status).toBe(200);
    expect(await search('@searchme')).toEqual({ state: 'ok', keys: [], account: false });
    expect(sim.world.truth.filter((t) => t.channel === '@searchme').map((t) => [t.type, t.on])).toEqual([['shadowban_search', true]]);
    expect((await post('/__sim/fault', { kind: 'rate_limit', channel: '@searchme', route: 'search', count: 1 })).status).toBe(200);
    expect(state(await get('/@searchme/videos'))).toBe('ok');
    expect((await search('@searchme')).state).toBe('no_verdict');
    expect((await search('@searchme')).state).toBe('ok');
  });
});
