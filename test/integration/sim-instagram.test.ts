// The simulated Instagram over real HTTP: its answers carry the documented structure and the quoted
// markers (no licensed real recording exists to compare with: test/fixtures/instagram/PROVENANCE.md),
// the scraper reads them like the test answers written after the same documentation, and it answers
// by session cookie and by vantage country.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instagramScraper as ig } from '../../src/scrapers/instagram/index.js';
import type { FetchedPage, FetchPurpose } from '../../src/scrapers/types.js';
import { startInstagramSim, type InstagramSim } from '../../src/sim/instagram/index.js';
import { SIX, profile } from '../unit/scrapers/instagram/answers.js';

let sim: InstagramSim;
beforeAll(async () => {
  sim = await startInstagramSim();
  sim.model.addAccount({ username: 'parity_ig', fullName: 'Parity IG', biography: 'Monitoring.', isVerified: true });
  sim.model.post('parity_ig', { count: 13 });
  sim.model.post('parity_ig', { isVideo: true, views: 77 });
});
afterAll(async () => sim?.close());

const APP = { 'x-ig-app-id': '936619743392459' };
async function get(path: string, purpose: FetchPurpose, headers: Record<string, string> = APP): Promise<FetchedPage> {
  const url = sim.url + path;
  const r = await fetch(url, { headers, redirect: 'follow' });
  return { url, finalUrl: r.url, status: r.status, headers: Object.fromEntries(r.headers), body: Buffer.from(await r.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose };
}
const profilePath = (u: string): string => `/api/v1/users/web_profile_info/?username=${u}`;
const ref = (u: string) => ig.match(`instagram:${u}`)!;

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

describe('simulated Instagram: structure and markers', () => {
  it('the profile JSON has the documented nesting and fields, and parses like the documented answers', async () => {
    sim.model.loggedOut = 'open';
    const p = await get(profilePath('parity_ig'), 'listing');
    const json = JSON.parse(p.body.toString()) as { status: string; data: { user: Record<string, unknown> & { edge_owner_to_timeline_media: { edges: { node: Record<string, unknown> }[]; page_info: object; count: number } } } };
    expect(json.status).toBe('ok');
    const user = json.data.user;
    for (const k of ['id', 'username', 'full_name', 'biography', 'is_private', 'is_verified', 'country_block', 'edge_followed_by', 'edge_follow', 'profile_pic_url', 'profile_pic_url_hd', 'edge_owner_to_timeline_media']) expect(user, k).toHaveProperty(k);
    const media = user.edge_owner_to_timeline_media;
    expect(media.edges).toHaveLength(12); // the first page of the grid
    expect(media.page_info).toMatchObject({ has_next_page: true });
    for (const k of ['__typename', 'id', 'shortcode', 'display_url', 'is_video', 'edge_media_to_caption', 'taken_at_timestamp', 'thumbnail_src', 'pinned_for_users', 'owner']) expect(media.edges[0].node, k).toHaveProperty(k);
    const simObs = ig.parse(p, ref('parity_ig'));
    const docObs = ig.parse({ ...p, body: Buffer.from(profile({ nodes: [...SIX, { shortcode: 'DEvideo0001', takenAt: 1736300000, isVideo: true, views: 9 }], count: 71, hasNext: true })) }, ref('adrianhorning'));
    const missing = [...filled(docObs)].filter((f) => !filled(simObs).has(f) && !/^state(Reason)?$/.test(f));
    expect(missing).toEqual([]);
    expect(filled(simObs).has('channel.description')).toBe(true);
    expect(simObs.posts.some((x) => x.views === 77)).toBe(true);
  });

  it('the unavailable page carries the HTML-escaped "Sorry, this page isn&#039;t available." at 404', async () => {
    sim.model.addAccount({ username: 'gone_ig' });
    sim.model.makeUnavailable('gone_ig');
    const p = await get(profilePath('gone_ig'), 'listing');
    expect(p.status).toBe(404);
    expect(p.body.toString()).toContain('Sorry, this page isn&#039;t available.');
    expect(p.body.toString()).toContain('The link you followed may be broken, or the page may have been removed.');
    expect(ig.classify(p)).toMatchObject({ state: 'not_found', reason: expect.stringContaining('unavailable') });
    expect(ig.classify(await get('/gone_ig/', 'landing')).state).toBe('not_found');
  });

  it('without the app id header the API answers 400 "useragent mismatch" (no verdict)', async () => {
    const p = await get(profilePath('parity_ig'), 'listing', {});
    expect(p.status).toBe(400);
    expect(JSON.parse(p.body.toString())).toEqual({ message: 'useragent mismatch', status: 'fail' });
    expect(ig.classify(p).state).toBe('unknown');
  });

  it('a post page names its post; a removed one is the unavailable page; withheld in KZ only', async () => {
    const [post] = sim.model.post('parity_ig', { caption: 'to be removed' });
    expect(ig.parsePost(await get(`/p/${post.shortcode}/`, 'post'), ref('parity_ig'), post.shortcode).state).toBe('present');
    sim.model.geoBlockPost(post.shortcode, ['KZ']);
    expect(ig.parsePost(await get(`/p/${post.shortcode}/`, 'post', { 'x-sim-vantage': 'KZ' }), ref('parity_ig'), post.shortcode)).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('withheld') });
    sim.model.remove(post.shortcode);
    expect(ig.parsePost(await get(`/p/${post.shortcode}/`, 'post'), ref('parity_ig'), post.shortcode).state).toBe('missing');
  });
});

describe('simulated Instagram: sessions', () => {
  it('logged out behind the wall: 401 require_login; an issued sessionid is let in; a revoked one is the "logged out" answer', async () => {
    sim.model.loggedOut = 'wall';
    const out = await get(profilePath('parity_ig'), 'listing');
    expect(out.status).toBe(401);
    expect(JSON.parse(out.body.toString())).toEqual({ require_login: true, status: 'fail' });
    expect(ig.classify(out).state).toBe('login_wall');

    const s = (await (await fetch(`${sim.url}/__sim/session`, { method: 'POST' })).json()) as { name: string; value: string };
    expect(s.name).toBe('sessionid');
    const cookie = { ...APP, cookie: `csrftoken=x; sessionid=${s.value}` };
    expect(ig.classify(await get(profilePath('parity_ig'), 'listing', cookie)).state).toBe('ok');

    await fetch(`${sim.url}/__sim/session/revoke`, { method: 'POST', body: JSON.stringify({ value: s.value }) });
    const expired = await get(profilePath('parity_ig'), 'listing', cookie);
    expect(JSON.parse(expired.body.toString())).toMatchObject({ message: 'login_required', error_title: "You've Been Logged Out" });
    expect(ig.classify(expired)).toMatchObject({ state: 'login_wall', reason: expect.stringContaining('session expired') });
    // Post pages behind the wall redirect to the login page.
    const post = sim.model.listed(sim.model.account('parity_ig'))[0];
    const walled = await get(`/p/${post.shortcode}/`, 'post', {});
    expect(new URL(walled.finalUrl).pathname).toBe('/accounts/login/');
    expect(ig.parsePost(walled, ref('parity_ig'), post.shortcode).state).toBe('no_verdict');
  });
});

describe('simulated Instagram: vantage points', () => {
  it('withheld in KZ: country_block and no posts from KZ, the full profile from DE (and without a header)', async () => {
    sim.model.loggedOut = 'open';
    sim.model.addAccount({ username: 'blocked_kz' });
    sim.model.post('blocked_kz', { count: 3 });
    sim.model.geoBlock('blocked_kz', ['KZ']);
    const kz = await get(profilePath('blocked_kz'), 'listing', { ...APP, 'x-sim-vantage': 'KZ' });
    expect(JSON.parse(kz.body.toString()).data.user).toMatchObject({ country_block: true, edge_owner_to_timeline_media: { edges: [] } });
    expect(ig.classify(kz).state).toBe('geo_blocked');
    expect(ig.classify(await get(profilePath('blocked_kz'), 'listing', { ...APP, 'x-sim-vantage': 'DE' })).state).toBe('ok');
    expect(ig.classify(await get(profilePath('blocked_kz'), 'listing')).state).toBe('ok');
    expect(sim.model.truth.find((t) => t.account === 'blocked_kz')).toMatchObject({ type: 'account_geo_blocked', countries: ['KZ'] });
  });
});

describe('simulated Instagram: comments', () => {
  it('a farm and a surge under posts are served as the comments API answers them, logged in only, and parse as interactions', async () => {
    sim.model.addAccount({ username: 'commented_ig', fullName: 'Commented IG' });
    const [older, newest] = sim.model.post('commented_ig', { count: 2 });
    // The shortcode is the media pk in Instagram's encoding: the scraper addresses the comments API by it.
    const step = ig.planInteractions!(ref('commented_ig'), ig.settings.parse({ baseUrl: sim.url }), { id: `commented_ig/${newest.shortcode}`, key: newest.shortcode, order: '1', url: '', text: '', html: '', edited: false, links: [], media: [] })!;
    expect(step.url).toContain(`/api/v1/media/${newest.id}/comments/`);
    sim.model.attack('commented_ig', { count: 20, seed: 5, lookalikes: 1 });
    sim.model.surge('commented_ig', { count: 12, seed: 5, shortcode: older.shortcode });
    expect(sim.model.truth.at(-1)).toMatchObject({ type: 'attack_suspected', account: 'commented_ig', shortcode: newest.shortcode });

    sim.model.commentsLoggedOut = 'wall';
    const out = await get(new URL(step.url).pathname + new URL(step.url).search, 'interactions', step.headers as Record<string, string>);
    expect(out.status).toBe(401);
    const post = { id: '', key: newest.shortcode, order: '1', url: '', text: '', html: '', edited: false, links: [], media: [] };
    expect(ig.parseInteractions!(out, ref('commented_ig'), post)).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('login wall') });

    const s = (await (await fetch(`${sim.url}/__sim/session`, { method: 'POST' })).json()) as { value: string };
    const headers = { ...(step.headers as Record<string, string>), cookie: `sessionid=${s.value}` };
    const p = await get(`/api/v1/media/${newest.id}/comments/?can_support_threading=true`, 'interactions', headers);
    const json = JSON.parse(p.body.toString()) as { comments: Record<string, unknown>[]; comment_count: number; has_more_headload_comments: boolean; next_min_id?: string; status: string };
    expect(json).toMatchObject({ status: 'ok', comment_count: 20, has_more_headload_comments: true });
    expect(json.comments).toHaveLength(15); // the first page
    for (const k of ['pk', 'text', 'created_at', 'user', 'child_comment_count', 'preview_child_comments']) expect(json.comments[0], k).toHaveProperty(k);
    for (const k of ['pk', 'username', 'full_name', 'is_verified', 'profile_pic_url']) expect(json.comments[0].user, k).toHaveProperty(k);
    const r = ig.parseInteractions!(p, ref('commented_ig'), post);
    expect(r.state).toBe('ok');
    expect(r.total).toBe(20);
    expect(r.interactions).toHaveLength(15);
    // Farm accounts mostly carry Instagram's anonymous picture.
    expect(r.interactions.filter((i) => !i.author.avatar).length).toBeGreaterThan(8);
    // The older page, asked with the first page's cursor as min_id: the other 5, and no further cursor.
    expect(r.more).toBeDefined();
    const older2 = ig.parseInteractions!(await get(new URL(r.more!.url).pathname + new URL(r.more!.url).search, 'interactions', headers), ref('commented_ig'), post);
    expect(older2.interactions).toHaveLength(5);
    expect(older2.more).toBeUndefined();
    expect(new Set([...r.interactions, ...older2.interactions].map((i) => i.key)).size).toBe(20);

    const surge = ig.parseInteractions!(await get(`/api/v1/media/${older.id}/comments/`, 'interactions', headers), ref('commented_ig'), post);
    expect(surge.interactions).toHaveLength(12);
    expect(surge.interactions.filter((i) => i.author.avatar).length).toBeGreaterThan(6);

    newest.commentsDisabled = true;
    expect(ig.parseInteractions!(await get(`/api/v1/media/${newest.id}/comments/`, 'interactions', headers), ref('commented_ig'), post).state).toBe('none');
    newest.commentsDisabled = false;
    // A checkpoint or a 429 on the comments route only: no verdict, and the profile is not touched.
    sim.model.addFault({ kind: 'checkpoint', user: 'commented_ig', route: 'comments' });
    sim.model.addFault({ kind: 'http', status: 429, user: 'commented_ig', route: 'comments' });
    sim.model.loggedOut = 'open';
    expect(ig.classify(await get(profilePath('commented_ig'), 'listing')).state).toBe('ok');
    expect(ig.parseInteractions!(await get(`/api/v1/media/${newest.id}/comments/`, 'interactions', headers), ref('commented_ig'), post)).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('checkpoint') });
    expect(ig.parseInteractions!(await get(`/api/v1/media/${newest.id}/comments/`, 'interactions', headers), ref('commented_ig'), post)).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('429') });
    expect(sim.model.faults).toEqual([]);
  });
});
