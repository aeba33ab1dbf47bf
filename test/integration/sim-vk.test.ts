// The VK simulator over HTTP: its pages parse like the real m.vk.com capture (parity), it answers by
// vantage (blocked in one country, visible from another), by session (remixsid), and with VK's
// transient answers; paging by offset covers the wall without gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vkScraper, VkSettings } from '../../src/scrapers/vk/index.js';
import { mergeObservations } from '../../src/detect/merge.js';
import type { FetchedPage, Observation, TargetRef } from '../../src/scrapers/types.js';
import { startVkSim, VK_SESSION_COOKIE, type VkSimServer } from '../../src/sim/index.js';
import { fixturePage } from '../helpers/describeScraper.js';

let vk: VkSimServer;
beforeAll(async () => {
  vk = await startVkSim();
  vk.sim.apply({ type: 'account', name: 'parity_club', title: 'Parity club', about: 'Monitoring.\nSecond line.', verified: true, followers: 23456 });
  // Like the capture: an old pinned video on top, then the newest posts with a photo and a link.
  vk.sim.apply({ type: 'post', account: 'parity_club', text: 'Video report', video: { seconds: 3107, title: 'Report' }, pin: true });
  vk.sim.apply({ type: 'post', account: 'parity_club', count: 12, photos: 1, link: 'https://example.org/statement' });
});
afterAll(async () => vk?.close());

async function get(path: string, purpose: FetchedPage['purpose'] = 'listing', headers: Record<string, string> = {}): Promise<FetchedPage> {
  const url = vk.url + path;
  const res = await fetch(url, { redirect: 'follow', headers });
  return { url, finalUrl: res.url, status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose };
}
const ref = (key: string): TargetRef => vkScraper.match(`vk:${key}`)!;

/** Paths of every non-empty leaf field, with array indexes folded ("posts[].views"). */
function filled(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (value === undefined || value === null || value === '' || value === false) return out;
  if (Array.isArray(value)) {
    for (const v of value) filled(v, `${path}[]`, out);
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) filled(v, path ? `${path}.${k}` : k, out);
    return out;
  }
  out.add(path);
  return out;
}

describe('parity with the real m.vk.com capture', () => {
  it('the wall fills every field the real page fills', async () => {
    const sim = vkScraper.parse(await get('/parity_club'), ref('parity_club'));
    const real = vkScraper.parse({ ...fixturePage({ file: 'vk/spevktator/vk_life.html', url: 'https://m.vk.com/life' }), fetchedAt: '2022-08-25T12:47:10.000Z' }, ref('life'));
    const simFields = filled(sim);
    // Counter names are data (the real community has articles and videos), not markup.
    const missing = [...filled(real)].filter((f) => !simFields.has(f) && !/^channel\.counters\./.test(f));
    expect(missing).toEqual([]);
    expect(sim.channel?.channelId).toMatch(/^vk:club\d+$/);
    expect(sim.posts.map((p) => p.order)).toEqual(['1', '10', '11', '12', '13']);
    expect(sim.range).toEqual({ min: '10', max: '13' }); // the pinned post is outside it, as on the real page
    expect(sim.olderCursor).toBe('4');
  });

  it('a post page shows that post', async () => {
    const wall = vkScraper.parse(await get('/parity_club'), ref('parity_club'));
    const key = wall.posts[0]!.key;
    const probe = vkScraper.parsePost(await get(`/wall${key}`, 'post'), ref('parity_club'), key);
    expect(probe).toMatchObject({ state: 'present', post: { key } });
  });
});

describe('paging', () => {
  it('newest page + offset pages (overlapping by one) cover every post: the merged range has no gap', async () => {
    const pages: Observation[] = [vkScraper.parse(await get('/parity_club'), ref('parity_club'))];
    while (pages.at(-1)!.olderCursor && pages.length < 6) {
      pages.push(vkScraper.parse(await get(vkScraper.planListing(ref('parity_club'), VkSettings.parse({ baseUrl: vk.url }), pages.at(-1)!.olderCursor).url.slice(vk.url.length)), ref('parity_club')));
    }
    const merged = mergeObservations(pages);
    expect(merged.posts.map((p) => Number(p.order)).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(pages.at(-1)!.reachedStart).toBe(true);
  });
});

describe('vantage points (x-sim-vantage)', () => {
  it('blocked in RU, visible from DE (and from no header = DE)', async () => {
    vk.sim.apply({ type: 'account', name: 'geo_club', posts: 3 });
    vk.sim.apply({ type: 'geo_block', account: 'geo_club', countries: ['ru', 'BY'] });
    const ru = vkScraper.classify(await get('/geo_club', 'listing', { 'x-sim-vantage': 'RU' }));
    expect(ru).toEqual({ state: 'geo_blocked', reason: 'Данный материал заблокирован на территории Российской Федерации' });
    expect(vkScraper.classify(await get('/geo_club', 'listing', { 'x-sim-vantage': 'BY' })).state).toBe('geo_blocked');
    expect(vkScraper.classify(await get('/geo_club', 'listing', { 'x-sim-vantage': 'DE' })).state).toBe('ok');
    expect(vkScraper.classify(await get('/geo_club')).state).toBe('ok');
    expect(vk.stats.byVantage.RU).toBeGreaterThan(0);
  });
});

describe('sessions (remixsid)', () => {
  it('a login-only profile: the login page without a session, the wall with an issued one, the login page again once revoked', async () => {
    vk.sim.apply({ type: 'account', name: 'closed_user', kind: 'user', posts: 2 });
    vk.sim.apply({ type: 'login_only', account: 'closed_user' });
    const anon = await get('/closed_user');
    expect(new URL(anon.finalUrl).pathname).toBe('/login');
    expect(vkScraper.classify(anon).state).toBe('login_wall');
    const session = (await (await fetch(`${vk.url}/__sim/session`, { method: 'POST' })).json()) as { cookie: string; value: string };
    expect(session.cookie).toBe(VK_SESSION_COOKIE);
    const cookie = { cookie: `${session.cookie}=${session.value}` };
    expect(vkScraper.classify(await get('/closed_user', 'listing', cookie)).state).toBe('ok');
    await fetch(`${vk.url}/__sim/session/revoke`, { method: 'POST', body: JSON.stringify({ value: session.value }) });
    expect(vkScraper.classify(await get('/closed_user', 'listing', cookie)).state).toBe('login_wall');
    expect(vkScraper.classify(await get('/closed_user', 'listing', { cookie: `${VK_SESSION_COOKIE}=forged` })).state).toBe('login_wall');
  });
});

describe('states and faults over HTTP', () => {
  it('block, ban, delete, private; rate limit and garbage are no verdict', async () => {
    vk.sim.apply({ type: 'account', name: 'st_club', posts: 2 });
    vk.sim.apply({ type: 'account', name: 'st_user', kind: 'user', posts: 2 });
    vk.sim.apply({ type: 'account', name: 'st_gone', posts: 2 });
    vk.sim.apply({ type: 'account', name: 'st_priv', kind: 'user', posts: 2 });
    vk.sim.apply({ type: 'block', account: 'st_club' });
    vk.sim.apply({ type: 'block', account: 'st_user' });
    vk.sim.apply({ type: 'delete_account', account: 'st_gone' });
    vk.sim.apply({ type: 'make_private', account: 'st_priv' });
    expect(vkScraper.classify(await get('/st_club')).state).toBe('restricted');
    expect(vkScraper.classify(await get('/st_user')).state).toBe('suspended');
    const gone = await get('/st_gone');
    expect(gone.status).toBe(404);
    expect(vkScraper.classify(gone).state).toBe('not_found');
    expect(vkScraper.classify(await get('/st_priv')).state).toBe('private');
    vk.sim.apply({ type: 'account', name: 'flaky', posts: 2 });
    vk.sim.apply({ type: 'fault', kind: 'rate_limit', channel: 'flaky', count: 1 });
    vk.sim.apply({ type: 'fault', kind: 'garbage', channel: 'flaky', count: 1 });
    expect(vkScraper.classify(await get('/flaky')).state).toBe('rate_limited');
    expect(vkScraper.classify(await get('/flaky')).state).toBe('unknown');
    expect(vkScraper.classify(await get('/flaky')).state).toBe('ok');
    expect(vk.sim.truth.map((t) => t.type)).toEqual(expect.arrayContaining(['account_restricted', 'account_suspended', 'account_deleted', 'account_private', 'account_geo_blocked']));
  });

  it('a renamed account: the old name is "not found", the numeric address answers under the new name', async () => {
    vk.sim.apply({ type: 'account', name: 'old_name', posts: 2 });
    const id = vk.sim.world.mustGet('old_name').id;
    vk.sim.apply({ type: 'rename', account: 'old_name', to: 'new_name' });
    expect(vkScraper.classify(await get('/old_name')).state).toBe('not_found');
    const byId = vkScraper.parse(await get(`/club${id}`), ref(`club${id}`));
    expect(byId.channel).toMatchObject({ username: 'new_name', channelId: `vk:club${id}` });
  });
});
