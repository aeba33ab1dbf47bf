// web scraper on listing and statement pages rendered by the press-office sim.
import { describe, expect, it } from 'vitest';
import { stableKey } from '../../../../src/scrapers/statement.js';
import { webScraper, parseListing, findDate, splitTarget } from '../../../../src/scrapers/web/index.js';
import { PressModel, renderItem, renderListing, renderNotFound, seedPress } from '../../../../src/sim/press/index.js';
import type { FetchedPage } from '../../../../src/scrapers/types.js';
import { describeScraper } from '../../../helpers/describeScraper.js';

const ORIGIN = 'http://127.0.0.1:9';
const LISTING = `${ORIGIN}/press/`;
const world = () => {
  const m = new PressModel(() => new Date('2025-12-01T00:00:00Z'));
  seedPress(m);
  return m;
};
const page = (url: string, body: string, status = 200, type = 'text/html; charset=utf-8'): FetchedPage => ({ url, finalUrl: url.replace(/#.*$/, ''), status, headers: { 'content-type': type }, body: Buffer.from(body), fetchedAt: '2026-01-01T00:00:00Z', purpose: 'listing' });

describeScraper(webScraper, {
  pages: [
    { body: renderListing(world().liveItems()), url: LISTING, target: `web:${LISTING}`, state: 'ok', minPosts: 5, channel: true },
    { body: renderNotFound(404), url: LISTING, status: 404, target: `web:${LISTING}`, state: 'not_found' },
    { body: renderNotFound(410), url: LISTING, status: 410, target: `web:${LISTING}`, state: 'not_found' },
  ],
  matches: [
    [`web:${LISTING}`, LISTING],
    ['web:HTTPS://MVD.Example/press', 'https://mvd.example/press'],
    ['web:https://mvd.example/press/#sel=li.news-item', 'https://mvd.example/press/#sel=li.news-item'],
    ['web:https://mvd.example/press/#sel=li.news-item%20a', 'https://mvd.example/press/#sel=li.news-item a'],
    ['web:https://mvd.example/press/#top', 'https://mvd.example/press/'],
    ['web:mvd.example/press', null],
    ['web:https://mvd.example/press/#sel=li[', null],
    ['https://mvd.example/press/', null],
    ['rss:https://mvd.example/rss', null],
  ],
  sampleListingUrl: LISTING,
});

describe('press listing (default selector "a")', () => {
  const t = webScraper.match(`web:${LISTING}`)!;
  const obs = webScraper.parse(page(LISTING, renderListing(world().liveItems())), t);

  it('keeps only statements: no menu, footer, pager or feed links', () => {
    expect(obs.posts).toHaveLength(5);
    for (const p of obs.posts) expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/press\/[a-z-]+$/);
  });

  it('each item has an absolute link as id, a hash key, an order from the date, the title and the printed date', () => {
    const p = obs.posts.find((x) => x.url === `${ORIGIN}/press/zayavlenie-o-massovyh-zaderzhaniyah`)!;
    expect(p.id).toBe(p.url);
    expect(p.key).toBe(stableKey(p.url));
    // Date-only listing: the day in ms x 1000 plus three digits of the key, so same-day items stay apart.
    expect(p.order).toBe(`${Date.parse('2025-11-10T09:00:00.000Z')}${p.key.slice(-3)}`);
    expect(p.text).toContain('Заявление пресс-службы о событиях 12 ноября');
    expect(p.publishedAt).toBe('2025-11-10T09:00:00.000Z');
  });

  it('reports the advertised feed for autodiscovery', () => {
    expect(obs.feedUrl).toBe(`${ORIGIN}/press/rss.xml`);
    expect(obs.reachedStart).toBe(true);
    expect(obs.range).toBeUndefined();
  });

  it('an edited title changes the item text; a removed item disappears', () => {
    const m = world();
    m.edit('o-proverke-soobscheniy-v-smi', { title: 'О проверке сообщений в СМИ (обновлено)' });
    m.remove('statement-on-detained-journalists');
    const after = webScraper.parse(page(LISTING, renderListing(m.liveItems())), t);
    expect(after.posts).toHaveLength(4);
    expect(after.posts.find((p) => p.url.endsWith('o-proverke-soobscheniy-v-smi'))?.text).toContain('(обновлено)');
    expect(after.posts.some((p) => p.url.endsWith('statement-on-detained-journalists'))).toBe(false);
  });
});

describe('selector override and autodiscovery', () => {
  it('#sel= travels in the planned URL fragment and picks item containers', () => {
    const t = webScraper.match(`web:${LISTING}#sel=li.news-item`)!;
    const step = webScraper.planListing(t, webScraper.settings.parse({}));
    expect(step.url).toBe(`${LISTING}#sel=li.news-item`);
    const obs = webScraper.parse(page(step.url, renderListing(world().liveItems())), t);
    expect(obs.posts).toHaveLength(5);
    expect(obs.posts[0].text).toMatch(/\n/); // date, title and lead of the container
  });

  it('the configured itemSelector applies when the target has none', () => {
    const t = webScraper.match(`web:${LISTING}`)!;
    expect(webScraper.planListing(t, webScraper.settings.parse({ itemSelector: '.news-item__title' })).url).toBe(`${LISTING}#sel=.news-item__title`);
    expect(webScraper.planListing(t, webScraper.settings.parse({})).url).toBe(LISTING);
  });

  it('a selector that matches nothing is unknown (never a takedown), unless a feed is advertised', () => {
    const body = '<html><head><title>x</title></head><body><p>redesigned</p></body></html>';
    expect(webScraper.classify(page(`${LISTING}#sel=.nope`, body)).state).toBe('unknown');
    const withFeed = body.replace('<title>', '<link rel="alternate" type="application/atom+xml" href="/feed.atom"><title>');
    const c = webScraper.classify(page(`${LISTING}#sel=.nope`, withFeed));
    expect(c.state).toBe('ok');
    const obs = webScraper.parse(page(`${LISTING}#sel=.nope`, withFeed), webScraper.match(`web:${LISTING}#sel=.nope`)!);
    expect(obs.feedUrl).toBe(`${ORIGIN}/feed.atom`);
    expect(obs.posts).toEqual([]);
  });

  it('an invalid selector is a typed error', () => {
    expect(() => parseListing('<a href="/press/x">x</a>', LISTING, 'li[')).toThrow(expect.objectContaining({ code: 'VGL_SPEC_INVALID' }));
  });

  it('splitTarget separates URL and selector', () => {
    expect(splitTarget('https://a.example/p/#sel=div.item')).toEqual({ url: 'https://a.example/p/', selector: 'div.item' });
  });
});

describe('statement pages (parseItem / planItem)', () => {
  const m = world();
  const item = m.items.get('zayavlenie-o-massovyh-zaderzhaniyah')!;
  const url = `${ORIGIN}/press/${item.slug}`;

  it('a statement page is present with its title and only the body text', () => {
    const html = renderItem(item);
    expect(Buffer.byteLength(html)).toBeGreaterThan(50_000);
    const r = webScraper.parseItem!(page(url, html));
    expect(r.state).toBe('present');
    expect(r.title).toBe('Заявление пресс-службы о событиях 12 ноября');
    expect(r.text).toBe('В ходе несанкционированной акции задержаны 14 человек.\nВсе задержанные доставлены в территориальные отделы полиции для составления протоколов.\nПрименение специальных средств не зафиксировано.');
  });

  it('404 and 410 are missing; 429, 503 and non-HTML give no verdict', () => {
    expect(webScraper.parseItem!(page(url, renderNotFound(404), 404)).state).toBe('missing');
    expect(webScraper.parseItem!(page(url, renderNotFound(410), 410)).state).toBe('missing');
    expect(webScraper.parseItem!(page(url, 'slow down', 429, 'text/plain')).state).toBe('no_verdict');
    expect(webScraper.parseItem!(page(url, '<h1>503</h1>', 503)).state).toBe('no_verdict');
    expect(webScraper.parseItem!(page(url, '%PDF-1.7', 200, 'application/pdf')).state).toBe('no_verdict');
  });

  it('planItem targets the item page itself', () => {
    const t = webScraper.match(`web:${LISTING}`)!;
    const post = webScraper.parse(page(LISTING, renderListing(m.liveItems())), t).posts[0];
    expect(webScraper.planItem!(t, webScraper.settings.parse({}), post)).toEqual({ via: 'http', url: post.url, purpose: 'post' });
  });
});

describe('findDate', () => {
  it.each([
    ['12 ноября 2025, 14:30', '2025-11-12'],
    ['Опубликовано 03.02.2024', '2024-02-03'],
    ['November 12, 2025', '2025-11-12'],
    ['12 November 2025', '2025-11-12'],
    ['2025-01-31 update', '2025-01-31'],
    ['no date here', undefined],
    ['45.13.2025', undefined],
  ])('%s → %s', (s, d) => {
    expect(findDate(s)).toBe(d);
  });
});
