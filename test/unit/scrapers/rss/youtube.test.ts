// rss scraper on the real YouTube channel feed (test/fixtures/youtube, see PROVENANCE.md).
import { describe, expect, it } from 'vitest';
import { stableKey, statementOrder } from '../../../../src/scrapers/statement.js';
import { rssScraper } from '../../../../src/scrapers/rss/index.js';
import { readFeed } from '../../../../src/scrapers/rss/feed.js';
import { PostRecord } from '../../../../src/scrapers/types.js';
import { describeScraper, fixturePage } from '../../../helpers/describeScraper.js';

const FEED = 'https://www.youtube.com/feeds/videos.xml?channel_id=UC9PBzalIcEQCsiIkq36PyUA';
const page = () => fixturePage({ file: 'youtube/atom-feed-youtube.xml', url: FEED, headers: { 'content-type': 'application/atom+xml; charset=UTF-8' } });

describeScraper(rssScraper, {
  pages: [
    { file: 'youtube/atom-feed-youtube.xml', url: FEED, target: `rss:${FEED}`, state: 'ok', minPosts: 15, channel: true, headers: { 'content-type': 'application/atom+xml' } },
    { body: '<html><body>Not Found</body></html>', url: FEED, status: 404, target: `rss:${FEED}`, state: 'not_found' },
    { body: 'Gone', url: FEED, status: 410, target: `rss:${FEED}`, state: 'not_found' },
  ],
  matches: [
    [`rss:${FEED}`, FEED],
    [FEED, FEED],
    ['rss:HTTPS://Gov.Example:443/press/rss.xml#top', 'https://gov.example/press/rss.xml'],
    ['rss:http://127.0.0.1:8080/feed.json', 'http://127.0.0.1:8080/feed.json'],
    ['rss:not a url', null],
    ['rss:ftp://example.com/feed', null],
    ['https://example.com/feed.xml', null],
    ['telegram:durov', null],
  ],
  sampleListingUrl: FEED,
});

describe('YouTube channel feed (real fixture)', () => {
  const t = rssScraper.match(`rss:${FEED}`)!;
  const obs = rssScraper.parse(page(), t);

  it('is recognised as a YouTube feed with 15 entries and the channel id', () => {
    expect(readFeed(page().body, FEED)?.kind).toBe('youtube');
    expect(obs.posts).toHaveLength(15);
    expect(obs.channel?.title).toBe('Digital Foundry');
    expect(obs.channel?.channelId).toBe('UC9PBzalIcEQCsiIkq36PyUA');
    expect(obs.reachedStart).toBe(true);
    expect(obs.range).toBeUndefined();
  });

  it('newest entry: video id, URL, dates, views, title in text, thumbnail', () => {
    const p = obs.posts[0];
    expect(p.id).toBe('yt:video:W_S7iKZZdHw');
    expect(p.url).toBe('https://www.youtube.com/watch?v=W_S7iKZZdHw');
    expect(p.publishedAt).toBe('2025-01-01T16:07:24.000Z');
    expect(p.views).toBe(23088);
    expect(p.text.startsWith('Digital Foundry Games of 2024: The Oliver Mackenzie Collection!\n\nAs the holiday period')).toBe(true);
    expect(p.media[0]).toMatchObject({ type: 'video', url: 'https://www.youtube.com/v/W_S7iKZZdHw?version=3', thumbUrl: 'https://i4.ytimg.com/vi/W_S7iKZZdHw/hqdefault.jpg' });
    expect(p.links).toContain('https://store.digitalfoundry.net');
    expect(p.author).toBe('Digital Foundry');
  });

  it('every entry is a valid PostRecord with views, a unique stable key and a publication order', () => {
    const newest = obs.posts.map((p) => p.publishedAt!).sort().at(-1);
    expect(newest?.startsWith('2025-01-01')).toBe(true);
    for (const p of obs.posts) {
      expect(() => PostRecord.parse(p)).not.toThrow();
      expect(p.id).toMatch(/^yt:video:[\w-]{11}$/);
      // The key is the 48-bit hash of the entry id (as `num` was); the order follows the publication time.
      expect(p.key).toBe(stableKey(p.id));
      expect(p.order).toBe(statementOrder(p.key, p.publishedAt));
      expect(BigInt(p.order) / 1000n).toBe(BigInt(Date.parse(p.publishedAt!)));
      expect(typeof p.views).toBe('number');
    }
    expect(new Set(obs.posts.map((p) => p.key)).size).toBe(15);
    expect(rssScraper.parse(page(), t).posts.map((p) => [p.key, p.order])).toEqual(obs.posts.map((p) => [p.key, p.order]));
  });

  it('parsePost finds a listed item by key and gives no verdict for an unlisted one', () => {
    const num = obs.posts[3].key;
    expect(rssScraper.parsePost({ ...page(), purpose: 'post' }, t, num).state).toBe('present');
    expect(rssScraper.parsePost({ ...page(), purpose: 'post' }, t, '12345').state).toBe('no_verdict');
    expect(rssScraper.parsePost({ ...page(), status: 404 }, t, num).state).toBe('no_verdict');
  });

  it('plans the feed itself, and the item page for planItem', () => {
    expect(rssScraper.planListing(t, rssScraper.settings.parse({}))).toEqual({ via: 'http', url: FEED, purpose: 'listing' });
    expect(rssScraper.planItem!(t, rssScraper.settings.parse({}), obs.posts[0])).toEqual({ via: 'http', url: 'https://www.youtube.com/watch?v=W_S7iKZZdHw', purpose: 'post' });
  });
});
