// No public recording shows VK's blocked, deleted, banned, private, geo-blocked, rate-limit or
// login answers; the simulator renders VK's documented texts for them (src/sim/vk/README.md).
// This pins the two together: every modelled page classifies as the state it stands for, and none
// of the transient ones is a takedown.
import { describe, expect, it } from 'vitest';
import { vkScraper } from '../../../../src/scrapers/vk/index.js';
import { NO_VERDICT_STATES, type FetchedPage, type PageState } from '../../../../src/scrapers/types.js';
import { VkWorld, VK_TEXT, renderLogin, renderNotice, renderPostPage, renderWall } from '../../../../src/sim/vk/index.js';

const ctx = { origin: 'http://127.0.0.1:9', now: Date.parse('2026-03-01T12:00:00Z') };
const world = new VkWorld();
const club = world.add({ name: 'memorial', kind: 'community', id: 42, title: 'Memorial', followers: 1234 });
const user = world.add({ name: 'anna', kind: 'user', id: 7, title: 'Anna' });
for (let i = 0; i < 7; i++) world.addPost('memorial', { date: ctx.now / 1000 - 3600 * (6 - i), text: `post ${i}`, views: 10 + i, photos: i % 2 });

const page = (body: string, over: Partial<FetchedPage> = {}): FetchedPage => ({
  url: 'https://m.vk.com/memorial',
  finalUrl: 'https://m.vk.com/memorial',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(body),
  fetchedAt: new Date(ctx.now).toISOString(),
  purpose: 'listing',
  ...over,
});
const ref = vkScraper.match('vk:memorial')!;

describe('modelled VK answers classify as what they stand for', () => {
  it.each<[string, string, PageState, number?]>([
    ['blocked community', VK_TEXT.communityBlocked, 'restricted'],
    ['banned user', VK_TEXT.userBlocked, 'suspended'],
    ['deleted or never created (HTTP 404)', VK_TEXT.notFound, 'not_found', 404],
    ['geo-blocked in Russia', VK_TEXT.geoRu, 'geo_blocked'],
    ['geo-blocked elsewhere', VK_TEXT.geoOther, 'geo_blocked'],
    ['per-second limit (HTTP 200)', VK_TEXT.rateLimit, 'rate_limited'],
  ])('%s', (_name, text, state, status = 200) => {
    const c = vkScraper.classify(page(renderNotice(text), { status }));
    expect(c.state).toBe(state);
    expect(c.reason).toContain(text.replace(/\.$/, ''));
  });

  it('private profile and private community keep their header and say so', () => {
    expect(vkScraper.classify(page(renderNotice(VK_TEXT.privateUser, { account: user, ctx }))).state).toBe('private');
    expect(vkScraper.classify(page(renderNotice(VK_TEXT.privateCommunity, { account: club, ctx }))).state).toBe('private');
  });

  it('the wall parses: 5 posts newest first, "Show more" to offset 5, views exact, photos from the sim origin', () => {
    const obs = vkScraper.parse(page(renderWall(club, ctx)), ref);
    expect(obs.state).toBe('ok');
    expect(obs.posts.map((p) => p.order)).toEqual(['3', '4', '5', '6', '7']);
    expect(obs.olderCursor).toBe('4');
    expect(obs.channel).toMatchObject({ username: 'memorial', title: 'Memorial', subscribers: 1234, channelId: 'vk:club42' });
    expect(obs.posts.find((p) => p.order === '6')?.media[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/media\//);
    expect(obs.posts.find((p) => p.order === '7')?.publishedAt).toBe('2026-03-01T12:00:00.000Z');
  });

  it('a post that quotes a block notice is a post, not a block', () => {
    const w = new VkWorld();
    w.add({ name: 'quoting', id: 5 });
    w.addPost('quoting', { date: ctx.now / 1000, text: VK_TEXT.communityBlocked, views: 1, photos: 0 });
    expect(vkScraper.classify(page(renderWall(w.mustGet('quoting'), ctx))).state).toBe('ok');
  });

  it('the login page, by URL or by a redirect to it, is a login wall (no verdict)', () => {
    const c = vkScraper.classify(page(renderLogin(), { finalUrl: 'https://m.vk.com/login?to=bWVtb3JpYWw' }));
    expect(c.state).toBe('login_wall');
    expect(vkScraper.classify(page(renderLogin(), { finalUrl: 'https://id.vk.com/auth?x=1' })).state).toBe('login_wall');
  });

  it('transient answers are never a takedown', () => {
    for (const p of [
      page('Too Many Requests', { status: 429 }),
      page(renderNotice(VK_TEXT.rateLimit, { kind: 'error' })),
      page('<html><body>Please accept the terms</body></html>'),
      page('', { status: 503 }),
      page('<html><body><h1>404 Not Found</h1></body></html>', { status: 404 }),
    ]) {
      expect(NO_VERDICT_STATES.has(vkScraper.classify(p).state)).toBe(true);
    }
  });
});

describe('a post page', () => {
  it('present, deleted ("Запись удалена."), or the account notice (no verdict: the account rules decide)', () => {
    const post = club.posts[2]!;
    const key = `-42_${post.num}`;
    expect(vkScraper.parsePost(page(renderPostPage(club, post, ctx), { purpose: 'post' }), ref, key)).toMatchObject({ state: 'present', post: { key } });
    expect(vkScraper.parsePost(page(renderNotice(VK_TEXT.postDeleted), { purpose: 'post' }), ref, key).state).toBe('missing');
    for (const text of [VK_TEXT.communityBlocked, VK_TEXT.geoRu, VK_TEXT.rateLimit]) {
      expect(vkScraper.parsePost(page(renderNotice(text), { purpose: 'post' }), ref, key).state).toBe('no_verdict');
    }
    expect(vkScraper.parsePost(page(renderNotice(VK_TEXT.notFound), { status: 404, purpose: 'post' }), ref, key).state).toBe('no_verdict');
  });
});
