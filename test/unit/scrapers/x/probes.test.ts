// X shadow-ban probe parsers on real recorded answers (twscrape's SearchTimeline and TweetDetail,
// test/fixtures/x/PROVENANCE.md) and on the failures that must be no verdict.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FetchedPage, PostRecord } from '../../../../src/scrapers/types.js';
import { xScraper } from '../../../../src/scrapers/x/index.js';
import { XSettings } from '../../../../src/scrapers/x/settings.js';

const s = XSettings.parse({});
const fixture = (f: string): Buffer => readFileSync(new URL(`../../../fixtures/x/${f}`, import.meta.url));
const page = (body: Buffer | string, status = 200): FetchedPage => ({ url: 'https://x.com/i/api/x', finalUrl: 'https://x.com/i/api/x', status, headers: { 'content-type': 'application/json' }, body: Buffer.from(body), fetchedAt: '2026-01-01T00:00:00.000Z', purpose: 'probe' });
const ref = (key: string) => xScraper.match(`x:${key}`)!;
const reply = (key: string, parent: string): PostRecord => ({ id: `a/${key}`, key, order: key, url: `https://x.com/a/status/${key}`, text: 'r', html: 'r', edited: false, links: [], media: [], replyTo: { url: `https://x.com/XDevelopers/status/${parent}` } });

describe('X shadow-ban probes', () => {
  it('plans search (from: and exact phrase), typeahead and the conversation of a reply', () => {
    const h = xScraper.planSearch!(ref('QuietOne'), s, { kind: 'handle', text: 'quietone' })!;
    expect(h.url).toContain('/SearchTimeline?');
    expect(new URL(h.url).searchParams.get('variables')).toContain('from:quietone');
    const p = xScraper.planSearch!(ref('QuietOne'), s, { kind: 'phrase', text: 'say "it" now' })!;
    expect(JSON.parse(new URL(p.url).searchParams.get('variables')!).rawQuery).toBe('"say  it  now" from:quietone');
    expect(xScraper.planTypeahead!(ref('QuietOne'), s)!.url).toMatch(/\/i\/api\/1\.1\/search\/typeahead\.json\?src=search_box&result_type=users&q=%40quietone$/);
    const c = xScraper.planConversation!(ref('a'), s, reply('5', '1649191520250245121'))!;
    expect(JSON.parse(new URL(c.url).searchParams.get('variables')!).focalTweetId).toBe('1649191520250245121');
  });

  it('search: the account\'s own posts in the recorded SearchTimeline, nobody else\'s', () => {
    const r = xScraper.parseSearch!(page(fixture('twscrape/raw_search.json')), ref('niccruzpatane'));
    expect(r.state).toBe('ok');
    expect(r.keys).toHaveLength(2);
    expect(xScraper.parseSearch!(page(fixture('twscrape/raw_search.json')), ref('nobody_here')).keys).toEqual([]);
  });

  it('conversation: a reply on the first page of the recorded TweetDetail is shown', () => {
    const r = xScraper.parseConversation!(page(fixture('twscrape/raw_tweet_details.json')), ref('ashevat'), reply('1649263296434806785', '1649191520250245121'));
    expect(r).toEqual({ state: 'ok', placement: 'shown' });
    // Absent from a conversation that continues past its first page: no verdict, not "missing".
    const absent = xScraper.parseConversation!(page(fixture('twscrape/raw_tweet_details.json')), ref('ashevat'), reply('1', '1649191520250245121'));
    expect(absent.state).toBe('no_verdict');
  });

  it('typeahead: exact screen_name match, case-insensitive', () => {
    const body = JSON.stringify({ num_results: 1, users: [{ screen_name: 'QuietOneFan' }, { screen_name: 'QUIETONE' }], topics: [] });
    expect(xScraper.parseTypeahead!(page(body), ref('quietone'))).toEqual({ state: 'ok', found: true });
    expect(xScraper.parseTypeahead!(page(JSON.stringify({ num_results: 1, users: [{ screen_name: 'QuietOneFan' }] })), ref('quietone'))).toEqual({ state: 'ok', found: false });
  });

  it('429, 401/403, 5xx, errors[], captcha pages and the daily-limit prompt are no verdict', () => {
    const bodies: [string, number][] = [
      ['Rate limit exceeded\n', 429],
      ['{"errors":[{"code":32,"message":"Could not authenticate you."}]}', 401],
      ['{"errors":[{"code":200,"message":"Forbidden."}]}', 403],
      ['{"errors":[{"code":130,"message":"Over capacity"}]}', 503],
      ['{"data":{"user":{}},"errors":[{"name":"DeadlineExceeded","message":"DeadlineExceeded: Unspecified"}]}', 200],
      ['<html><title>Just a moment...</title></html>', 200],
    ];
    for (const [b, st] of bodies) {
      expect(xScraper.parseSearch!(page(b, st), ref('a')).state).toBe('no_verdict');
      expect(xScraper.parseTypeahead!(page(b, st), ref('a')).state).toBe('no_verdict');
      expect(xScraper.parseConversation!(page(b, st), ref('a'), reply('5', '9')).state).toBe('no_verdict');
    }
    const limit = { data: { search_by_raw_query: { search_timeline: { timeline: { instructions: [{ type: 'TimelineAddEntries', entries: [{ entryId: 'messageprompt-1', content: { entryType: 'TimelineTimelineItem', itemContent: { __typename: 'TimelineMessagePrompt', content: { headerText: 'You have reached the limit for seeing posts today.' } } } }] }] } } } } };
    expect(xScraper.parseSearch!(page(JSON.stringify(limit)), ref('a')).state).toBe('no_verdict');
  });
});
