// `vigil inspect` (pure core) on real recorded answers of each merged platform that has them
// (test/fixtures/*/PROVENANCE.md). Instagram has no real recording in the repository (its tests
// build answers from documented markers), so it is not listed here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectAnswer, sniffType } from '../../../src/scrapers/inspect.js';
import { recording } from './youtube/fixtures.js';
import { fbFixture } from './facebook/fixtures.js';

const fx = (p: string): Buffer => readFileSync(new URL(`../../fixtures/${p}`, import.meta.url));

describe('inspectAnswer', () => {
  it('telegram: a channel preview, a landing, the free-username page, a post URL', () => {
    expect(inspectAnswer({ target: 'telegram:topwar_official', body: fx('telegram/any2feed/full.html') })).toMatchObject({ platform: 'telegram', kind: 'account', state: 'ok' });
    expect(inspectAnswer({ target: 'telegram:topwar_official', body: fx('telegram/any2feed/full.html') }).posts).toBeGreaterThanOrEqual(12);
    expect(inspectAnswer({ target: 'telegram:durov', body: fx('telegram/telegram-research/C02-landing-nonexistent.html') }).state).not.toBe('ok');
    const post = inspectAnswer({ target: 'https://t.me/topwar_official/123', body: fx('telegram/any2feed/full.html') });
    expect(post.kind).toBe('post');
  });

  it('x: a timeline (listing), a suspended landing, a deleted post by URL', () => {
    const tl = inspectAnswer({ target: 'x:XDevelopers', body: fx('x/twscrape/raw_user_tweets.json') });
    expect(tl).toMatchObject({ platform: 'x', kind: 'account', state: 'ok' });
    expect(tl.posts).toBeGreaterThanOrEqual(18);
    expect(inspectAnswer({ target: 'x:gone', body: fx('x/opentween/UserByScreenName_Suspended.json') })).toMatchObject({ state: 'suspended', posts: 0 });
    expect(inspectAnswer({ target: 'x:nobody', body: fx('x/opentween/UserByScreenName_Empty.json') }).state).toBe('not_found');
    expect(inspectAnswer({ target: 'x:XDevelopers', body: fx('x/opentween/HomeLatestTimeline_RateLimit.json') }).state).toBe('rate_limited');
    expect(inspectAnswer({ target: 'https://x.com/XDevelopers/status/1', body: fx('x/opentween/Error_NotFound.json') })).toEqual({ platform: 'x', kind: 'post', state: 'missing', reason: expect.anything(), posts: 0 });
    expect(inspectAnswer({ target: 'https://x.com/XDevelopers/status/1', body: Buffer.from('Rate limit exceeded'), status: 429 }).state).toBe('no_verdict');
  });

  it('youtube: a channel videos tab, a terminated channel, an age gate', () => {
    const ok = recording('np-channel-browse-ok-videos-tab-creativecommons.json');
    expect(inspectAnswer({ target: 'youtube:@creativecommons', body: Buffer.from(ok.body), status: ok.status }).posts).toBeGreaterThanOrEqual(30);
    const gone = recording('np-channel-browse-terminated-tos-UCTGjY2I.json');
    expect(inspectAnswer({ target: 'youtube:UCTGjY2I-ZUGnwVoWAGRd7XQ', body: Buffer.from(gone.body), status: gone.status }).state).toBe('suspended');
    const age = recording('np-channel-browse-age-gate-signin.json');
    expect(inspectAnswer({ target: 'youtube:UCbfnHqxXs_K3kvaH-WlNlig', body: Buffer.from(age.body), status: age.status }).state).toBe('login_wall');
  });

  it('facebook: a Page posts list', () => {
    const r = inspectAnswer({ target: 'facebook:nintendo', body: fbFixture('page-posts-list-Nintendo-2021-06-08.html') });
    expect(r).toMatchObject({ platform: 'facebook', state: 'ok' });
    expect(r.posts).toBeGreaterThanOrEqual(2);
  });

  it('vk: a community wall (windows-1251, charset sniffed from the page), an empty wall', () => {
    expect(inspectAnswer({ target: 'vk:habr', body: fx('vk/group_profile_page.html') }).posts).toBeGreaterThanOrEqual(10);
    expect(inspectAnswer({ target: 'vk:bobuk', body: fx('vk/user_profile_page_with_empty_wall.html') }).state).toBe('empty');
  });

  it('rss: a real Atom feed', () => {
    const feed = 'rss:https://www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA';
    expect(inspectAnswer({ target: feed, body: fx('youtube/atom-feed-youtube.xml') }).posts).toBeGreaterThanOrEqual(15);
  });

  it('a 429 and garbage are never a verdict', () => {
    expect(inspectAnswer({ target: 'telegram:durov', body: Buffer.from('Too Many Requests'), status: 429 }).state).toBe('rate_limited');
    expect(inspectAnswer({ target: 'telegram:durov', body: Buffer.from('<html><body>hello</body></html>') }).state).toBe('unknown');
  });
});

describe('sniffType', () => {
  it('JSON, XML feeds, HTML with a declared charset', () => {
    expect(sniffType(Buffer.from(' {"a":1}'))).toMatch(/json/);
    expect(sniffType(Buffer.from('<?xml version="1.0"?><feed>'))).toBe('application/xml');
    expect(sniffType(Buffer.from('<html><meta charset="windows-1251">'))).toBe('text/html; charset=windows-1251');
  });
});
