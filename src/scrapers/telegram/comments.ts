// A post's public discussion (its comments) from the comments widget,
// t.me/<channel>/<post>?embed=1&discussion=1: header "44 comments on this post", one
// `div.tgme_widget_message[data-post-id]` per comment, or a notice in `div.tme_no_messages_found`
// when the discussion is off or its group is not public. Pure.
import type { FetchedPage, Interaction, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { attr, findFirst, hasClass, indexByClass, normaliseUrl, parseHtml, textOf, type Element } from './dom.js';
import { extractMedia, MEDIA_CLASSES } from './media.js';
import { matchTelegram } from './match.js';

const PAGE = new Set(['tgme_post_discussion_header', 'tgme_post_discussion', 'tme_no_messages_found', 'tgme_widget_message', 'tgme_page', 'tgme_channel_info']);
const COMMENT = new Set<string>([
  ...MEDIA_CLASSES,
  'tgme_widget_message_user_photo',
  'tgme_widget_message_author_name',
  'tgme_widget_message_text',
  'tgme_widget_message_date',
  'tgme_widget_message_reply',
  'tgme_widget_message_reply_template',
]);

// Telegram's notices (ArchiveTeam's telegram-grab accepts both as valid widget answers).
const UNAVAILABLE = /Discussion is not available at the moment/i;
const NOT_PUBLIC = /Please open Telegram to view this discussion/i;

/** The comments widget URL of a post. `limit`: comments per page (Telegram's `comments_limit`). */
export function planComments(t: TargetRef, s: { baseUrl: string; commentsLimit: number }, post: PostRecord) {
  if (post.service) return undefined; // "Channel created" and the like have no discussion
  const base = s.baseUrl.replace(/\/+$/, '');
  return { via: 'http' as const, url: `${base}/${t.key}/${encodeURIComponent(post.key)}?embed=1&discussion=1&comments_limit=${s.commentsLimit}`, purpose: 'interactions' as const };
}

export function parseComments(p: FetchedPage, _t: TargetRef, _post: PostRecord): InteractionsProbe {
  const none = (state: InteractionsProbe['state'], reason: string): InteractionsProbe => ({ state, interactions: [], reason });
  if (p.status === 429) return none('no_verdict', 'HTTP 429 from t.me');
  if (p.status < 200 || p.status >= 300) return none('no_verdict', `HTTP ${p.status}`);
  const dom = parseHtml(p.body);
  const idx = indexByClass(dom.root, PAGE, (el) => hasClass(el, 'tgme_widget_message'));
  const notice = textOf(idx.get('tme_no_messages_found')?.[0]);
  if (UNAVAILABLE.test(notice)) return none('none', notice);
  if (NOT_PUBLIC.test(notice)) return none('none', notice);
  const header = idx.get('tgme_post_discussion_header')?.[0];
  if (!header) return none('no_verdict', notice ? `unexpected notice: ${notice.slice(0, 100)}` : 'not a discussion widget (no "comments on this post" header)');
  const out: Interaction[] = [];
  const seen = new Set<string>();
  for (const el of idx.get('tgme_widget_message') ?? []) {
    const c = parseComment(el);
    if (c && !seen.has(c.key)) {
      seen.add(c.key);
      out.push(c);
    }
  }
  const total = countOf(textOf(findFirst(header, (e) => hasClass(e, 'js-header'))) || textOf(header));
  return { state: 'ok', interactions: out, ...(total !== undefined ? { total } : {}) };
}

/** "44 comments" → 44, "1 comment" → 1, "Comments" (none yet) → 0. */
function countOf(header: string): number | undefined {
  const m = /^([\d\s,.]+)\s*comments?/i.exec(header.trim());
  if (m) return Number(m[1].replace(/[\s,.]/g, ''));
  return /^comments\b/i.test(header.trim()) ? 0 : undefined;
}

function parseComment(el: Element): Interaction | undefined {
  const key = el.attribs['data-post-id'];
  if (!key || !/^\d{1,18}$/.test(key)) return undefined;
  const idx = indexByClass(el, COMMENT);
  // The reply template is the comment again, for the composer; a reply block quotes the answered one.
  const aside = [...(idx.get('tgme_widget_message_reply_template') ?? []), ...(idx.get('tgme_widget_message_reply') ?? [])];
  const own = (cls: string): Element[] => (idx.get(cls) ?? []).filter((x) => !aside.some((a) => a === x || isInside(x, a)));
  const nameEl = own('tgme_widget_message_author_name')[0];
  const photo = own('tgme_widget_message_user_photo')[0];
  const img = photo ? findFirst(photo, (e) => e.name === 'img') : undefined;
  const href = nameEl?.name === 'a' ? attr(nameEl, 'href') : undefined;
  const username = href ? matchTelegram(href)?.key : undefined;
  const author: Interaction['author'] = { name: textOf(nameEl), avatar: img !== undefined };
  if (href) author.url = normaliseUrl(href);
  if (username) author.username = username;
  const avatarUrl = attr(img, 'src');
  if (avatarUrl) author.avatarUrl = normaliseUrl(avatarUrl);
  const dateLink = own('tgme_widget_message_date')[0];
  const time = dateLink ? findFirst(dateLink, (e) => e.name === 'time') : undefined;
  const out: Interaction = { kind: 'comment', key, author, text: textOf(own('tgme_widget_message_text')[0]) };
  const url = attr(dateLink, 'href');
  if (url) out.url = normaliseUrl(url);
  const at = toIso(attr(time, 'datetime'));
  if (at) out.at = at;
  const reply = (idx.get('tgme_widget_message_reply') ?? []).find((r) => !(idx.get('tgme_widget_message_reply_template') ?? []).some((t) => isInside(r, t)));
  if (reply) {
    const to: NonNullable<Interaction['replyTo']> = {};
    const m = /[?&]comment=(\d{1,18})/.exec(attr(reply, 'href') ?? '');
    if (m) to.key = m[1];
    const name = textOf(findFirst(reply, (e) => hasClass(e, 'tgme_widget_message_author_name')));
    if (name) to.name = name;
    const text = textOf(findFirst(reply, (e) => hasClass(e, 'tgme_widget_message_text') || hasClass(e, 'tgme_widget_message_metatext')));
    if (text) to.text = text;
    out.replyTo = to;
  }
  const media = extractMedia((cls) => own(cls));
  if (media.length) out.media = media;
  return out;
}

function isInside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

const toIso = (s: string | undefined): string | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};

