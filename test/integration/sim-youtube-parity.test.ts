// Parity of the simulated YouTube with the real recordings (test/fixtures/youtube): every JSON path
// the sim emits exists in a recorded answer of the same kind, its pages embed the objects the way
// the recorded page does, its feed uses the recorded feed's elements, and the scraper reads sim
// answers and recordings to the same states.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startYouTubeSim, type YouTubeSim } from '../../src/sim/youtube/index.js';
import { youtubeScraper } from '../../src/scrapers/youtube/index.js';
import { assigned } from '../../src/scrapers/youtube/answer.js';
import { getScraper } from '../../src/scrapers/registry.js';
import { recording, recordedPage } from '../unit/scrapers/youtube/fixtures.js';
import type { FetchedPage } from '../../src/scrapers/types.js';

/** Every key path of a JSON value, array indices collapsed to `[]`. */
function paths(v: unknown, at = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${at}[]`, out);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(`${at}.${k}`);
      paths(x, `${at}.${k}`, out);
    }
  }
  return out;
}
const recorded = (...files: string[]): Set<string> => {
  const out = new Set<string>();
  for (const f of files) {
    const body = JSON.parse(recording(f).body) as Record<string, unknown>;
    for (const p of paths(body.playerResponse ?? body)) out.add(p);
  }
  return out;
};
const invented = (sim: unknown, real: Set<string>): string[] => [...paths(sim)].filter((p) => !real.has(p));

const BROWSE = ['np-channel-browse-ok-videos-tab-creativecommons.json', 'np-channel-browse-ok-videos-tab-randomchannel.json', 'np-channel-browse-age-gate-signin.json', 'np-channel-browse-terminated-tos-UCTGjY2I.json'];
const PLAYER = ['np2025-player-web-ok.json', 'np2025-player-web-error-nonexistent.json', 'np2025-player-web-private.json', 'np2025-player-web-geo-blocked.json', 'np2025-player-web-members-only.json', 'np2025-player-web-age-gate-login-required.json', 'np2025-player-web-music-premium.json'];

let sim: YouTubeSim;
beforeAll(async () => {
  sim = await startYouTubeSim();
});
afterAll(async () => {
  await sim?.close();
});

async function fetchPage(path: string, init: RequestInit = {}, purpose: FetchedPage['purpose'] = 'listing'): Promise<FetchedPage> {
  const r = await fetch(sim.url + path, init);
  return { url: sim.url + path, finalUrl: r.url, status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose };
}
const api = (path: string, body: object) => fetchPage(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const jsonOf = (p: FetchedPage): unknown => JSON.parse(p.body.toString('utf8'));

describe('JSON paths: the sim invents none', () => {
  it('browse: a channel Videos tab (with a continuation), its home tab, the alert answers, the age gate', async () => {
    const real = recorded(...BROWSE);
    const c = sim.world.addChannel({ handle: '@paritychan', videos: 35 });
    expect(invented(jsonOf(await api('/youtubei/v1/browse', { browseId: c.id, params: 'EgZ2aWRlb3PyBgQKAjoA' })), real)).toEqual([]);
    expect(invented(jsonOf(await api('/youtubei/v1/browse', { browseId: c.id })), real)).toEqual([]);
    const gone = sim.world.addChannel({ handle: '@paritygone', videos: 1 });
    sim.world.setChannel(gone.handle, { state: 'terminated' });
    expect(invented(jsonOf(await api('/youtubei/v1/browse', { browseId: gone.id })), recorded('np-channel-browse-terminated-tos-UCTGjY2I.json'))).toEqual([]);
    const gated = sim.world.addChannel({ handle: '@paritygate', videos: 1 });
    sim.world.setChannel(gated.handle, { state: 'age_gated' });
    expect(invented(jsonOf(await api('/youtubei/v1/browse', { browseId: gated.id })), recorded('np-channel-browse-age-gate-signin.json'))).toEqual([]);
  });

  it('player: ok, removed, private, geo-blocked, members-only, age-gated, bot check', async () => {
    const real = recorded(...PLAYER);
    const c = sim.world.addChannel({ handle: '@parityplayer', videos: 6 });
    const [ok, del, priv, geo, mem, age] = c.videos;
    sim.world.setVideo(c.handle, del.id, { state: 'deleted' });
    sim.world.setVideo(c.handle, priv.id, { state: 'private' });
    sim.world.setVideo(c.handle, geo.id, { geoBlocked: ['DE'] });
    sim.world.setVideo(c.handle, mem.id, { state: 'members' });
    sim.world.setVideo(c.handle, age.id, { state: 'age' });
    for (const v of [ok, del, priv, geo, mem, age]) expect(invented(jsonOf(await api('/youtubei/v1/player', { videoId: v.id })), real), v.state).toEqual([]);
    sim.world.addFault({ kind: 'bot_check', channel: c.handle });
    expect(invented(jsonOf(await api('/youtubei/v1/player', { videoId: ok.id })), real)).toEqual([]);
  });

  it('comments: the watch page object and the /youtubei/v1/next answer (entity shape) as recorded', async () => {
    const c = sim.world.addChannel({ handle: '@paritycomments', videos: 1 });
    sim.world.crowd(c.handle, { kind: 'surge', count: 25, seed: 5 });
    const page = (await fetchPage(`/watch?v=${c.videos[0]!.id}`, {}, 'interactions')).body.toString();
    expect(invented(assigned(page, 'ytInitialData'), recorded('np-comments-next-watch-editedcomment.json'))).toEqual([]);
    const probe = youtubeScraper.parseInteractions!({ ...(await fetchPage(`/watch?v=${c.videos[0]!.id}`, {}, 'interactions')) }, youtubeScraper.match('youtube:@paritycomments')!, { id: 'x', key: c.videos[0]!.id, order: '1', url: '', text: '', html: '', edited: false, links: [], media: [] });
    const answer = jsonOf(await api('/youtubei/v1/next', JSON.parse(probe.next!.body!) as object));
    expect(invented(answer, recorded('np-comments-next-entity-editedcomment.json'))).toEqual([]);
  });

  it('API errors and resolve_url', async () => {
    expect(invented(jsonOf(await api('/youtubei/v1/browse', { browseId: 'DOESNT-EXIST' })), recorded('np-channel-browse-invalid-id-400.json'))).toEqual([]);
    expect(invented(jsonOf(await api('/youtubei/v1/navigation/resolve_url', { url: 'https://www.youtube.com/@nobody123' })), recorded('np-channel-resolve-url-404-nonexistent-handle.json'))).toEqual([]);
    sim.world.addChannel({ handle: '@parityresolve' });
    expect(invented(jsonOf(await api('/youtubei/v1/navigation/resolve_url', { url: 'https://www.youtube.com/@parityresolve' })), recorded('np-channel-resolve-url-ok-gronkh.json'))).toEqual([]);
  });
});

describe('pages embed the objects like the recorded page', () => {
  const realHtml = recording('np-html-results-page-ytInitialData-ytcfg.json').body;
  const markers = (html: string) => ({
    ytcfg: /<script nonce="[^"]+">[^<]*ytcfg\.set\(\{/.test(html),
    data: /<script nonce="[^"]+">var ytInitialData = \{/.test(html),
    closes: /\};<\/script>/.test(html),
  });

  it('the same script markers, and the same extractor finds the object in both', async () => {
    const c = sim.world.addChannel({ handle: '@paritypage', videos: 2 });
    const page = (await fetchPage('/@paritypage/videos')).body.toString();
    expect(markers(page)).toEqual(markers(realHtml));
    expect(markers(page)).toEqual({ ytcfg: true, data: true, closes: true });
    expect(Object.keys(assigned(realHtml, 'ytInitialData')!)).toContain('contents');
    expect(assigned(page, 'ytInitialData')?.metadata).toMatchObject({ channelMetadataRenderer: { externalId: c.id } });
    const watch = (await fetchPage(`/watch?v=${c.videos[0].id}`, {}, 'post')).body.toString();
    expect(watch).toMatch(/<script nonce="[^"]+">var ytInitialPlayerResponse = \{/);
    expect(assigned(watch, 'ytInitialPlayerResponse')?.videoDetails).toMatchObject({ videoId: c.videos[0].id });
  });

  it('the Atom feed uses only the recorded feed’s elements and the rss platform reads it', async () => {
    const tags = (xml: string) => new Set([...xml.matchAll(/<([a-zA-Z][\w:]*)[\s/>]/g)].map((m) => m[1]));
    const real = tags(readFileSync(fileURLToPath(new URL('../fixtures/youtube/atom-feed-youtube.xml', import.meta.url)), 'utf8'));
    const c = sim.world.addChannel({ handle: '@parityfeed', videos: 3 });
    const page = await fetchPage(`/feeds/videos.xml?channel_id=${c.id}`);
    const xml = page.body.toString();
    expect([...tags(xml)].filter((t) => !real.has(t))).toEqual([]);
    const rss = getScraper('rss');
    const obs = rss.parse(page, rss.match(`rss:${page.url}`)!);
    expect(obs.posts).toHaveLength(3);
  });
});

describe('the scraper reads sim answers and recordings alike', () => {
  it.each([
    ['terminated', 'np-channel-browse-terminated-tos-UCTGjY2I.json'],
    ['removed', 'np-channel-browse-removed-community-guidelines.json'],
    ['copyright', 'np-channel-browse-terminated-copyright.json'],
    ['deleted', 'np-channel-browse-does-not-exist.json'],
    ['age_gated', 'np-channel-browse-age-gate-signin.json'],
  ] as const)('channel %s', async (s, file) => {
    const c = sim.world.addChannel({ handle: `@alike${s.replace('_', '')}`, videos: 1 });
    sim.world.setChannel(c.handle, { state: s });
    const real = youtubeScraper.classify(recordedPage(file));
    const simJson = youtubeScraper.classify(await api('/youtubei/v1/browse', { browseId: c.id }));
    expect(simJson).toEqual(real);
    expect(youtubeScraper.classify(await fetchPage(`/channel/${c.id}/videos`)).state).toBe(real.state);
  });

  it('an ok Videos tab parses to the same shape of posts', async () => {
    const c = sim.world.addChannel({ handle: '@alikeok', videos: 3 });
    const real = youtubeScraper.parse(recordedPage('np-channel-browse-ok-videos-tab-creativecommons.json'), youtubeScraper.match('youtube:@creativecommons')!);
    const mine = youtubeScraper.parse(await fetchPage('/@alikeok/videos'), youtubeScraper.match(`youtube:${c.id}`)!);
    const shape = (o: typeof real) => ({ state: o.state, keys: Object.keys(o.posts[0]).sort(), media: Object.keys(o.posts[0].media[0]).sort(), channel: Object.keys(o.channel!).sort(), range: o.range !== undefined });
    expect(shape(mine)).toEqual(shape(real));
  });

  it.each([
    ['deleted', 'np2025-player-web-error-nonexistent.json'],
    ['private', 'np2025-player-web-private.json'],
    ['geo', 'np2025-player-web-geo-blocked.json'],
    ['members', 'np2025-player-web-members-only.json'],
    ['age', 'np2025-player-web-age-gate-login-required.json'],
    ['public', 'np2025-player-web-ok.json'],
  ] as const)('video %s', async (s, file) => {
    const c = sim.world.addChannel({ handle: `@alikevid${s}`, videos: 1 });
    const v = c.videos[0];
    if (s === 'geo') sim.world.setVideo(c.handle, v.id, { geoBlocked: ['DE'] });
    else if (s !== 'public') sim.world.setVideo(c.handle, v.id, { state: s });
    const r = recording(file);
    const realKey = String(r.request.videoId);
    const real = youtubeScraper.parsePost(recordedPage(file, { purpose: 'post' }), youtubeScraper.match('youtube:@someone')!, realKey);
    const ref = youtubeScraper.match(`youtube:${c.handle}`)!;
    for (const p of [await fetchPage(`/watch?v=${v.id}`, {}, 'post'), await api('/youtubei/v1/player', { videoId: v.id })]) {
      const mine = youtubeScraper.parsePost(p, ref, v.id);
      expect(mine.state).toBe(real.state);
      // no_verdict reasons open with the video's own state (private:, geo_blocked:, login_wall:).
      if (real.state === 'no_verdict') expect(mine.reason?.split(':')[0]).toBe(real.reason?.split(':')[0]);
    }
  });
});
