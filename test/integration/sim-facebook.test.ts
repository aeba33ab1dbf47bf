// The simulated Facebook mobile site against the recorded 2021 pages (test/fixtures/facebook): the
// same parser reads both, and every field a recorded page fills comes out filled from the
// simulated page of the same kind. Its modelled pages (unavailable, login, country block) carry
// the quoted strings; it answers by session cookies and by vantage country.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facebookScraper as fb } from '../../src/scrapers/facebook/index.js';
import type { FetchedPage, FetchPurpose } from '../../src/scrapers/types.js';
import { startFacebookSim, type FacebookSim } from '../../src/sim/facebook/index.js';
import { fbFixture } from '../unit/scrapers/facebook/fixtures.js';

let sim: FacebookSim;
beforeAll(async () => {
  sim = await startFacebookSim();
  sim.model.addPage({ vanity: 'parity.fb', name: 'Parity FB', verified: true, likes: 5_411_563 });
  sim.model.post('parity.fb', { attachment: 'video' });
  sim.model.post('parity.fb', { attachment: 'photo', text: 'Line one\nLine two' });
  sim.model.post('parity.fb', { count: 8 });
});
afterAll(async () => sim?.close());

async function get(path: string, purpose: FetchPurpose, headers: Record<string, string> = {}): Promise<FetchedPage> {
  const url = path.startsWith('http') ? path : sim.url + path;
  const r = await fetch(url, { headers, redirect: 'follow' });
  return { url, finalUrl: r.url, status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose };
}
const real = (file: string, url: string, purpose: FetchPurpose = 'listing'): FetchedPage => ({ url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: fbFixture(file), fetchedAt: '2021-06-08T00:00:00.000Z', purpose });
const ref = (k: string) => fb.match(`facebook:${k}`)!;

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
const missing = (realObs: unknown, simObs: unknown): string[] => [...filled(realObs)].filter((f) => !filled(simObs).has(f) && !/^state(Reason)?$/.test(f)).sort();

describe('simulated Facebook pages parse like the recorded ones', () => {
  it('posts tab: every field the recorded page fills is filled from the sim, markers alike', async () => {
    const simPage = await get('/parity.fb/posts/', 'listing');
    const simObs = fb.parse(simPage, ref('parity.fb'));
    const recObs = fb.parse(real('page-posts-list-Nintendo-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/'), ref('nintendo'));
    expect(fb.classify(simPage).state).toBe('ok');
    expect(missing(recObs, simObs)).toEqual([]);
    expect(simObs.channel?.channelId).toMatch(/^facebook:\d+$/);
    const html = simPage.body.toString();
    for (const marker of ['<title>Parity FB - Posts | Facebook</title>', 'id="pages_msite_body_contents"', 'data-sigil="m-feed-voice-subtitle"', 'story_body_container', 'id="mobile_login_bar"', 'loggedout_mobile_cta_footer', 'id="see_more_cards_id"', 'href:"/page_content_list_view/more/?page_id=']) {
      expect(html, marker).toContain(marker);
    }
  });

  it('"more" batch: a for (;;); payload like the recorded one, with the next batch after it', async () => {
    const first = fb.parse(await get('/parity.fb/posts/', 'listing'), ref('parity.fb'));
    const simPage = await get(first.olderCursor!, 'listing');
    expect(simPage.body.toString().startsWith('for (;;);{"payload":{"actions":[{"cmd":"replace","target":"see_more_cards_id","html":"\\u003Cdiv>')).toBe(true);
    const simObs = fb.parse(simPage, ref('parity.fb'));
    const recObs = fb.parse(real('page-posts-pagination-more-2021-06-08.html', 'https://m.facebook.com/page_content_list_view/more/?page_id=1'), ref('nintendo'));
    expect(missing(recObs, simObs)).toEqual([]);
    expect(simObs.posts).toHaveLength(4);
    expect(simObs.olderCursor).toBeDefined();
    // Batches walk the whole Page without overlap, oldest last, and end.
    const keys = new Set([...first.posts, ...simObs.posts].map((p) => p.key));
    let cursor = simObs.olderCursor;
    while (cursor) {
      const o = fb.parse(await get(cursor, 'listing'), ref('parity.fb'));
      for (const p of o.posts) keys.add(p.key);
      cursor = o.olderCursor;
      if (!cursor) expect(o.reachedStart).toBe(true);
    }
    expect(keys.size).toBe(10);
  });

  it("a post's own page is present like the recorded story page; removed, it is the unavailable page", async () => {
    const [post] = sim.model.post('parity.fb', { text: 'to be removed' });
    const p = await get(`/parity.fb/posts/${post.id}`, 'post');
    expect(fb.parsePost(p, ref('parity.fb'), post.id).state).toBe('present');
    expect(fb.parsePost(real('page-story-php-3065154550235644-2021-06-08.html', 'https://m.facebook.com/3065154550235644', 'post'), ref('nintendo'), '3065154550235644').state).toBe('present');
    sim.model.remove(post.id);
    const gone = await get(`/parity.fb/posts/${post.id}`, 'post');
    expect(gone.body.toString()).toContain('This content isn&#039;t available right now');
    expect(fb.parsePost(gone, ref('parity.fb'), post.id).state).toBe('missing');
  });

  it("a post's comments: every field the recorded page's comments fill is filled from the sim (logged out; logged in adds the vanity name)", async () => {
    const post = sim.model.surge('parity.fb', { seed: 5, count: 12, spanSeconds: 3000 });
    const pr = (key: string, page: string) => ({ id: `${page}/${key}`, key, order: '1', url: `https://www.facebook.com/${page}/posts/${key}`, text: '', html: '', edited: false, links: [], media: [] });
    const recorded = fb.parseInteractions!(real('page-single-post-4194934713924283-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/4194934713924283', 'interactions'), ref('nintendo'), pr('4194934713924283', 'nintendo'));
    const out = fb.parseInteractions!(await get(`/parity.fb/posts/${post.id}`, 'interactions'), ref('parity.fb'), pr(post.id, 'parity.fb'));
    expect(out.state).toBe('ok');
    expect(out.interactions.map((i) => i.key)).toEqual(post.commentList.map((c) => c.id));
    expect([...filled(out.interactions)].sort()).toEqual([...filled(recorded.interactions)].sort());
    // Ages as the mobile site prints them, read back to within the printed unit.
    for (const [i, c] of out.interactions.map((x, k) => [x, post.commentList[k]!] as const)) {
      expect(i.atShown).toMatch(/^(Just now|\d+ mins?)$/);
      expect(Math.abs(Date.parse(i.at!) - c.at)).toBeLessThan(61_000);
    }
    const s = sim.model.issueSession();
    const inside = fb.parseInteractions!(await get(`/parity.fb/posts/${post.id}`, 'interactions', { cookie: `c_user=${s.c_user}; xs=${s.xs}` }), ref('parity.fb'), pr(post.id, 'parity.fb'));
    expect(inside.interactions.map((i) => i.author.username)).toEqual(post.commentList.map((c) => c.username));
    // A commenter without a picture gets Facebook's silhouette: no avatar.
    expect(inside.interactions.map((i) => i.author.avatar)).toEqual(post.commentList.map((c) => c.avatar));
  });

  it('an unavailable Page: the quoted page, not_found with the "unavailable" reason', async () => {
    sim.model.addPage({ vanity: 'gone.page' });
    sim.model.makeUnavailable('gone.page');
    const p = await get('/gone.page/posts/', 'listing');
    expect(p.body.toString()).toContain('When this happens, it&#039;s usually because the owner only shared it with a small group of people');
    expect(fb.classify(p)).toMatchObject({ state: 'not_found', reason: expect.stringContaining('unavailable') });
  });
});

describe('simulated Facebook: sessions and walls', () => {
  it('a login-walled Page sends logged-out visitors to the login page; c_user + xs issued by the sim get in; revoked, the session is cleared', async () => {
    sim.model.addPage({ vanity: 'walled.page', loginWalled: true });
    sim.model.post('walled.page', { count: 2 });
    const out = await get('/walled.page/posts/', 'listing');
    expect(new URL(out.finalUrl).pathname).toBe('/login/');
    expect(out.body.toString()).toContain('You must log in to continue.');
    expect(fb.classify(out).state).toBe('login_wall');

    const s = (await (await fetch(`${sim.url}/__sim/session`, { method: 'POST' })).json()) as { cookies: { name: string; value: string }[] };
    expect(s.cookies.map((c) => c.name)).toEqual(['c_user', 'xs']);
    const cookie = s.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const inside = await get('/walled.page/posts/', 'listing', { cookie });
    expect(fb.classify(inside).state).toBe('ok');
    expect(inside.body.toString()).not.toContain('mobile_login_bar');

    await fetch(`${sim.url}/__sim/session/revoke`, { method: 'POST', body: JSON.stringify({ c_user: s.cookies[0].value }) });
    const r = await fetch(`${sim.url}/walled.page/posts/`, { headers: { cookie }, redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toMatch(/^\/login\/\?next=/);
    expect(r.headers.getSetCookie().some((c) => c.startsWith('xs=deleted'))).toBe(true);
  });

  it('faults: checkpoint and consent are walls, 429 is a rate limit', async () => {
    sim.model.addFault({ kind: 'checkpoint', page: 'parity.fb' });
    expect(fb.classify(await get('/parity.fb/posts/', 'listing')).state).toBe('login_wall');
    sim.model.addFault({ kind: 'consent', page: 'parity.fb' });
    expect(fb.classify(await get('/parity.fb/posts/', 'listing')).state).toBe('login_wall');
    sim.model.addFault({ kind: 'http', status: 429, page: 'parity.fb' });
    expect((await get('/parity.fb/posts/', 'listing')).status).toBe(429);
    expect(fb.classify(await get('/parity.fb/posts/', 'listing')).state).toBe('ok');
  });
});

describe('simulated Facebook: vantage points', () => {
  it('blocked in KZ, visible from DE', async () => {
    sim.model.addPage({ vanity: 'kz.blocked' });
    sim.model.post('kz.blocked', { count: 2 });
    sim.model.geoBlock('kz.blocked', ['KZ']);
    const kz = await get('/kz.blocked/posts/', 'listing', { 'x-sim-vantage': 'KZ' });
    expect(kz.body.toString()).toContain('This content is not available in your country.');
    expect(fb.classify(kz).state).toBe('geo_blocked');
    expect(fb.classify(await get('/kz.blocked/posts/', 'listing', { 'x-sim-vantage': 'de' })).state).toBe('ok');
    expect(fb.classify(await get('/kz.blocked/posts/', 'listing')).state).toBe('ok');
  });
});
