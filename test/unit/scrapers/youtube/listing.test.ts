// The Videos tab on real recordings: channel identity and counters, videos in both item formats,
// orders and range, and the same browse object read from an HTML page.
import { describe, expect, it } from 'vitest';
import { youtubeScraper } from '../../../../src/scrapers/youtube/index.js';
import { assigned, readAnswer } from '../../../../src/scrapers/youtube/answer.js';
import { recording, recordedPage } from './fixtures.js';

const cc = youtubeScraper.match('youtube:@creativecommons')!;

describe('Videos tab (2026 lockupViewModel)', () => {
  const obs = youtubeScraper.parse(recordedPage('np-channel-browse-ok-videos-tab-creativecommons.json'), cc);

  it('channel: handle, title, stable id, subscribers', () => {
    expect(obs.channel).toMatchObject({ username: '@creativecommons', title: 'Creative Commons', channelId: 'youtube:UCTwECeGqMZee77BjdoYtI2Q', subscribers: 8840 });
    expect(obs.channel?.counters).toMatchObject({ subscribers: '8.84k', videos: '258' });
  });

  it('30 videos newest first with id, title, views, duration; more videos behind a continuation', () => {
    expect(obs.posts).toHaveLength(30);
    const first = obs.posts[0];
    expect(first).toMatchObject({ id: '@creativecommons/BD-LB23rRBE', key: 'BD-LB23rRBE', views: 28, url: 'https://www.youtube.com/watch?v=BD-LB23rRBE' });
    expect(first.text).toBe('Expert Panel III: Global Perspectives on Open Heritage and Diversity, Inclusion, and Sustainability');
    expect(first.media[0]).toMatchObject({ type: 'video', duration: '1:07:34' });
    expect(obs.posts.find((p) => p.views === 12000)).toBeDefined(); // "12k views"
    expect(obs.reachedStart).toBe(false);
  });

  it('orders follow the tab (newest first); a feed-model listing claims no covered range', () => {
    const orders = obs.posts.map((p) => BigInt(p.order));
    for (let i = 1; i < orders.length; i++) expect(orders[i] <= orders[i - 1]).toBe(true);
    // The oldest listed is "1 year ago" at the fetch: at most a year before it.
    expect(Number(obs.posts[29].order)).toBe(Date.parse('2026-05-21T12:00:00.000Z') - 365 * 86_400_000);
    expect(obs.listingModel).toBe('feed');
    expect(obs.range).toBeUndefined();
  });
});

describe('Videos tab (videoRenderer)', () => {
  it('reads the description snippet into the text below the title; a single-page tab reaches the start', () => {
    const obs = youtubeScraper.parse(recordedPage('np-channel-browse-ok-videos-tab-randomchannel.json'), youtubeScraper.match('youtube:UCUaQMQS9lY5lit3vurpXQ6w')!);
    expect(obs.channel).toMatchObject({ username: '@randomchannel1109', channelId: 'youtube:UCUaQMQS9lY5lit3vurpXQ6w', subscribers: 84 });
    expect(obs.posts).toHaveLength(1);
    expect(obs.posts[0]).toMatchObject({ key: 'ggMDYfQPKMU', views: 5204, id: '@randomchannel1109/ggMDYfQPKMU' });
    expect(obs.posts[0].text).toMatch(/^Private Jet Gold Digger Prank!\n\nPrivate jet gold digger caught!/);
    expect(obs.reachedStart).toBe(true);
  });

  it('edit detection compares the title only: the snippet and the counters do not count', () => {
    const obs = youtubeScraper.parse(recordedPage('np-channel-browse-ok-videos-tab-randomchannel.json'), youtubeScraper.match('youtube:UCUaQMQS9lY5lit3vurpXQ6w')!);
    const p = obs.posts[0];
    const same = (q: typeof p) => JSON.stringify(youtubeScraper.stableContent(q)) === JSON.stringify(youtubeScraper.stableContent(p));
    expect(same({ ...p, text: 'Private Jet Gold Digger Prank!', views: 1, order: '1' })).toBe(true);
    expect(same({ ...p, text: 'Private Jet Gold Digger Prank! (fake)' })).toBe(false);
  });
});

describe('pages and API answers read alike', () => {
  it('ytInitialData is taken out of a real HTML page', () => {
    const html = recording('np-html-results-page-ytInitialData-ytcfg.json').body;
    const data = assigned(html, 'ytInitialData');
    expect(data?.responseContext).toBeDefined();
    expect(data?.contents).toBeDefined();
  });

  it('a channel page embedding the browse JSON parses like the JSON itself', () => {
    const r = recording('np-channel-browse-ok-videos-tab-creativecommons.json');
    const json = recordedPage('np-channel-browse-ok-videos-tab-creativecommons.json');
    // The real page shell around the real browse object (no channel page itself was recorded).
    const shell = recording('np-html-results-page-ytInitialData-ytcfg.json').body;
    const start = shell.indexOf('var ytInitialData = ') + 'var ytInitialData = '.length;
    const end = shell.indexOf(';</script>', start);
    const html = shell.slice(0, start) + r.body + shell.slice(end);
    const page = { ...json, url: 'https://www.youtube.com/@creativecommons/videos', finalUrl: 'https://www.youtube.com/@creativecommons/videos', headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html) };
    expect(readAnswer(page).form).toBe('html');
    const a = youtubeScraper.parse(page, cc);
    const b = youtubeScraper.parse(json, cc);
    expect(a.state).toBe('ok');
    expect(a.posts.map((p) => [p.key, p.order, p.text])).toEqual(b.posts.map((p) => [p.key, p.order, p.text]));
    expect(a.channel).toEqual(b.channel);
  });

  it('also when the page assigns it as a hex-escaped string (as mobile pages do)', () => {
    const body = recording('np-channel-browse-ok-videos-tab-randomchannel.json').body;
    const hex = body.split('').map((ch) => (/[A-Za-z0-9 ]/.test(ch) ? ch : ch.charCodeAt(0) < 256 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
    const html = `<!DOCTYPE html><html><body><script nonce="n">var ytInitialData = '${hex}';</script></body></html>`;
    expect(assigned(html, 'ytInitialData')).toEqual(JSON.parse(body));
  });
});

describe('interstitials and walls are never takedowns', () => {
  const page = (body: string, more: object = {}) => ({ ...recordedPage('np-channel-browse-ok-videos-tab-creativecommons.json'), headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(body), ...more });

  it('consent interstitial (redirected to consent.youtube.com, or its page text)', () => {
    expect(youtubeScraper.classify(page('<html><body>x</body></html>', { finalUrl: 'https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2F%40x' })).state).toBe('unknown');
    expect(youtubeScraper.classify(page('<!DOCTYPE html><html><head><title>Before you continue to YouTube</title></head><body></body></html>')).state).toBe('unknown');
  });

  it("Google's unusual-traffic check is a rate limit", () => {
    const c = youtubeScraper.classify(page('<html><head><title>https://www.youtube.com/@x/videos</title></head><body>Our systems have detected unusual traffic from your computer network.</body></html>', { status: 200 }));
    expect(c.state).toBe('rate_limited');
  });

  it('a page that lists videos is ok even with an ERROR alert on it', () => {
    const r = JSON.parse(recording('np-channel-browse-ok-videos-tab-creativecommons.json').body) as Record<string, unknown>;
    r.alerts = [{ alertRenderer: { type: 'ERROR', text: { simpleText: 'This account has been terminated for a violation of YouTube\'s Terms of Service.' } } }];
    const p = { ...recordedPage('np-channel-browse-ok-videos-tab-creativecommons.json'), body: Buffer.from(JSON.stringify(r)) };
    expect(youtubeScraper.classify(p).state).toBe('ok');
  });
});
