// A video's own state from real player answers (WEB 2025, ANDROID/VISIONOS 2026): only "Video
// unavailable" is `missing`; private, geo-blocked, age-gated and members-only videos still exist.
import { describe, expect, it } from 'vitest';
import { youtubeScraper } from '../../../../src/scrapers/youtube/index.js';
import { recording, recordedPage } from './fixtures.js';

const ref = youtubeScraper.match('youtube:@someone')!;
/** parsePost of a recording, keyed by the video id the request asked for. */
const probe = (file: string) => {
  const r = recording(file);
  const key = String(r.request.videoId ?? new URL(r.url).searchParams.get('id') ?? '');
  return youtubeScraper.parsePost(recordedPage(file, { purpose: 'post' }), ref, key);
};

describe('player answers → PostProbe', () => {
  it.each([
    ['np2025-player-web-error-nonexistent.json', 'missing', /Video unavailable/],
    ['np2025-player-web-error-invalid-id.json', 'missing', /Video unavailable/],
    ['np2025-player-web-private.json', 'no_verdict', /^private: .*Private video/],
    ['np-reel-android-private.json', 'no_verdict', /^private: This video is private/],
    ['np2025-player-web-geo-blocked.json', 'no_verdict', /^geo_blocked: .*not made this video available in your country/],
    ['np-reel-android-geo-blocked.json', 'no_verdict', /^geo_blocked: /],
    ['np2025-player-web-age-gate-login-required.json', 'no_verdict', /^login_wall: Sign in to confirm your age/],
    ['np2025-player-tvembedded-age-gate-unplayable.json', 'no_verdict', /^login_wall: Please sign in/],
    ['np2025-player-web-members-only.json', 'no_verdict', /^login_wall: .*members/],
    ['np-reel-android-members-only.json', 'no_verdict', /^login_wall: /],
    ['np2025-player-web-music-premium.json', 'no_verdict', /^login_wall: .*Music Premium/],
    ['np-reel-android-nonexistent-empty.json', 'no_verdict', /no player answer/],
  ] as const)('%s → %s', (file, state, reason) => {
    const r = probe(file);
    expect(r.state).toBe(state);
    expect(r.reason).toMatch(reason);
  });

  it('a playable video is present, with its title, description, views and exact publication time', () => {
    const r = probe('np2025-player-web-ok.json');
    expect(r.state).toBe('present');
    expect(r.post?.key).toBe('M4gD1WSo5mA');
    expect(r.post?.text.split('\n')[0]).toBe('William Fisher, CopyrightX: Lecture 3.2, The Subject Matter of Copyright: Drama and choreography');
    expect(r.post?.text).toContain('http://copyx.org/permission');
    expect(r.post?.views).toBeGreaterThan(0);
    expect(r.post?.publishedAt).toMatch(/^20\d\d-\d\d-\d\dT/);
    expect(r.post?.order).toBe(String(Date.parse(r.post!.publishedAt!)));
    expect(probe('np-player-visionos-ok-unlisted.json').state).toBe('present');
  });

  it('a player answer for another video, a 429 or a 5xx is no verdict', () => {
    const page = recordedPage('np2025-player-web-error-nonexistent.json', { purpose: 'post' });
    expect(youtubeScraper.parsePost({ ...page, status: 429 }, ref, 'don-t-exist').state).toBe('no_verdict');
    expect(youtubeScraper.parsePost({ ...page, status: 503 }, ref, 'don-t-exist').state).toBe('no_verdict');
    const ok = recordedPage('np2025-player-web-ok.json', { purpose: 'post' });
    expect(youtubeScraper.parsePost(ok, ref, 'AAAAAAAAAAA')).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/M4gD1WSo5mA/) });
  });

  it('reads the watch page form (ytInitialPlayerResponse in a <script>) like the JSON', () => {
    const json = recording('np2025-player-web-error-nonexistent.json').body;
    const html = `<!DOCTYPE html><html><head><title>YouTube</title></head><body><script nonce="n">var ytInitialPlayerResponse = ${json};var meta = document.createElement('meta');</script></body></html>`;
    const page = { ...recordedPage('np2025-player-web-error-nonexistent.json', { purpose: 'post' }), headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html) };
    expect(youtubeScraper.parsePost(page, ref, 'don-t-exist').state).toBe('missing');
  });

  it('the bot check ("Sign in to confirm you’re not a bot") is a login wall, never missing', () => {
    const body = JSON.stringify({ playabilityStatus: { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm you’re not a bot' } });
    const page = { ...recordedPage('np2025-player-web-ok.json', { purpose: 'post' }), body: Buffer.from(body) };
    expect(youtubeScraper.parsePost(page, ref, 'M4gD1WSo5mA')).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^login_wall: /) });
  });
});

describe('parseItem (the feed model’s check of a video’s own page)', () => {
  const item = (file: string, v: string) => youtubeScraper.parseItem!({ ...recordedPage(file, { purpose: 'post' }), url: `https://www.youtube.com/watch?v=${v}` });

  it('playable: present with title and description as the page text', () => {
    const r = item('np2025-player-web-ok.json', 'M4gD1WSo5mA');
    expect(r.state).toBe('present');
    expect(r.title).toMatch(/^William Fisher, CopyrightX/);
    expect(r.text).toContain('http://copyx.org/permission');
  });

  it('"Video unavailable" is missing; private and geo-blocked are no verdict with their state', () => {
    expect(item('np2025-player-web-error-nonexistent.json', 'don-t-exist').state).toBe('missing');
    expect(item('np2025-player-web-private.json', '8VajtrESJzA')).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^private: /) });
    expect(item('np2025-player-web-geo-blocked.json', '_PL2HJKxnOM')).toMatchObject({ state: 'no_verdict', reason: expect.stringMatching(/^geo_blocked: /) });
  });

  it('planItem addresses the watch page by the video id, on the configured site', () => {
    const s = youtubeScraper.settings.parse({ baseUrl: 'http://127.0.0.1:9/' });
    expect(youtubeScraper.planItem!(ref, s, { key: 'M4gD1WSo5mA', url: 'https://elsewhere.example/x' })).toEqual({ via: 'http', url: 'http://127.0.0.1:9/watch?v=M4gD1WSo5mA', purpose: 'post' });
  });
});
