// Instagram details beyond the contract: post fields, pinned posts and the range, the walls that
// are never verdicts, a post's own page, the plans (app id header, session, control URL).
import { describe, expect, it } from 'vitest';
import { instagramScraper as ig } from '../../../../src/scrapers/instagram/index.js';
import type { FetchedPage, FetchPurpose } from '../../../../src/scrapers/types.js';
import { HTML_HEADERS, JSON_HEADERS, LOGIN_HTML, SIX, UNAVAILABLE_HTML, profile } from './answers.js';

const API = 'https://www.instagram.com/api/v1/users/web_profile_info/?username=adrianhorning';
const page = (body: string, o: { status?: number; headers?: Record<string, string>; url?: string; finalUrl?: string; purpose?: FetchPurpose } = {}): FetchedPage => ({
  url: o.url ?? API,
  finalUrl: o.finalUrl ?? o.url ?? API,
  status: o.status ?? 200,
  headers: o.headers ?? JSON_HEADERS,
  body: Buffer.from(body),
  fetchedAt: '2026-01-01T00:00:00.000Z',
  purpose: o.purpose ?? 'listing',
});
const ref = ig.match('instagram:adrianhorning')!;
const settings = ig.settings.parse({});

describe('instagram profile answer', () => {
  it('posts: shortcode key, order = taken_at in ms, caption, links, media, views; channel with prefixed id', () => {
    const obs = ig.parse(page(profile({ nodes: [...SIX, { shortcode: 'DEvideo0001', takenAt: 1736300000, isVideo: true, views: 4321 }], count: 71, hasNext: true })), ref);
    expect(obs.posts.map((p) => p.key)).toEqual([...SIX.map((n) => n.shortcode).reverse(), 'DEvideo0001']);
    const first = obs.posts[0];
    expect(first).toMatchObject({ id: `adrianhorning/${SIX[5].shortcode}`, order: '1735862201000', url: `https://www.instagram.com/p/${SIX[5].shortcode}/`, publishedAt: '2025-01-02T23:56:41.000Z', text: 'caption 5 https://example.org/5', links: ['https://example.org/5'] });
    expect(first.media).toEqual([expect.objectContaining({ type: 'photo', url: expect.stringContaining(SIX[5].shortcode) })]);
    const video = obs.posts.at(-1)!;
    expect(video.views).toBe(4321);
    expect(video.media[0]).toMatchObject({ type: 'video', url: expect.stringContaining('.mp4') });
    expect(obs.channel).toMatchObject({ username: 'adrianhorning', title: 'Adrian Horning', verified: true, subscribers: 25116, channelId: 'instagram:2700692569', counters: { followers: '25116', following: '101', posts: '71' } });
    expect(obs.range).toEqual({ min: '1735862201000', max: '1736300000000' });
    expect(obs.reachedStart).toBe(false); // has_next_page: older posts exist
    expect(ig.parse(page(profile({ nodes: SIX })), ref).reachedStart).toBe(true);
  });

  it('a pinned old post is listed but does not widen the range (the posts between are not "missing")', () => {
    const obs = ig.parse(page(profile({ nodes: [{ shortcode: 'OLDpinned01', takenAt: 1600000000, pinned: true }, ...SIX] })), ref);
    expect(obs.posts.map((p) => p.key)).toContain('OLDpinned01');
    expect(obs.range).toEqual({ min: '1735862201000', max: '1736294201000' });
  });

  it('another username than the target is refused', () => {
    expect(() => ig.parse(page(profile({ username: 'someoneelse', nodes: SIX })), ref)).toThrow(/someoneelse/);
  });

  it('edits are in the caption, not in counters nor signed media URLs', () => {
    const [a] = ig.parse(page(profile({ nodes: [SIX[0]] })), ref).posts;
    const [b] = ig.parse(page(profile({ nodes: [{ ...SIX[0], display: 'https://scontent.cdninstagram.com/other.jpg?oh=00_NEW&oe=FFFF' }] })), ref).posts;
    const [c] = ig.parse(page(profile({ nodes: [{ ...SIX[0], caption: 'caption 0 (corrected)' }] })), ref).posts;
    expect(JSON.stringify(ig.stableContent(b))).toBe(JSON.stringify(ig.stableContent(a)));
    expect(JSON.stringify(ig.stableContent(c))).not.toBe(JSON.stringify(ig.stableContent(a)));
  });

  it('404 of the API (empty, or user: null) is the unavailable answer; 200 with user: null or a changed shape is no verdict', () => {
    expect(ig.classify(page('', { status: 404, headers: HTML_HEADERS }))).toMatchObject({ state: 'not_found', reason: expect.stringContaining('unavailable') });
    expect(ig.classify(page('{"data":{"user":null},"status":"ok"}', { status: 404 })).state).toBe('not_found');
    expect(ig.classify(page('{"data":{"user":null},"status":"ok"}')).state).toBe('unknown');
    expect(ig.classify(page('{"data":{"user":{"id":"1","username":"x"}},"status":"ok"}'))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('changed shape') });
    expect(ig.classify(page('{"status":"fail","message":"checkpoint_required"}', { status: 400 })).state).toBe('unknown');
    expect(ig.classify(page('', { status: 503, headers: HTML_HEADERS })).state).toBe('unknown');
  });

  it('the "unavailable" reason says what it may be, so the event keeps the wording', () => {
    expect(ig.classify(page(UNAVAILABLE_HTML, { status: 404, headers: HTML_HEADERS })).reason).toMatch(/^unavailable: "Sorry, this page isn't available\." \(deleted, deactivated, renamed or banned/);
  });

  it('walls are never takedowns: checkpoint and the session account suspended are login walls', () => {
    for (const path of ['/challenge/?next=/x/', '/accounts/suspended/?next=%2F', '/accounts/login/?next=%2F']) {
      expect(ig.classify(page(LOGIN_HTML, { headers: HTML_HEADERS, finalUrl: `https://www.instagram.com${path}` })).state).toBe('login_wall');
    }
  });
});

describe("instagram post's own page", () => {
  const post = (body: string, o: Parameters<typeof page>[1] = {}) => ig.parsePost(page(body, { headers: HTML_HEADERS, url: 'https://www.instagram.com/p/DEiyb48AeB9/', purpose: 'post', ...o }), ref, 'DEiyb48AeB9');
  const shown = '<html><head><meta property="og:url" content="https://www.instagram.com/p/DEiyb48AeB9/" /><title>Adrian on Instagram</title></head><body></body></html>';

  it('present when its meta tags name the post', () => {
    expect(post(shown).state).toBe('present');
  });
  it('missing on "Sorry, this page isn\'t available."', () => {
    expect(post(UNAVAILABLE_HTML, { status: 404 })).toMatchObject({ state: 'missing', reason: expect.stringContaining('unavailable') });
  });
  it('withheld in this country, a login redirect, 429 and another post are no verdict', () => {
    expect(post('<html><body><h2>Restricted Photo</h2>This post is not available in your country.</body></html>')).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('withheld') });
    expect(post(LOGIN_HTML, { finalUrl: 'https://www.instagram.com/accounts/login/?next=/p/DEiyb48AeB9/' }).state).toBe('no_verdict');
    expect(post('Too Many Requests', { status: 429 }).state).toBe('no_verdict');
    expect(post(shown.replace('DEiyb48AeB9', 'OTHERpost01')).state).toBe('no_verdict');
  });
});

describe('instagram plans', () => {
  it("the listing is the web client's JSON, with its app id, planned as needing a session", () => {
    const step = ig.planListing(ref, settings);
    expect(step).toMatchObject({ via: 'http', url: API, purpose: 'listing', needsSession: true, headers: { 'x-ig-app-id': '936619743392459' } });
    expect(ig.planPost(ref, settings, 'DEiyb48AeB9').url).toBe('https://www.instagram.com/p/DEiyb48AeB9/');
  });

  it('the control is @instagram on the same base (or controlUrl), through the same session', () => {
    const sim = ig.settings.parse({ baseUrl: 'http://127.0.0.1:9/' });
    expect(ig.planControl!(sim)).toMatchObject({ url: 'http://127.0.0.1:9/api/v1/users/web_profile_info/?username=instagram', needsSession: true, headers: { 'x-ig-app-id': '936619743392459' } });
    expect(ig.planControl!(ig.settings.parse({ controlUrl: 'https://www.instagram.com/api/v1/users/web_profile_info/?username=natgeo' }))!.url).toContain('username=natgeo');
  });

  it('settings are strict', () => {
    expect(() => ig.settings.parse({ baseurl: 'x' })).toThrow();
    expect(() => ig.settings.parse({ appId: 'abc' })).toThrow();
  });

  it('cites profile and post URLs as Instagram', () => {
    expect(ig.cite('https://www.instagram.com/natgeo/')).toEqual({ account: 'natgeo' });
    expect(ig.cite('https://www.instagram.com/p/DEiyb48AeB9/')).toEqual({ account: 'post DEiyb48AeB9' });
    expect(ig.cite('https://t.me/natgeo')).toBeNull();
  });
});
