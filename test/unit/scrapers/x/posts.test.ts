// X answers -> posts and post probes, on the real recordings: ids above 2^53 stay exact, retweets
// are the account's posts with their source, the pinned post never stretches the covered range,
// and a post's own answer tells "deleted" from "not shown".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xScraper } from '../../../../src/scrapers/x/index.js';
import { graphqlUrl } from '../../../../src/scrapers/x/graphql.js';
import { XSettings } from '../../../../src/scrapers/x/settings.js';
import { inRange } from '../../../../src/scrapers/order.js';
import type { FetchedPage, TargetRef } from '../../../../src/scrapers/types.js';

const s = XSettings.parse({});
const fx = (f: string) => readFileSync(new URL(`../../../fixtures/x/${f}`, import.meta.url));
const page = (body: Buffer | string, url: string, status = 200): FetchedPage => ({ url, finalUrl: url, status, headers: { 'content-type': 'application/json' }, body: Buffer.from(body), fetchedAt: '2026-08-01T00:00:00.000Z', purpose: 'listing' });
const ref = (spec: string, id?: string): TargetRef => ({ ...xScraper.match(spec)!, ...(id ? { id } : {}) });
const xdev = ref('x:XDevelopers', 'x:2244994945');
const tweetsUrl = xScraper.planListing(xdev, s).url;

describe('UserTweets (twscrape recording of @XDevelopers)', () => {
  const obs = xScraper.parse(page(fx('twscrape/raw_user_tweets.json'), tweetsUrl), xdev);

  it('keys and orders are the exact post ids (above 2^53), sorted', () => {
    const keys = obs.posts.map((p) => p.key);
    expect(keys).toContain('2083305234688803178');
    expect(Number('2083305234688803178') > Number.MAX_SAFE_INTEGER).toBe(true);
    for (const p of obs.posts) expect(p.order).toBe(p.key);
    expect([...keys].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(keys);
    expect(obs.range).toEqual({ min: '2072126677535346779', max: '2083305234688803178' });
    expect(obs.olderCursor).toMatch(/^DAAH/);
  });

  it('a retweet is the account post with its source, the source text and views', () => {
    const rt = obs.posts.find((p) => p.key === '2083305234688803178')!;
    expect(rt.forwardedFrom).toEqual({ name: '@benjitaylor', url: 'https://x.com/benjitaylor/status/2083289084567724316' });
    expect(rt.text.startsWith('Overhauled the 𝕏 Developer Console')).toBe(true);
    expect(rt.views).toBe(2062);
    expect(rt.url).toBe('https://x.com/XDevelopers/status/2083305234688803178');
    expect(rt.publishedAt).toBe('2026-07-31T21:34:08.000Z');
  });

  it('own posts carry media, links and unescaped text', () => {
    const own = obs.posts.find((p) => p.key === '2072126677535346779')!;
    expect(own.forwardedFrom).toBeUndefined();
    expect(own.media[0]).toMatchObject({ type: 'photo', url: 'https://pbs.twimg.com/media/HMGsNCDacAAMUUb.png' });
    expect(obs.posts.some((p) => p.text.includes('&amp;'))).toBe(false);
    expect(obs.posts.some((p) => p.text.includes(' & '))).toBe(true);
  });

  it('the pinned post (older than the page) is left out and does not stretch the range; conversation modules neither', () => {
    expect(obs.posts.some((p) => p.key === '2019881223666233717')).toBe(false);
    expect(obs.posts.some((p) => p.key === '2082640276389249363')).toBe(false);
    for (const p of obs.posts) expect(inRange(p.order, obs.range!)).toBe(true);
  });

  it('the stable content ignores views and media URL queries', () => {
    const p = obs.posts[0];
    expect(JSON.stringify(xScraper.stableContent({ ...p, views: 1 }))).toBe(JSON.stringify(xScraper.stableContent({ ...p, views: 99 })));
    expect(JSON.stringify(xScraper.stableContent({ ...p, text: `${p.text}!` }))).not.toBe(JSON.stringify(xScraper.stableContent(p)));
  });
});

describe('landing and listing plans', () => {
  it('the landing is UserByScreenName; the listing needs the id and a session, else falls back to the landing', () => {
    const bare = ref('x:XDevelopers');
    expect(xScraper.planLanding(bare, s).url).toContain('/UserByScreenName?');
    expect(xScraper.planListing(bare, s)).toMatchObject({ purpose: 'listing' });
    expect(xScraper.planListing(bare, s).url).toContain('/UserByScreenName?');
    const l = xScraper.planListing(xdev, s, 'DAAHcursor');
    expect(l.needsSession).toBe(true);
    expect(decodeURIComponent(l.url)).toContain('"userId":"2244994945"');
    expect(decodeURIComponent(l.url)).toContain('"cursor":"DAAHcursor"');
  });

  it('a landing parses to the account with its stable id', () => {
    const o = xScraper.parse({ ...page(fx('twscrape/raw_user_by_login.json'), xScraper.planLanding(xdev, s).url), purpose: 'landing' }, xdev);
    expect(o.channel).toMatchObject({ username: 'XDevelopers', channelId: 'x:2244994945', subscribers: 695695 });
    expect(o.posts).toEqual([]);
    expect(o.range).toBeUndefined();
  });
});

describe('parsePost (TweetResultByRestId / TweetDetail)', () => {
  const postUrl = xScraper.planPost(xdev, s, '1612926719035600906').url;
  const fragment = (f: string) => JSON.parse(fx(f).toString('utf8')) as { tweet_results: unknown };
  // The OpenTween items are timeline items; TweetResultByRestId puts the same result under data.tweetResult.
  const asPostAnswer = (f: string) => JSON.stringify({ data: { tweetResult: fragment(f).tweet_results } });

  it('TweetDetail code 144 and an empty tweetResult are missing', () => {
    expect(xScraper.parsePost(page(fx('opentween/Error_NotFound.json'), postUrl), xdev, '1').state).toBe('missing');
    expect(xScraper.parsePost(page('{"data":{"tweetResult":{}}}', postUrl), xdev, '1').state).toBe('missing');
  });

  it('a tombstone of a suspended account is no verdict (the account rules handle it); a deleted-by-author one is missing', () => {
    const r = xScraper.parsePost(page(asPostAnswer('opentween/TimelineTweet_TweetTombstone.json'), postUrl), xdev, '1');
    expect(r.state).toBe('no_verdict');
    expect(r.reason).toContain('suspended account');
    const deleted = '{"data":{"tweetResult":{"result":{"__typename":"TweetTombstone","tombstone":{"__typename":"TextTombstone","text":{"text":"This Post was deleted by the Post author. Learn more"}}}}}}';
    expect(xScraper.parsePost(page(deleted, postUrl), xdev, '1').state).toBe('missing');
  });

  it('protected and withheld posts are no verdict, with the reason', () => {
    const prot = xScraper.parsePost(page('{"data":{"tweetResult":{"result":{"__typename":"TweetUnavailable","reason":"Protected"}}}}', postUrl), xdev, '1');
    expect(prot).toMatchObject({ state: 'no_verdict', reason: 'TweetUnavailable (Protected)' });
    const withheld = '{"data":{"tweetResult":{"result":{"__typename":"TweetTombstone","tombstone":{"text":{"text":"This Post from @a has been withheld in Germany in response to a legal demand. Learn more."}}}}}}';
    expect(xScraper.parsePost(page(withheld, postUrl), xdev, '1').state).toBe('no_verdict');
  });

  it('a post behind TweetWithVisibilityResults is present', () => {
    const mktg = ref('x:TwitterMktg');
    const r = xScraper.parsePost(page(asPostAnswer('opentween/TimelineTweet_TweetWithVisibility.json'), postUrl), mktg, '1602775353088524288');
    expect(r.state).toBe('present');
    expect(r.post?.key).toBe('1602775353088524288');
  });

  it('429, 401 and garbage are no verdict', () => {
    expect(xScraper.parsePost(page('Rate limit exceeded', postUrl, 429), xdev, '1').state).toBe('no_verdict');
    expect(xScraper.parsePost(page('{"errors":[{"code":32,"message":"Could not authenticate you."}]}', postUrl, 401), xdev, '1').state).toBe('no_verdict');
    expect(xScraper.parsePost(page('<html>captcha</html>', postUrl), xdev, '1').state).toBe('no_verdict');
  });
});
