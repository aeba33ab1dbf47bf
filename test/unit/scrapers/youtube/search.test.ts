// YouTube shadowban_search parser: on the recorded results page (NewPipeExtractor's mock of
// /results, "No results found"), on the simulator's results pages (same envelope, videoRenderer /
// channelRenderer items) and on the failures that must be no verdict (429, bot check, consent,
// sign-in wall, a corrected query, a page that is no results page).
import { describe, expect, it } from 'vitest';
import { youtubeScraper } from '../../../../src/scrapers/youtube/index.js';
import { YouTubeSettings } from '../../../../src/scrapers/youtube/settings.js';
import type { FetchedPage, PostRecord } from '../../../../src/scrapers/types.js';
import { YtWorld } from '../../../../src/sim/youtube/model.js';
import { renderSearch } from '../../../../src/sim/youtube/search.js';
import { browsePage, consentPage, searchPage, sorryPage } from '../../../../src/sim/youtube/html.js';
import { ageGateBrowse, channelBrowse } from '../../../../src/sim/youtube/browse.js';
import { recordedPage, recording } from './fixtures.js';

const s = YouTubeSettings.parse({ baseUrl: 'http://127.0.0.1:9' });
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const page = (body: string, status = 200, finalUrl = 'http://127.0.0.1:9/results?search_query=x'): FetchedPage => ({ url: finalUrl, finalUrl, status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(body), fetchedAt: new Date(NOW).toISOString(), purpose: 'probe' });
const ref = (key: string) => youtubeScraper.match(`youtube:${key}`)!;

function world(): YtWorld {
  const w = new YtWorld(() => NOW);
  w.addChannel({ handle: '@quietone', videos: 4 });
  w.addChannel({ handle: '@other', videos: 2 });
  return w;
}
const results = (w: YtWorld, q: string): FetchedPage => page(searchPage(q, renderSearch(w.channels(), q, { now: NOW, origin: 'http://127.0.0.1:9', country: 'DE' })));

function paths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) paths(x, `${prefix}[]`, out);
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(`${prefix}.${k}`), paths(x, `${prefix}.${k}`, out));
  return out;
}
const initialData = (html: string): unknown => {
  const i = html.indexOf('var ytInitialData = ');
  const rest = html.slice(i + 'var ytInitialData = '.length);
  return JSON.parse(rest.slice(0, rest.indexOf(';</script>')));
};

describe('YouTube search probe', () => {
  it('plans the public results page for @handle and for a quoted title; a UC id alone has no handle to search', () => {
    expect(youtubeScraper.planSearch!(ref('@quietone'), s, { kind: 'handle', text: '@QuietOne' })!.url).toBe('http://127.0.0.1:9/results?search_query=%40QuietOne');
    expect(youtubeScraper.planSearch!(ref('@quietone'), s, { kind: 'phrase', text: 'Say "it" now' })!.url).toBe(`http://127.0.0.1:9/results?search_query=${encodeURIComponent('"Say  it  now"')}`);
    expect(youtubeScraper.planSearch!(ref('UCTwECeGqMZee77BjdoYtI2Q'), s, { kind: 'handle', text: 'UCTwECeGqMZee77BjdoYtI2Q' })).toBeUndefined();
    expect(youtubeScraper.planSearch!(ref('UCTwECeGqMZee77BjdoYtI2Q'), s, { kind: 'handle', text: '@creativecommons' })!.url).toContain('search_query=%40creativecommons');
  });

  it('the recorded results page with nothing found: ok, no video, the account not listed', () => {
    const r = recording('np-html-results-page-ytInitialData-ytcfg.json');
    expect(r.url).toContain('/results?search_query=');
    expect(youtubeScraper.parseSearch!(recordedPage('np-html-results-page-ytInitialData-ytcfg.json', { purpose: 'probe' }), ref('@quietone'))).toEqual({ state: 'ok', keys: [], account: false });
  });

  it("the simulator's empty answer has the recorded structure", () => {
    const sim = paths(initialData(results(world(), '"nothing like this"').body.toString('utf8')));
    const real = paths(initialData(recording('np-html-results-page-ytInitialData-ytcfg.json').body));
    expect([...sim].filter((k) => !real.has(k))).toEqual([]);
  });

  it('handle search lists the channel and its videos; another channel\'s videos are left out', () => {
    const w = world();
    const r = youtubeScraper.parseSearch!(results(w, '@quietone'), ref('@quietone'));
    expect(r.state).toBe('ok');
    expect(r.account).toBe(true);
    expect(r.keys.sort()).toEqual(w.get('@quietone')!.videos.map((v) => v.id).sort());
    // Addressed by channel id, the owner's browseId matches.
    expect(youtubeScraper.parseSearch!(results(w, '@quietone'), ref(w.get('@quietone')!.id)).keys).toHaveLength(4);
    expect(youtubeScraper.parseSearch!(results(w, '@other'), ref('@quietone'))).toEqual({ state: 'ok', keys: [], account: false });
  });

  it('exact title search finds the video; a channel kept out of search is found by neither', () => {
    const w = world();
    const v = w.get('@quietone')!.videos[1]!;
    expect(youtubeScraper.parseSearch!(results(w, `"${v.title}"`), ref('@quietone')).keys).toEqual([v.id]);
    w.setShadow('@quietone', true);
    expect(youtubeScraper.parseSearch!(results(w, `"${v.title}"`), ref('@quietone'))).toEqual({ state: 'ok', keys: [], account: false });
    expect(youtubeScraper.parseSearch!(results(w, '@quietone'), ref('@quietone'))).toEqual({ state: 'ok', keys: [], account: false });
    expect(w.truth.map((t) => [t.type, t.on])).toEqual([['shadowban_search', true]]);
  });

  it('429, the bot check, the consent page, a sign-in wall or a channel page are no verdict', () => {
    const w = world();
    const c = w.get('@quietone')!;
    const cases: FetchedPage[] = [
      page(sorryPage(), 429),
      page(sorryPage()),
      page(consentPage(), 200, 'https://consent.youtube.com/m?continue=x'),
      page(browsePage('YouTube', ageGateBrowse(c))),
      page(browsePage(c.title, channelBrowse(c, { now: NOW, origin: 'http://127.0.0.1:9', tab: 'videos', country: 'DE' }))),
      page('<html><body>Hotel WiFi</body></html>'),
      page('', 503),
    ];
    for (const p of cases) {
      const r = youtubeScraper.parseSearch!(p, ref('@quietone'));
      expect(r.state).toBe('no_verdict');
      expect(r.reason).toBeTruthy();
    }
  });

  it('a corrected query that lists nothing of the account is no verdict', () => {
    const data = renderSearch(world().channels(), '"a misspelt tittle"', { now: NOW, origin: 'x', country: 'DE' }) as { contents: { twoColumnSearchResultsRenderer: { primaryContents: { sectionListRenderer: { contents: { itemSectionRenderer: { contents: unknown[] } }[] } } } } };
    data.contents.twoColumnSearchResultsRenderer.primaryContents.sectionListRenderer.contents[0]!.itemSectionRenderer.contents.unshift({ showingResultsForRenderer: { correctedQuery: { runs: [{ text: 'a misspelt title' }] } } });
    expect(youtubeScraper.parseSearch!(page(searchPage('q', data)), ref('@quietone')).state).toBe('no_verdict');
  });

  it('the phrase is the title; a video shown only with an age counts by the latest time it allows', () => {
    const post: PostRecord = { id: '@q/abc', key: 'abcdefghijk', order: String(NOW - 3 * 86_400_000), url: '', text: 'Short title\n\nThe description goes on here', html: '', edited: false, links: [], media: [] };
    expect(youtubeScraper.searchPhrase!(post)).toBe('Short title');
    expect(youtubeScraper.publishedNoLaterThan!(post)).toBe(NOW - 3 * 86_400_000);
  });
});
