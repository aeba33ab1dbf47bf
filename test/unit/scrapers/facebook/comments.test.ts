// Facebook comments as interactions, on the recorded mobile pages (test/fixtures/facebook: the photo
// post's own page with 30 of its 34 comments, the story page that also lists three other posts'
// comments) and on those pages turned into the logged-in shape facebook-scraper reads (a profile
// link around the picture, an inline reply, the default silhouette).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PICTURE, commentTime, facebookScraper, parseInteractionsFacebook, planInteractionsFacebook } from '../../../../src/scrapers/facebook/index.js';
import type { FetchedPage, PostRecord, TargetRef } from '../../../../src/scrapers/types.js';
import { interactionsDigest } from '../../../../src/workers/interactions.js';
import { fbFixtureText } from './fixtures.js';

const ref: TargetRef = { platform: 'facebook', key: 'nintendo', spec: 'facebook:nintendo' };
const post = (key: string): PostRecord => ({ id: `nintendo/${key}`, key, order: '1', url: `https://www.facebook.com/nintendo/posts/${key}`, text: '', html: '', edited: false, links: [], media: [] });
// The cassettes were recorded on Tuesday 8 June 2021.
const FETCHED = '2021-06-08T10:00:00.000Z';
const page = (body: string, o: Partial<FetchedPage> = {}): FetchedPage => ({
  url: 'https://m.facebook.com/nintendo/posts/1',
  finalUrl: 'https://m.facebook.com/nintendo/posts/1',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(body),
  fetchedAt: FETCHED,
  purpose: 'interactions',
  ...o,
});
const PHOTO = '4194934713924283';
const STORY = '3065154550235644';
const photoPage = fbFixtureText(`page-single-post-${PHOTO}-2021-06-08.html`);
const storyPage = fbFixtureText(`page-story-php-${STORY}-2021-06-08.html`);

describe('facebook comments: plan', () => {
  it("reads the post's own page, logged in", () => {
    const s = facebookScraper.settings.parse({ baseUrl: 'http://127.0.0.1:9/', interactionsPerPoll: 2 });
    expect(s.interactionsPerPoll).toBe(2);
    expect(facebookScraper.settings.parse({}).interactionsPerPoll).toBe(0);
    expect(planInteractionsFacebook(ref, s, post('42'))).toEqual({ via: 'http', url: 'http://127.0.0.1:9/nintendo/posts/42', purpose: 'interactions', needsSession: true });
    expect(facebookScraper.planInteractions).toBe(planInteractionsFacebook);
  });
});

describe('facebook comments: the recorded pages', () => {
  it('the photo post page: its 30 listed comments (hidden in <code><!-- -->), the total of 34 from "View more comments"', () => {
    const r = parseInteractionsFacebook(page(photoPage), ref, post(PHOTO));
    expect(r.state).toBe('ok');
    expect(r.interactions).toHaveLength(30);
    expect(r.total).toBe(34);
    expect(r.interactions[0]).toEqual({
      kind: 'comment',
      key: '4195147880569633',
      url: `https://www.facebook.com/nintendo/posts/${PHOTO}?comment_id=4195147880569633`,
      author: { name: 'Steven Defoe', url: 'https://www.facebook.com/profile.php?id=100000893738411', avatar: true, avatarUrl: expect.stringMatching(/^https:\/\/scontent\.fhlz2-1\.fna\.fbcdn\.net\/v\/t1\.6435-1\/.*153008211_/) },
      text: expect.stringMatching(/^Man I’m thirsty for Nintendo news right now, been a dry lately\.\nWith E3 right around the corner .*\(#NintendoxMicrosoft\) and Sony/),
      // "on Fri", seen on Tuesday 8 June: Friday 4 June (day-precise).
      at: '2021-06-04T12:00:00.000Z',
      atShown: 'on Fri',
    });
    expect(new Set(r.interactions.map((i) => i.key)).size).toBe(30);
    expect(r.interactions.every((i) => i.kind === 'comment' && i.author.avatar && /^https:\/\/www\.facebook\.com\/profile\.php\?id=\d+$/.test(i.author.url ?? ''))).toBe(true);
    // Non-Latin names come through as written.
    expect(r.interactions.map((i) => i.author.name)).toContain('Κωνσταντίνος Μάριος Καμμένος');
    const shown = new Map(r.interactions.map((i) => [i.atShown, i.at]));
    expect(shown.get('11 hrs')).toBe('2021-06-07T23:00:00.000Z');
    expect(shown.get('1 hr')).toBe('2021-06-08T09:00:00.000Z');
  });

  it('the story page lists other posts too: only the comments of this post (their token starts with its id)', () => {
    const r = parseInteractionsFacebook(page(storyPage), ref, post(STORY));
    expect(r.state).toBe('ok');
    expect(r.interactions.length).toBe(30);
    expect(r.total).toBe(103);
    expect(r.interactions[0]!.key).toBe('3154024434681988');
    expect(r.interactions[0]!.atShown).toBe('12 mths');
    // The photo post's comments are on that page too, under the photo post's id.
    const other = parseInteractionsFacebook(page(storyPage), ref, post(PHOTO));
    expect(other.interactions.map((i) => i.key)).toContain('4195147880569633');
    expect(other.interactions.map((i) => i.key)).not.toContain('3154024434681988');
  });

  it('a page that does not show the post is no verdict', () => {
    const r = parseInteractionsFacebook(page('<html><head><meta property="og:url" content="https://www.facebook.com/other/" /></head><body><div id="root">Something else</div></body></html>'), ref, post('777'));
    expect(r).toMatchObject({ state: 'no_verdict', interactions: [] });
  });
});

describe('facebook comments: the logged-in shape', () => {
  // Logged in, the picture sits in a link to the commenter's profile (facebook-scraper: `commenter_url`
  // is the picture's parent href); a reply shown inline is `div[data-sigil="comment inline-reply"]`.
  const first = '<div class="_2b00"><div><img src="https://scontent.fhlz2-1.fna.fbcdn.net/v/t1.6435-1/cp0/e15/q65/p480x480/153008211';
  const loggedIn = photoPage
    .replace(first, '<div class="_2b00"><div><a href="/steven.defoe.77?refid=52&amp;__tn__=R"><img src="https://scontent.fhlz2-1.fna.fbcdn.net/v/t1.6435-1/cp0/e15/q65/p480x480/153008211')
    .replace(/(153008211_[^"]*" width="36" height="36" class="_1-yc profpic img" alt="Steven Defoe, profile picture" \/>)<\/div>/, '$1</a></div>')
    .replace(
      '<div class="_2a_m"><div id="comment_replies_more_1:4194934713924283_4195147880569633">',
      `<div class="_2a_m"><div class="_2a_i" data-store="&#123;&quot;token&quot;:&quot;${PHOTO}_4195999999999999&quot;&#125;" id="4195999999999999" data-sigil="comment inline-reply"><div class="_2a_j" data-sigil="feed_story_ring100088888888888"><div class="_2b00"><a href="/profile.php?id=100088888888888&amp;refid=52"><img src="https://scontent.xx.fbcdn.net/v/t1.30497-1/cp0/c15.0.50.50a/p50x50/84628273_176159830277856_972693363922829312_n.jpg?_nc_cat=1" width="24" height="24" class="_1-yc profpic img" alt="annape441234, profile picture" /></a></div></div><div class="_2b04"><div class="_14v5"><div class="_2b06"><div class="_2b05">annape441234</div><div data-commentid="${PHOTO}_4195999999999999" data-sigil="comment-body">Report this page now!</div></div></div><div class="_2b08 _4ghu" data-sigil="ufi-inline-comment-actions"><abbr class="_4ghv _2b0a">2 mins</abbr></div></div></div><div id="comment_replies_more_1:4194934713924283_4195147880569633">`,
    );

  it('a profile link gives the username and URL; the silhouette is no avatar; an inline reply names its comment', () => {
    expect(loggedIn).not.toBe(photoPage);
    const r = parseInteractionsFacebook(page(loggedIn), ref, post(PHOTO));
    expect(r.state).toBe('ok');
    expect(r.interactions).toHaveLength(31);
    const top = r.interactions.find((i) => i.key === '4195147880569633')!;
    expect(top.author).toMatchObject({ name: 'Steven Defoe', username: 'steven.defoe.77', url: 'https://www.facebook.com/steven.defoe.77', avatar: true });
    // The reply's own picture, link and time, not its parent's.
    const reply = r.interactions.find((i) => i.key === '4195999999999999')!;
    expect(reply).toMatchObject({ kind: 'reply', replyTo: { key: '4195147880569633' }, text: 'Report this page now!', at: '2021-06-08T09:58:00.000Z', atShown: '2 mins' });
    expect(reply.author).toMatchObject({ name: 'annape441234', url: 'https://www.facebook.com/profile.php?id=100088888888888', avatar: false });
    expect(reply.author.username).toBeUndefined();
    expect(top.text).not.toContain('Report this page now');
    expect(DEFAULT_PICTURE.test(reply.author.avatarUrl!)).toBe(true);
    // Replies are not counted in the total of top-level comments.
    expect(r.total).toBe(34);
  });

  it('a picture linked off Facebook names nobody: the profile id stands', () => {
    const off = loggedIn.replace('<a href="/steven.defoe.77?refid=52&amp;__tn__=R">', '<a href="https://lm.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2Fsteven.defoe.77&amp;h=AT0">');
    const top = parseInteractionsFacebook(page(off), ref, post(PHOTO)).interactions.find((i) => i.key === '4195147880569633')!;
    expect(top.author.username).toBeUndefined();
    expect(top.author.url).toBe('https://www.facebook.com/profile.php?id=100000893738411');
  });

  it('times estimated from relative wording drift between polls but do not change the digest', () => {
    const a = parseInteractionsFacebook(page(loggedIn), ref, post(PHOTO));
    const b = parseInteractionsFacebook(page(loggedIn.replace('>2 mins</abbr>', '>7 mins</abbr>'), { fetchedAt: '2021-06-08T10:05:30.000Z' }), ref, post(PHOTO));
    expect(b.interactions.find((i) => i.key === '4195999999999999')!.at).not.toBe(a.interactions.find((i) => i.key === '4195999999999999')!.at);
    expect(interactionsDigest(b)).toBe(interactionsDigest(a));
    const edited = parseInteractionsFacebook(page(loggedIn.replace('Report this page now!', 'Report this page!')), ref, post(PHOTO));
    expect(interactionsDigest(edited)).not.toBe(interactionsDigest(a));
  });
});

describe('facebook comments: walls and faults are no verdict', () => {
  const body = photoPage;
  it.each([
    ['HTTP 429', page(body, { status: 429 })],
    ['HTTP 503', page(body, { status: 503 })],
    ['the login redirect', page(body, { finalUrl: 'https://m.facebook.com/login/?next=https%3A%2F%2Fm.facebook.com%2Fnintendo%2Fposts%2F1' })],
    ['a checkpoint', page(body, { finalUrl: 'https://m.facebook.com/checkpoint/block/?next=x' })],
    ['the login page', page('<html><head><title>Log into Facebook</title></head><body><div>You must log in to continue.</div><form id="login_form"></form></body></html>')],
    ['the consent interstitial', page('<html><body><h2>Allow the use of cookies from Facebook on this browser?</h2></body></html>')],
    ['the unavailable page', page('<html><head><title>Facebook</title></head><body><span>This content isn&#039;t available right now</span></body></html>')],
    ['a country block', page('<html><body>This post is not available in your country.</body></html>')],
    ['a script payload', page('for (;;);{"error":1357001}')],
    ['JSON', page('{}', { headers: { 'content-type': 'application/json' } })],
    ['an empty page', page('')],
    ['garbage bytes', { ...page(''), body: Buffer.from([0xff, 0xfe, 0x00, 0x3c, 0x21, 0x2d, 0x2d]) }],
  ])('%s', (_name, p) => {
    const r = parseInteractionsFacebook(p, ref, post(PHOTO));
    expect(r.state).toBe('no_verdict');
    expect(r.interactions).toEqual([]);
    expect(r.reason).toBeTruthy();
  });
});

describe('commentTime', () => {
  const now = Date.parse('2021-06-08T10:00:00Z'); // a Tuesday
  it.each([
    ['Just now', '2021-06-08T10:00:00.000Z'],
    ['1 min', '2021-06-08T09:59:00.000Z'],
    ['14 mins', '2021-06-08T09:46:00.000Z'],
    ['1 hr', '2021-06-08T09:00:00.000Z'],
    ['21 hrs', '2021-06-07T13:00:00.000Z'],
    ['Yesterday at 18:05', '2021-06-07T18:05:00.000Z'],
    ['Yesterday at 6:05 pm', '2021-06-07T18:05:00.000Z'],
    ['on Sun', '2021-06-06T12:00:00.000Z'],
    ['on Mon', '2021-05-31T12:00:00.000Z'],
    ['last Thu', '2021-05-27T12:00:00.000Z'],
    ['2 wks', '2021-05-25T10:00:00.000Z'],
    ['5 Jun at 00:33', '2021-06-05T00:33:00.000Z'],
    ['12 December at 10:01', '2020-12-12T10:01:00.000Z'],
    ['3 March 2019', '2019-03-03T12:00:00.000Z'],
    ['1 yr', '2020-06-08T10:00:00.000Z'],
  ])('%s', (shown, iso) => {
    expect(new Date(commentTime(shown, now)!).toISOString()).toBe(iso);
  });
  it('wording it does not read is no time', () => {
    expect(commentTime('вчера в 10:30', now)).toBeUndefined();
    expect(commentTime('', now)).toBeUndefined();
    expect(commentTime('5 parsecs', now)).toBeUndefined();
  });
});
