// Facebook's recorded mobile markup, field by field: stories of the posts tab and of a "more"
// batch, the Page's header, the cursor, posts' own pages; and the plans.
import { describe, expect, it } from 'vitest';
import { facebookScraper as fb, MORE_PATH, cleanHref } from '../../../../src/scrapers/facebook/index.js';
import type { FetchedPage, FetchPurpose } from '../../../../src/scrapers/types.js';
import { fbFixture, fbFixtureText } from './fixtures.js';

const page = (file: string, url: string, purpose: FetchPurpose = 'listing', finalUrl = url): FetchedPage => ({
  url,
  finalUrl,
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: fbFixture(file),
  fetchedAt: '2021-06-08T00:00:00.000Z',
  purpose,
});
const ref = fb.match('facebook:nintendo')!;
const LIST = page('page-posts-list-Nintendo-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/');
const MORE = page('page-posts-pagination-more-2021-06-08.html', 'https://m.facebook.com/page_content_list_view/more/?page_id=119240841493711');

describe('facebook posts tab (recorded 2021-06-08)', () => {
  const obs = fb.parse(LIST, ref);

  it('stories: top_level_post_id as key, publish_time as order, text, media', () => {
    expect(obs.posts.map((p) => [p.key, p.order])).toEqual([
      ['4193752747375813', '1622819482000'],
      ['4194934713924283', '1622853212000'],
    ]);
    const video = obs.posts[0];
    expect(video.text).toBe("May 2021 is in the books! Take a look back at just a few of the past month's announcements, updates, and releases with Nintendo Monthly Rewind.");
    expect(video.media).toEqual([{ type: 'video' }]);
    expect(video.url).toBe('https://www.facebook.com/nintendo/posts/4193752747375813');
    expect(video.publishedAt).toBe('2021-06-04T15:11:22.000Z');
    expect(obs.posts[1].media[0]).toMatchObject({ type: 'photo', url: expect.stringContaining('fbcdn.net') });
    expect(obs.range).toEqual({ min: '1622819482000', max: '1622853212000' });
  });

  it("the Page: name, about, likes, verified badge, numeric id (prefixed)", () => {
    expect(obs.channel).toMatchObject({
      username: 'nintendo',
      title: 'Nintendo',
      verified: true,
      counters: { likes: '5,411,563', talking_about: '25,177' },
      subscribers: 5411563,
      channelId: 'facebook:119240841493711',
    });
    expect(obs.channel?.description).toMatch(/^Welcome to the official Nintendo Facebook page/);
  });

  it('the next batch is the mobile site\'s own "more" URL, and only such a URL is ever planned', () => {
    expect(obs.olderCursor).toMatch(/^\/page_content_list_view\/more\/\?page_id=119240841493711&start_cursor=%7B%22timeline_cursor%22/);
    expect(obs.olderCursor).toMatch(MORE_PATH);
    expect(obs.reachedStart).toBe(false);
    const s = fb.settings.parse({});
    expect(fb.planListing(ref, s, obs.olderCursor).url).toBe(`https://m.facebook.com${obs.olderCursor}`);
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/page_content_list_view/more/?a=<b>', '/Nintendo/posts/']) {
      expect(fb.planListing(ref, s, bad).url).toBe('https://m.facebook.com/nintendo/posts/');
    }
  });
});

describe('facebook "more" batch (for (;;); payload)', () => {
  const obs = fb.parse(MORE, ref);

  it('parses the stories inside the payload, links unwrapped from l.php', () => {
    expect(obs.posts.map((p) => p.key)).toEqual(['4187481031336318', '4188053201279101', '4188174317933656', '4191173794300375']);
    const e3 = obs.posts[0];
    expect(e3.text).toMatch(/^🗓 Nintendo at E3 2021: June 15, 9am PT!\nTune in for a Nintendo Direct/);
    expect(e3.links).toEqual(['http://ninten.do/6185VAKqX']);
    expect(obs.channel).toBeUndefined();
  });

  it('offers the batch after it (JSON-escaped in the payload script)', () => {
    expect(obs.olderCursor).toMatch(/^\/page_content_list_view\/more\/\?page_id=119240841493711&start_cursor=%7B%22timeline_cursor%22%3A%22AQHRa11clnd8/);
  });

  it('counts and signed media URLs are not content', () => {
    const p = obs.posts[1];
    const resigned = { ...p, media: p.media.map((m) => ({ ...m, url: m.url?.replace(/oh=[^&]+/, 'oh=rotated') })) };
    expect(JSON.stringify(fb.stableContent(resigned))).toBe(JSON.stringify(fb.stableContent(p)));
    expect(JSON.stringify(fb.stableContent({ ...p, text: `${p.text} (edited)` }))).not.toBe(JSON.stringify(fb.stableContent(p)));
  });
});

describe("facebook post's own page", () => {
  it('present on the recorded photo, video (after the redirect) and story pages', () => {
    expect(fb.parsePost(page('page-single-post-4194934713924283-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/4194934713924283', 'post'), ref, '4194934713924283').state).toBe('present');
    const video = page('page-video-post-286348296528911-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/4193752747375813', 'post', 'https://m.facebook.com/Nintendo/videos/286348296528911/?refsrc=https%3A%2F%2Fm.facebook.com%2FNintendo%2Fposts%2F4193752747375813&_rdr');
    expect(fb.parsePost(video, ref, '4193752747375813').state).toBe('present');
    expect(fb.parsePost(page('page-story-php-3065154550235644-2021-06-08.html', 'https://m.facebook.com/3065154550235644', 'post'), ref, '3065154550235644').state).toBe('present');
  });

  it('another post\'s page is no verdict, never "missing"', () => {
    expect(fb.parsePost(page('page-single-post-4194934713924283-2021-06-08.html', 'https://m.facebook.com/Nintendo/posts/4194934713924283', 'post'), ref, '4100000000000001').state).toBe('no_verdict');
  });

  it('the unavailable answer is missing; login, country block and 5xx are no verdict', () => {
    const inline = (body: string, o: Partial<FetchedPage> = {}): FetchedPage => ({ ...LIST, purpose: 'post', body: Buffer.from(body), ...o });
    expect(fb.parsePost(inline('<h2>This content isn&#039;t available right now</h2>'), ref, '1').state).toBe('missing');
    expect(fb.parsePost(inline('<div>You must log in to continue.</div>'), ref, '1').state).toBe('no_verdict');
    expect(fb.parsePost(inline('<h2>This post is not available in your country.</h2>'), ref, '1')).toMatchObject({ state: 'no_verdict', reason: expect.stringContaining('withheld') });
    expect(fb.parsePost(inline('', { status: 502 }), ref, '1').state).toBe('no_verdict');
    expect(fb.parsePost(inline('<form id="login_form"></form>', { finalUrl: 'https://m.facebook.com/login/?next=x' }), ref, '1').state).toBe('no_verdict');
  });
});

describe('the recorded bodies', () => {
  it('are valid UTF-8: as text they are the same bytes (the contract test passes them as text)', () => {
    for (const f of ['page-posts-list-Nintendo-2021-06-08.html', 'page-posts-pagination-more-2021-06-08.html', 'page-single-post-4194934713924283-2021-06-08.html', 'page-story-php-3065154550235644-2021-06-08.html', 'page-video-post-286348296528911-2021-06-08.html']) {
      expect(Buffer.from(fbFixtureText(f), 'utf8').equals(fbFixture(f)), f).toBe(true);
    }
  });
});

describe('facebook plans and helpers', () => {
  it('posts tab over http by default, browser when asked; control on the same base', () => {
    expect(fb.planListing(ref, fb.settings.parse({}))).toEqual({ via: 'http', url: 'https://m.facebook.com/nintendo/posts/', purpose: 'listing' });
    const b = fb.settings.parse({ via: 'browser', baseUrl: 'http://127.0.0.1:9' });
    expect(fb.planListing(ref, b).via).toBe('browser');
    expect(fb.planPost(ref, b, '42')).toMatchObject({ via: 'browser', url: 'http://127.0.0.1:9/nintendo/posts/42' });
    expect(fb.planControl!(b)).toMatchObject({ via: 'browser', url: 'http://127.0.0.1:9/facebook/posts/' });
    expect(fb.planControl!(fb.settings.parse({ controlUrl: 'https://m.facebook.com/Meta/posts/' }))!.url).toBe('https://m.facebook.com/Meta/posts/');
  });

  it('cleanHref unwraps l.php and drops tracking parameters', () => {
    expect(cleanHref('https://lm.facebook.com/l.php?u=http%3A%2F%2Fninten.do%2F6184VAkIp&h=AT0q')).toBe('http://ninten.do/6184VAkIp');
    expect(cleanHref('/hashtag/e3?__tn__=%2ANK-R&refid=8')).toBe('https://www.facebook.com/hashtag/e3');
    expect(cleanHref('javascript:alert(1)')).toBeNull();
  });
});
