// Instagram comments as interactions: the shortcode → media pk conversion (checked on pairs from
// public answers), the plan (app id header, session), and answers shaped like the web client's
// api/v1/media/<pk>/comments/ JSON (test/fixtures/instagram/PROVENANCE.md "Comments"): authors,
// anonymous pictures, previewed answers, the account's own comments; walls, checkpoints, 429 and
// foreign answers are no verdict; comments_disabled is `none`.
import { describe, expect, it } from 'vitest';
import { instagramScraper as ig } from '../../../../src/scrapers/instagram/index.js';
import { mediaIdOf, shortcodeOfMediaId } from '../../../../src/scrapers/instagram/comments.js';
import type { FetchedPage, PostRecord } from '../../../../src/scrapers/types.js';
import { HTML_HEADERS, JSON_HEADERS, LOGIN_HTML, UNAVAILABLE_HTML } from './answers.js';

const ref = ig.match('instagram:natgeo')!;
const settings = ig.settings.parse({ interactionsPerPoll: 2 });
const post: PostRecord = { id: 'natgeo/CMfCQHSJ7vh', key: 'CMfCQHSJ7vh', order: '1615900000000', url: 'https://www.instagram.com/p/CMfCQHSJ7vh/', text: 'caption', html: '', edited: false, links: [], media: [] };
const URL_ = 'https://www.instagram.com/api/v1/media/2530751419030944737/comments/?can_support_threading=true&permalink_enabled=false';
const page = (body: string, o: { status?: number; finalUrl?: string; headers?: Record<string, string> } = {}): FetchedPage => ({
  url: URL_,
  finalUrl: o.finalUrl ?? URL_,
  status: o.status ?? 200,
  headers: o.headers ?? JSON_HEADERS,
  body: Buffer.from(body),
  fetchedAt: '2026-01-01T00:00:00.000Z',
  purpose: 'interactions',
});

const ANON = 'https://scontent-hel3-1.cdninstagram.com/v/t51.2885-19/44884218_345707102882519_2446069589734326272_n.jpg?_nc_ht=scontent-hel3-1.cdninstagram.com&_nc_cat=1&oh=00_AT9&oe=61BE9FFF&ig_cache_key=YW5vbnltb3VzX3Byb2ZpbGVfcGlj.2';
const PIC = (n: string) => `https://scontent-hel3-1.cdninstagram.com/v/t51.2885-19/s150x150/${n}_n.jpg?_nc_ht=scontent-hel3-1.cdninstagram.com&oh=00_AT8&oe=61BDE643`;
const user = (pk: string, username: string, o: { fullName?: string; pic?: string | null; anon?: boolean } = {}) => ({
  pk,
  pk_id: pk,
  username,
  full_name: o.fullName ?? '',
  is_private: false,
  is_verified: false,
  ...(o.pic !== null ? { profile_pic_id: `${pk}_1`, profile_pic_url: o.pic ?? PIC(pk) } : {}),
  ...(o.anon !== undefined ? { has_anonymous_profile_picture: o.anon } : {}),
});
const comment = (pk: string, u: object, text: string, createdAt: number, extra: object = {}) => ({
  pk,
  user_id: (u as { pk: string }).pk,
  type: 0,
  did_report_as_spam: false,
  created_at: createdAt,
  created_at_utc: createdAt,
  content_type: 'comment',
  status: 'Active',
  bit_flags: 0,
  share_enabled: true,
  media_id: '2530751419030944737',
  text,
  is_covered: false,
  comment_like_count: 3,
  user: u,
  child_comment_count: 0,
  preview_child_comments: [],
  ...extra,
});
const answer = (comments: object[], o: { count?: number } = {}) =>
  JSON.stringify({
    comment_likes_enabled: true,
    comments,
    comment_count: o.count ?? comments.length,
    caption: { pk: '1', text: 'caption', type: 1 },
    caption_is_edited: false,
    has_more_comments: false,
    has_more_headload_comments: (o.count ?? 0) > comments.length,
    threading_enabled: true,
    media_header_display: 'none',
    display_realtime_typing_indicator: true,
    status: 'ok',
  });

describe('instagram comments: plan', () => {
  it('a shortcode is its media pk in URL-safe base64 (pairs from public answers), and back', () => {
    expect(mediaIdOf('CMfCQHSJ7vh')).toBe('2530751419030944737');
    expect(mediaIdOf('CSTg-0FH89e')).toBe('2635595260958330718');
    expect(shortcodeOfMediaId(2635595260958330718n)).toBe('CSTg-0FH89e');
    // Private posts' long share codes and foreign keys name no pk.
    expect(mediaIdOf('CSTg-0FH89eAAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(mediaIdOf('no/slash')).toBeUndefined();
  });

  it('plans the first comments page with the app id header and a session; none for a long share code', () => {
    const step = ig.planInteractions!(ref, settings, post)!;
    expect(step).toMatchObject({ via: 'http', url: URL_, purpose: 'interactions', needsSession: true });
    expect(step.headers).toMatchObject({ 'x-ig-app-id': '936619743392459' });
    expect(ig.planInteractions!(ref, settings, { ...post, key: 'CSTg-0FH89eAAAAAAAAAAAAAAAAAAAAAA' })).toBeUndefined();
    expect(ig.settings.parse({}).interactionsPerPoll).toBe(0);
  });
});

describe('instagram comments: parse', () => {
  it('comments and previewed answers: author, anonymous picture, time, permalink, total; the account\'s own answers left out', () => {
    const farm = user('58101', 'olgaiv123456', { pic: ANON });
    const flagged = user('58102', 'annape654321', { pic: PIC('58102'), anon: true });
    const real = user('4012', 'maria_petrova', { fullName: 'Мария Петрова' });
    const noPic = user('58103', 'ivansm777001', { pic: null });
    const own = user('1', 'natgeo', { fullName: 'National Geographic' });
    const body = answer(
      [
        comment('17871375683538333', farm, 'This account spreads fake news, report it!', 1735862201),
        comment('17871375683538334', real, 'Спасибо за репортаж', 1735862300, {
          child_comment_count: 2,
          preview_child_comments: [comment('17913343571118278', flagged, '@maria_petrova report it now', 1735862400, { parent_comment_id: '17871375683538334' }), comment('17913343571118279', own, '@maria_petrova thank you', 1735862500, { parent_comment_id: '17871375683538334' })],
        }),
        comment('17871375683538335', noPic, 'report it', 1735862600),
      ],
      { count: 44 },
    );
    const r = ig.parseInteractions!(page(body), ref, post);
    expect(r.state).toBe('ok');
    expect(r.total).toBe(44);
    expect(r.interactions.map((i) => [i.kind, i.key, i.author.username, i.author.avatar])).toEqual([
      ['comment', '17871375683538333', 'olgaiv123456', false],
      ['comment', '17871375683538334', 'maria_petrova', true],
      ['reply', '17913343571118278', 'annape654321', false],
      ['comment', '17871375683538335', 'ivansm777001', false],
    ]);
    const [first, second, reply] = r.interactions;
    expect(first).toMatchObject({ url: 'https://www.instagram.com/p/CMfCQHSJ7vh/c/17871375683538333/', text: 'This account spreads fake news, report it!', at: '2025-01-02T23:56:41.000Z', author: { name: 'olgaiv123456', url: 'https://www.instagram.com/olgaiv123456/', avatarUrl: ANON } });
    expect(second.author.name).toBe('Мария Петрова');
    expect(reply.replyTo).toEqual({ key: '17871375683538334', name: 'maria_petrova' });
    // Instagram shows neither account age nor followers under a post.
    expect(first.author.createdAt).toBeUndefined();
    expect(first.author.followers).toBeUndefined();
  });

  it('a page with next_min_id names the older page: the same request with min_id set; the last page names none', () => {
    const cursor = '{"cached_comments_cursor": "17871375683538333", "bifilter_token": "KGkCAA"}';
    const body = JSON.stringify({ ...JSON.parse(answer([comment('17871375683538333', user('58101', 'olgaiv123456'), 'report it', 1735862201)], { count: 40 })), next_min_id: cursor });
    const r = ig.parseInteractions!(page(body), ref, post);
    expect(r.state).toBe('ok');
    expect(r.next).toBeUndefined();
    const more = new URL(r.more!.url);
    expect(more.origin + more.pathname).toBe('https://www.instagram.com/api/v1/media/2530751419030944737/comments/');
    expect(more.searchParams.get('min_id')).toBe(cursor);
    expect(more.searchParams.get('can_support_threading')).toBe('true');
    expect(r.more).toMatchObject({ via: 'http', purpose: 'interactions' });
    expect(ig.parseInteractions!(page(answer([])), ref, post).more).toBeUndefined();
    expect(ig.settings.parse({}).interactionsPages).toBe(1);
    expect(() => ig.settings.parse({ interactionsPages: 9 })).toThrow();
  });

  it('an empty first page is ok with none listed; comments_disabled is `none`', () => {
    expect(ig.parseInteractions!(page(answer([])), ref, post)).toMatchObject({ state: 'ok', interactions: [], total: 0 });
    const off = ig.parseInteractions!(page(JSON.stringify({ comments_disabled: true, comment_count: 0, comments: [], status: 'ok' })), ref, post);
    expect(off.state).toBe('none');
    expect(off.reason).toMatch(/comments_disabled/);
  });

  it('login walls, expired sessions, checkpoints, throttling, 429, 5xx and foreign answers are no verdict', () => {
    const cases: [FetchedPage, RegExp][] = [
      [page(JSON.stringify({ require_login: true, status: 'fail' }), { status: 401 }), /login wall/],
      [page(JSON.stringify({ message: 'login_required', error_title: "You've Been Logged Out", logout_reason: 8, status: 'fail' }), { status: 401 }), /login wall/],
      [page(JSON.stringify({ message: 'checkpoint_required', checkpoint_url: 'https://www.instagram.com/challenge/AXH/', lock: true, status: 'fail' }), { status: 400 }), /checkpoint/],
      [page(JSON.stringify({ message: 'challenge_required', status: 'fail' }), { status: 400 }), /checkpoint/],
      [page(JSON.stringify({ message: 'feedback_required', spam: true, feedback_title: "Sorry, this feature isn't available right now", status: 'fail' }), { status: 400 }), /throttled/],
      [page(JSON.stringify({ message: 'Please wait a few minutes before you try again.', require_login: true, status: 'fail' }), { status: 400 }), /login wall|throttled/],
      [page('Too Many Requests', { status: 429, headers: { 'content-type': 'text/plain' } }), /429/],
      [page('<html>Error</html>', { status: 502, headers: HTML_HEADERS }), /502/],
      [page(LOGIN_HTML, { finalUrl: 'https://www.instagram.com/accounts/login/?next=%2Fapi%2Fv1%2Fmedia%2F' , headers: HTML_HEADERS }), /redirected/],
      [page(LOGIN_HTML, { headers: HTML_HEADERS }), /login page/],
      [page(UNAVAILABLE_HTML, { status: 404, headers: HTML_HEADERS }), /isn't available/],
      [page(JSON.stringify({ message: 'useragent mismatch', status: 'fail' }), { status: 400 }), /useragent mismatch/],
      [page(JSON.stringify({ data: { user: null }, status: 'ok' })), /comments\[\]/],
      [page(answer([{ pk: 'x', text: 'no user' }])), /another shape/],
    ];
    for (const [p, reason] of cases) {
      const r = ig.parseInteractions!(p, ref, post);
      expect(r.state, reason.source).toBe('no_verdict');
      expect(r.interactions).toEqual([]);
      expect(r.reason).toMatch(reason);
    }
  });
});
