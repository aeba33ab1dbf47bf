// A post's comments as interactions, read from the post's own mobile page, the page facebook-scraper
// reads them from (kevinzg/facebook-scraper `facebook_scraper/extractors.py`, `extract_comments_full`
// and `parse_comment`): the comments area `div.ufi`, each comment `div[data-sigil="comment"]` with
// its id in `id` (and `data-store {"token":"<post>_<comment>"}`), the commenter's picture
// `img.profpic` whose `alt` is "<Name>, profile picture" and whose parent link, when shown, is the
// profile (`commenter_url`), the commenter's numeric id in `data-sigil="feed_story_ring<id>"`, the text
// in `[data-sigil="comment-body"]`, the time as printed in the first `<abbr>` ("11 hrs", "on Fri"),
// inline replies as `div[data-sigil="comment inline-reply"]`. The recorded pages
// (test/fixtures/facebook) hide the page's body in `<code><!-- … --></code>`; facebook-scraper strips
// the comment markers before parsing, and so does this. Pure.
import * as cheerio from 'cheerio';
import type { Cheerio } from 'cheerio';
import type { Element } from 'domhandler';
import { htmlToText } from '../html-text.js';
import type { FetchedPage, FetchStep, Interaction, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { CONSENT, GEO, LOGIN_PAGE, LOGIN_PATH, PAYLOAD_PREFIX, UNAVAILABLE, headerValue, pathOf } from './markers.js';
import { cleanHref } from './story.js';
import { commentTime } from './when.js';

/**
 * Facebook's default profile picture (the silhouette), served from fbcdn under this file name
 * whatever the size: the Graph API answers it with `picture.data.is_silhouette: true` (the answer
 * quoted in darwin-morocho/flutter-facebook-auth's web plugin, `getUserData`).
 */
export const DEFAULT_PICTURE = /84628273_176159830277856_972693363922829312_n\./;

/** First path segments of facebook.com that are features, not a person's or Page's vanity name. */
const NOT_A_NAME = /^(?:profile\.php|people|pages|groups|story\.php|photo\.php|permalink\.php|login|hashtag|watch|l\.php)$/i;

/** The post's own page (`/<page>/posts/<id>`, redirected by Facebook to its story, photo or video page): it lists the comments. */
export function planInteractionsFacebook(t: TargetRef, s: { baseUrl: string; via: 'http' | 'browser' }, post: PostRecord): FetchStep {
  // Facebook shows comments mostly to logged-in viewers: a configured session is sent (config `sessions`).
  return { via: s.via, url: `${s.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(t.key)}/posts/${encodeURIComponent(post.key)}`, purpose: 'interactions', needsSession: true };
}

const noVerdict = (reason: string): InteractionsProbe => ({ state: 'no_verdict', interactions: [], reason });

/** The page's body with the `<code><!-- … --></code>` wrappers of the mobile site's deferred markup opened. */
const unwrapped = (html: string): string => html.replace(/<code\b[^>]*>\s*<!--([\s\S]*?)-->\s*<\/code>/g, '$1');

/** `<post>_<comment>`: the comment body's `data-commentid`, else the `data-store` token. */
const tokenOf = (el: Cheerio<Element>): string | undefined => {
  const body = el.find('[data-sigil~="comment-body"]').first().attr('data-commentid');
  if (body) return body;
  try {
    const t = (JSON.parse(el.attr('data-store') ?? '{}') as { token?: unknown }).token;
    return typeof t === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
};

/** The comment element a node sits in (an inline reply sits in its comment), or null. */
const parentComment = (x: Element): Element | null => {
  for (let p = x.parent; p && p.type === 'tag'; p = p.parent) {
    if (/(^|\s)comment(\s|$)/.test((p as Element).attribs['data-sigil'] ?? '')) return p as Element;
  }
  return null;
};

/** Elements of comment `el` that belong to it, not to a reply nested inside it. */
const own = (el: Cheerio<Element>, sel: string): Cheerio<Element> => el.find(sel).filter((_, x) => parentComment(x) === el.get(0));

function interactionOf(el: Cheerio<Element>, postUrl: string, now: number, parentKey: string | undefined): Interaction | undefined {
  const token = tokenOf(el);
  const key = /^\d{1,30}$/.test(el.attr('id') ?? '') ? el.attr('id')! : /_(\d{1,30})$/.exec(token ?? '')?.[1];
  if (!key) return undefined;
  const pic = own(el, 'img.profpic').first();
  const alt = (pic.attr('alt') ?? pic.attr('aria-label') ?? '').replace(/,\s*profile picture$/i, '').trim();
  const bodyEl = own(el, '[data-sigil~="comment-body"]').first();
  const name = alt || bodyEl.prev().text().trim() || own(el, 'h3').first().text().trim();
  if (!name) return undefined;
  const link = cleanHref(pic.closest('a[href]').attr('href') ?? own(el, 'h3 a[href]').first().attr('href'));
  const commenterId = /feed_story_ring(\d{1,25})/.exec(own(el, '[data-sigil^="feed_story_ring"]').first().attr('data-sigil') ?? '')?.[1];
  // Only a facebook.com profile link names the commenter (markup pointing elsewhere names nobody).
  const profile = link && /(^|\.)facebook\.com$/.test(new URL(link).hostname) ? link : undefined;
  const vanity = profile ? /^\/([A-Za-z0-9.]{5,50})\/?$/.exec(new URL(profile).pathname)?.[1] : undefined;
  const username = vanity && !NOT_A_NAME.test(vanity) ? vanity.toLowerCase() : undefined;
  const url = profile ?? (commenterId ? `https://www.facebook.com/profile.php?id=${commenterId}` : undefined);
  const src = pic.attr('src');
  const shown = own(el, 'abbr').first().text().trim();
  const at = shown ? commentTime(shown, now) : undefined;
  return {
    kind: parentKey ? 'reply' : 'comment',
    key,
    url: `${postUrl}${postUrl.includes('?') ? '&' : '?'}comment_id=${key}`,
    author: {
      name,
      ...(username ? { username } : {}),
      ...(url ? { url } : {}),
      // An author without a picture, or with Facebook's silhouette, has no avatar.
      avatar: src !== undefined && !DEFAULT_PICTURE.test(src),
      ...(src ? { avatarUrl: src } : {}),
    },
    text: htmlToText(bodyEl.html() ?? ''),
    ...(at !== undefined ? { at: new Date(at).toISOString(), atShown: shown } : shown ? { atShown: shown } : {}),
    ...(parentKey ? { replyTo: { key: parentKey } } : {}),
  };
}

export function parseInteractionsFacebook(p: FetchedPage, _t: TargetRef, post: PostRecord): InteractionsProbe {
  if (p.status === 429 || p.status >= 500) return noVerdict(`HTTP ${p.status}`);
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return noVerdict(`redirected to ${pathOf(p.finalUrl)}`);
  const type = headerValue(p.headers, 'content-type');
  if (type !== undefined && !/html/i.test(type)) return noVerdict(`not a Facebook page (${type})`);
  const text = p.body.toString('utf8');
  if (text.startsWith(PAYLOAD_PREFIX)) return noVerdict('a script-guarded answer, not the post page');
  if (CONSENT.test(text)) return noVerdict('cookie consent interstitial');
  if (LOGIN_PAGE.test(text)) return noVerdict('login page');
  const geo = GEO.exec(text);
  if (geo) return noVerdict(`withheld: ${geo[0]}`);
  // The post gone or hidden from this viewer: its deletion is the post probe's to confirm, not this.
  if (UNAVAILABLE.test(text)) return noVerdict('the post page is unavailable');
  if (p.status !== 200) return noVerdict(`HTTP ${p.status}`);
  const $ = cheerio.load(unwrapped(text));
  const comments = $('[data-sigil~="comment"]').toArray().map((x) => $(x));
  // Comments of this post (their token starts with its id); else those of the page's first comments
  // area (a photo or video page names the post by another id).
  const prefixOf = (el: Cheerio<Element>) => /^(\d+)_/.exec(tokenOf(el) ?? '')?.[1];
  const firstPrefix = comments.length ? prefixOf(comments[0]!) : undefined;
  const wanted = comments.some((c) => prefixOf(c) === post.key) ? post.key : firstPrefix;
  const ogUrl = $('meta[property="og:url"]').attr('content') ?? '';
  const named = wanted === post.key || ogUrl.includes(post.key) || decodeURIComponent(p.finalUrl).includes(post.key) || $(`#ufi_${post.key}`).length > 0;
  if (!named) return noVerdict('the page does not show this post (changed markup?)');
  const now = Date.parse(p.fetchedAt);
  const interactions: Interaction[] = [];
  for (const c of comments) {
    if (wanted !== undefined && prefixOf(c) !== wanted) continue;
    const parent = parentComment(c.get(0)!);
    const i = interactionOf(c, post.url, now, parent ? ($(parent).attr('id') ?? undefined) : undefined);
    if (i) interactions.push(i);
  }
  // "View more comments" announces how many there are (facebook-scraper reads its `count=` as the total).
  const more = $(`#see_next_${wanted ?? post.key} a, #see_prev_${wanted ?? post.key} a`).first().attr('data-ajaxify-href') ?? '';
  const count = Number(/[?&]count=(\d{1,9})/.exec(more)?.[1]);
  const listed = interactions.filter((i) => i.kind === 'comment').length;
  return { state: 'ok', interactions, total: Number.isFinite(count) && count > listed ? count : listed };
}
