// The simulated press office over real HTTP on 127.0.0.1, read through the rss/web scrapers:
// listing, feeds, statement pages, edit/remove/fault and ground truth.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssScraper } from '../../src/scrapers/rss/index.js';
import { webScraper } from '../../src/scrapers/web/index.js';
import type { FetchStep, FetchedPage } from '../../src/scrapers/types.js';
import { startPressSite, type PressSite } from '../../src/sim/press/index.js';
import { textDiff } from '../../src/detect/text-diff.js';

async function get(step: FetchStep): Promise<FetchedPage> {
  const res = await fetch(step.url.replace(/#.*$/, ''), { redirect: 'follow' });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { url: step.url, finalUrl: res.url, status: res.status, headers, body: Buffer.from(await res.arrayBuffer()), fetchedAt: new Date().toISOString(), purpose: step.purpose };
}

// Defaults of both platforms' settings (each scraper reads its own keys).
const S = { ...webScraper.settings.parse({}), ...rssScraper.settings.parse({}) };
let site: PressSite;
beforeEach(async () => {
  site = await startPressSite();
});
afterEach(async () => {
  await site.close();
});

describe('press-office sim over HTTP', () => {
  it('listing, RSS, JSON Feed and YouTube feed all show the same statements', async () => {
    const web = webScraper.match(`web:${site.url}/press`)!;
    const listing = await get(webScraper.planListing(web, S));
    expect(webScraper.classify(listing).state).toBe('ok');
    const obs = webScraper.parse(listing, web);
    expect(obs.posts).toHaveLength(5);
    expect(obs.feedUrl).toBe(`${site.url}/press/rss.xml`);

    const rss = rssScraper.match(`rss:${obs.feedUrl}`)!;
    const feed = rssScraper.parse(await get(rssScraper.planListing(rss, S)), rss);
    const json = rssScraper.match(`rss:${site.url}/press/feed.json`)!;
    const jfeed = rssScraper.parse(await get(rssScraper.planListing(json, S)), json);
    const urls = obs.posts.map((p) => p.url).sort();
    expect(feed.posts.map((p) => p.url).sort()).toEqual(urls);
    expect(jfeed.posts.map((p) => p.url).sort()).toEqual(urls);

    const yt = rssScraper.match(`rss:${site.youtubeFeedUrl}`)!;
    const videos = rssScraper.parse(await get(rssScraper.planListing(yt, S)), yt);
    expect(videos.posts).toHaveLength(3);
    expect(videos.posts.every((p) => typeof p.views === 'number')).toBe(true);
  });

  it('a statement page is ~60 KB with an image that loads', async () => {
    const rss = rssScraper.match(`rss:${site.url}/press/rss.xml`)!;
    const post = rssScraper.parse(await get(rssScraper.planListing(rss, S)), rss).posts[0];
    const p = await get(rssScraper.planItem!(rss, S, post));
    expect(p.body.length).toBeGreaterThan(50_000);
    expect(p.body.length).toBeLessThan(120_000);
    expect(rssScraper.parseItem!(p).state).toBe('present');
    const img = await fetch(post.media[0].url!);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
  });

  it('edit: the new text is served everywhere and ground truth keeps both versions', async () => {
    const slug = 'zayavlenie-o-massovyh-zaderzhaniyah';
    const url = `${site.url}/press/${slug}`;
    const before = webScraper.parseItem!(await get({ via: 'http', url, purpose: 'post' }));
    site.control.edit(slug, { text: 'В ходе несанкционированной акции задержаны 140 человек.\nПрименение специальных средств не зафиксировано.' });
    const after = webScraper.parseItem!(await get({ via: 'http', url, purpose: 'post' }));
    expect(after.text).not.toBe(before.text);
    expect(after.text).toContain('140 человек');

    const truth = site.control.truth();
    expect(truth).toHaveLength(1);
    expect(truth[0]).toMatchObject({ type: 'post_edited', item: slug, before: before.text, after: after.text });
    expect(site.control.item(slug)?.versions).toHaveLength(2);
    const d = textDiff(truth[0].before!, truth[0].after!);
    expect(d).toContain('-Все задержанные доставлены');

    const rss = rssScraper.match(`rss:${site.url}/press/rss.xml`)!;
    const feed = rssScraper.parse(await get(rssScraper.planListing(rss, S)), rss);
    expect(feed.posts.find((p) => p.url === url)?.text).toContain('140 человек');
  });

  it('remove: the item answers 404/410, is missing, and is gone from listing and feeds', async () => {
    site.control.remove('o-proverke-soobscheniy-v-smi', { status: 410 });
    site.control.remove('statement-on-detained-journalists');
    const gone410 = await get({ via: 'http', url: `${site.url}/press/o-proverke-soobscheniy-v-smi`, purpose: 'post' });
    const gone404 = await get({ via: 'http', url: `${site.url}/press/statement-on-detained-journalists`, purpose: 'post' });
    expect([gone410.status, gone404.status]).toEqual([410, 404]);
    expect(webScraper.parseItem!(gone410).state).toBe('missing');
    expect(webScraper.parseItem!(gone404).state).toBe('missing');

    const web = webScraper.match(`web:${site.url}/press/`)!;
    expect(webScraper.parse(await get(webScraper.planListing(web, S)), web).posts).toHaveLength(3);
    const json = rssScraper.match(`rss:${site.url}/press/feed.json`)!;
    expect(rssScraper.parse(await get(rssScraper.planListing(json, S)), json).posts).toHaveLength(3);
    expect(site.control.truth().map((t) => [t.type, t.item])).toEqual([
      ['post_deleted', 'o-proverke-soobscheniy-v-smi'],
      ['post_deleted', 'statement-on-detained-journalists'],
    ]);
  });

  it('faults: 429 and 503 are no-verdict answers, then the site recovers', async () => {
    const rss = rssScraper.match(`rss:${site.url}/press/rss.xml`)!;
    site.control.fault({ status: 429, count: 1, path: '/press/', retryAfter: 7 });
    const limited = await get(rssScraper.planListing(rss, S));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(rssScraper.classify(limited).state).toBe('rate_limited');

    site.control.fault({ status: 503, count: 2 });
    const down = await get({ via: 'http', url: `${site.url}/press/briefing-of-the-official-representative`, purpose: 'post' });
    expect(webScraper.parseItem!(down).state).toBe('no_verdict');
    const web = webScraper.match(`web:${site.url}/press/`)!;
    expect(webScraper.classify(await get(webScraper.planListing(web, S))).state).toBe('unknown');

    expect(rssScraper.classify(await get(rssScraper.planListing(rss, S))).state).toBe('ok');
    expect(site.control.truth()).toEqual([]);
  });

  it('publish: a new statement appears first in listing and feed', async () => {
    site.control.publish({ slug: 'novoe-zayavlenie', title: 'Новое заявление', text: 'Текст заявления.', at: '2026-01-05T08:00:00.000Z' });
    const rss = rssScraper.match(`rss:${site.url}/press/rss.xml`)!;
    const feed = rssScraper.parse(await get(rssScraper.planListing(rss, S)), rss);
    expect(feed.posts[0].url).toBe(`${site.url}/press/novoe-zayavlenie`);
    expect(feed.posts[0].publishedAt).toBe('2026-01-05T08:00:00.000Z');
    const web = webScraper.match(`web:${site.url}/press/`)!;
    expect(webScraper.parse(await get(webScraper.planListing(web, S)), web).posts[0].url).toBe(`${site.url}/press/novoe-zayavlenie`);
  });
});
