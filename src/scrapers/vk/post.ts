// One wall post → PostRecord. Two markups: the mobile site's `div.wall_item` (what Vigil fetches)
// and the desktop `div.post` (older recordings, and vk.com pages a user saves). Pure.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { MediaRef, PostRecord } from '../types.js';
import { tidy } from '../html-text.js';
import { parseVkDate } from './dates.js';
import { backgroundUrl, outboundUrl, parseVkCount, splitPostId } from './values.js';

export interface PostContext {
  $: CheerioAPI;
  /** Origin of the page (post URLs and relative links resolve against it). */
  origin: string;
  /** Lower-case account name the post ids are prefixed with (`life/-24199209_18932515`). */
  account: string;
  /** When the page was fetched: VK's relative dates count from it (no dates without it). */
  fetchedAt: Date | undefined;
  utcOffsetMinutes: number;
}

export interface WallPost {
  post: PostRecord;
  /** VK's "pinned post" / "Запись закреплена": shown first whatever its age. */
  pinned: boolean;
}

export function parseWallPost(el: Cheerio<Element>, ctx: PostContext): WallPost | undefined {
  const mobile = el.hasClass('wall_item');
  const ref = mobile
    ? (splitPostId(el.find('a.post__anchor').attr('name')) ?? splitPostId(el.attr('data-post-id')) ?? splitPostId(el.find('[data-post-id]').first().attr('data-post-id')) ?? splitPostId(el.find('a.wi_date').attr('href')))
    : splitPostId(el.attr('id'));
  if (!ref) return undefined;
  const { $ } = ctx;
  // Only this post's own parts, never a nested repost or a comment below it.
  const own = (sel: string): Cheerio<Element> => el.find(sel).filter((_, x) => $(x).closest('div.wall_item, div.post, div.reply, .copy_quote')[0] === el[0]);
  const textEl = mobile ? own('.pi_text').first() : own('.wall_post_text').first();
  const dateEl = mobile ? own('a.wi_date').first() : own('.rel_date, .post_date .rel_date').first();
  const post: PostRecord = {
    id: `${ctx.account}/${ref.key}`,
    // The wall's `<owner>_<post>` id addresses the post; its number orders the wall.
    key: ref.key,
    order: ref.order,
    url: `${ctx.origin}/wall${ref.key}`,
    text: textOf($, textEl),
    html: (textEl.html() ?? '').trim(),
    edited: false,
    links: linksOf($, textEl, ctx.origin),
    media: mobile ? mobileMedia($, own('.pi_medias').first()) : desktopMedia($, el),
  };
  const at = dateOf(dateEl, ctx);
  if (at) post.publishedAt = at;
  const views = mobile
    ? (parseVkCount(own('.wall_item_views').attr('aria-label')) ?? parseVkCount(own('.Socials__viewsCount').first().text()))
    : parseVkCount(own('.like_views, ._views, .post_views').first().text());
  if (views !== undefined) post.views = views;
  const author = tidy((mobile ? own('a.pi_author') : own('a.author, a.post_author')).first().text());
  if (author) post.author = author;
  const copy = el.find('a.copy_author').first();
  if (copy.length) {
    const url = outboundUrl(copy.attr('href'), ctx.origin);
    post.forwardedFrom = url ? { name: tidy(copy.text()), url } : { name: tidy(copy.text()) };
  }
  const explain = tidy(own('.wi_explain, .post_fixed_label').text()).toLowerCase();
  return { post, pinned: /pinned|закреп/.test(explain) || el.hasClass('post_fixed') };
}

/**
 * Text as shown once expanded, `<br>` as line breaks. Mobile: visible start, "See more" link, hidden
 * rest (kept). Desktop: a shortened copy, "Показать полностью.." link, then the whole text hidden: the
 * short copy goes.
 */
function textOf($: CheerioAPI, el: Cheerio<Element>): string {
  if (el.length === 0) return '';
  const c = el.clone();
  c.find('a.wall_post_more').each((_, a) => {
    $(a).prev('span').remove();
  });
  c.find('.pi_text_more, .wall_post_more, script, style').remove();
  c.find('br').replaceWith('\n');
  return tidy(c.text());
}

function linksOf($: CheerioAPI, el: Cheerio<Element>, origin: string): string[] {
  const out = new Set<string>();
  el.find('a[href]').each((_, a) => {
    const x = $(a);
    if (x.hasClass('pi_text_more') || x.hasClass('wall_post_more')) return;
    const u = outboundUrl(x.attr('href'), origin);
    if (u) out.add(u);
  });
  return [...out];
}

function dateOf(el: Cheerio<Element>, ctx: PostContext): string | undefined {
  const unix = Number(el.attr('time'));
  if (Number.isFinite(unix) && unix > 0) return new Date(unix * 1000).toISOString();
  const text = tidy(el.attr('abs_time') ?? el.text());
  return text && ctx.fetchedAt ? parseVkDate(text, ctx.fetchedAt, ctx.utcOffsetMinutes) : undefined;
}

/** Mobile attachments: `a.thumb_link` to /photo… (big image in data-src_big) or /video… (duration label, poster). */
function mobileMedia($: CheerioAPI, box: Cheerio<Element>): MediaRef[] {
  const out: MediaRef[] = [];
  box.find('a[href]').each((_, a) => {
    const x = $(a);
    const href = x.attr('href') ?? '';
    const poster = backgroundUrl(x.find('[style*="background-image"]').first().attr('style'));
    if (/^\/video-?\d+_\d+/.test(href)) {
      const m: MediaRef = { type: 'video' };
      if (poster) m.thumbUrl = poster;
      const dur = tidy(x.find('.mt_dur').text());
      if (dur) m.duration = dur;
      const title = tidy(x.attr('aria-label') ?? '');
      if (title) m.title = title;
      out.push(m);
    } else if (/^\/photo-?\d+_\d+/.test(href)) {
      const big = (x.find('[data-src_big]').attr('data-src_big') ?? x.attr('data-src_big'))?.split('|')[0];
      const m: MediaRef = { type: 'photo' };
      const url = big ?? poster;
      if (url) m.url = url;
      out.push(m);
    }
  });
  return out;
}

/** Desktop attachments: photo thumbs (`a.page_post_thumb_wrap`) and video thumbs (`.page_post_thumb_video`). */
function desktopMedia($: CheerioAPI, el: Cheerio<Element>): MediaRef[] {
  const out: MediaRef[] = [];
  el.find('a.page_post_thumb_wrap, a.page_post_thumb_video').each((_, a) => {
    const x = $(a);
    const img = x.find('img').attr('src') ?? backgroundUrl(x.attr('style'));
    const video = x.hasClass('page_post_thumb_video') || /^\/video/.test(x.attr('href') ?? '');
    const m: MediaRef = { type: video ? 'video' : 'photo' };
    if (img) m[video ? 'thumbUrl' : 'url'] = img;
    out.push(m);
  });
  return out;
}
