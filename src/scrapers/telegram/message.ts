// One `div.tgme_widget_message` → PostRecord. Albums are folded into their first post.
import type { PostRecord } from '../types.js';
import { attr, findAll, findFirst, indexByClass, isElement, innerHtml, normaliseUrl, textOf, type Dom, type Element } from './dom.js';
import { extractMedia, MEDIA_CLASSES } from './media.js';
import { cmpOrder } from '../order.js';
import { decodeDataView, keyFromPostUrl, parseCount, splitPostRef } from './values.js';

const MESSAGE_CLASSES = new Set<string>([
  ...MEDIA_CLASSES,
  'tgme_widget_message_text',
  'tgme_widget_message_views',
  'tgme_widget_message_meta',
  'tgme_widget_message_date',
  'tgme_widget_message_from_author',
  'tgme_widget_message_forwarded_from',
  'tgme_widget_message_forwarded_from_name',
  'tgme_widget_message_reply',
  'tgme_widget_message_grouped_wrap',
  'tgme_widget_message_service_text',
]);

export interface MessageContext {
  dom: Dom;
  /** Origin used when a post has no date link of its own (e.g. "https://t.me"). */
  origin: string;
}

/** Parse one message block; undefined when it is not a post (no usable data-post). */
export function parseMessage(el: Element, ctx: MessageContext): PostRecord | undefined {
  const ref = splitPostRef(el.attribs['data-post']);
  if (!ref) return undefined;
  const idx = indexByClass(el, MESSAGE_CLASSES);
  const one = (cls: string): Element | undefined => idx.get(cls)?.[0];
  const all = (cls: string): Element[] => idx.get(cls) ?? [];

  const reply = one('tgme_widget_message_reply');
  // Text of the post itself, not of the message it replies to or a link preview.
  const textEl = unwrapText(all('tgme_widget_message_text').find((t) => !reply || !isInside(t, reply)));
  const dateLink = one('tgme_widget_message_date');
  const time = dateLink ? findFirst(dateLink, (e) => e.name === 'time' && e.attribs.datetime !== undefined) : undefined;
  const meta = one('tgme_widget_message_meta');
  const author = textOf(one('tgme_widget_message_from_author'));
  const views = parseCount(textOf(one('tgme_widget_message_views')) || undefined);
  const service = el.attribs.class?.split(/\s+/).includes('service_message') ?? false;
  const textSource = textEl ?? one('tgme_widget_message_service_text');

  const post: PostRecord = {
    id: `${ref.name.toLowerCase()}/${ref.key}`,
    // The message id is both the address and the publication order within the channel.
    key: ref.key,
    order: ref.key,
    url: attr(dateLink, 'href') ?? `${ctx.origin}/${ref.name}/${ref.key}`,
    text: textOf(textSource),
    html: innerHtml(ctx.dom, textSource).trim(),
    edited: isEdited(meta),
    links: textEl ? findAll(textEl, (e) => e.name === 'a' && e.attribs.href !== undefined).map((a) => normaliseUrl(attr(a, 'href') ?? '')) : [],
    media: extractMedia(all),
  };
  const publishedAt = time?.attribs.datetime ? toIso(time.attribs.datetime) : undefined;
  if (publishedAt) post.publishedAt = publishedAt;
  if (views !== undefined) post.views = views;
  if (author) post.author = author;
  const fwd = forwardedFrom(one('tgme_widget_message_forwarded_from'), one('tgme_widget_message_forwarded_from_name'));
  if (fwd) post.forwardedFrom = fwd;
  if (reply) post.replyTo = replyTo(reply);
  const grouped = groupedKeys(el, all('tgme_widget_message_grouped_wrap'), ref.key);
  if (grouped) post.groupedKeys = grouped;
  if (service) post.service = true;
  return post;
}

/** "edited" is a bare text node of the meta line; the signature next to it may say anything. */
function isEdited(meta: Element | undefined): boolean {
  if (!meta) return false;
  return meta.children.some((c) => c.type === 'text' && /\bedited\b/i.test(c.data));
}

function forwardedFrom(wrap: Element | undefined, nameEl: Element | undefined): PostRecord['forwardedFrom'] {
  if (!wrap) return undefined;
  // The source may be a hidden user (no link): then only the name is shown, without <a>.
  const name = textOf(nameEl) || textOf(wrap).replace(/^Forwarded from\s*/i, '');
  if (!name) return undefined;
  const href = nameEl?.name === 'a' ? attr(nameEl, 'href') : undefined;
  return href ? { name, url: normaliseUrl(href) } : { name };
}

function replyTo(reply: Element): NonNullable<PostRecord['replyTo']> {
  const url = normaliseUrl(attr(reply, 'href') ?? '');
  const out: NonNullable<PostRecord['replyTo']> = { url };
  const key = keyFromPostUrl(url);
  if (key !== undefined) out.key = key;
  const text = textOf(findFirst(reply, (e) => (e.attribs.class ?? '').includes('metatext') || (e.attribs.class ?? '').includes('reply_text')));
  if (text) out.text = text;
  return out;
}

/** Album members: `?single` links in the grouped wrap, or at least the "<id>g" marker of data-view. */
function groupedKeys(el: Element, wraps: Element[], key: string): string[] | undefined {
  const keys = new Set<string>();
  for (const w of wraps) {
    for (const a of findAll(w, (e) => e.name === 'a' && /[?&]single\b/.test(e.attribs.href ?? ''))) {
      const k = keyFromPostUrl(a.attribs.href.replace(/\?.*$/, ''));
      if (k !== undefined) keys.add(k);
    }
  }
  const p = decodeDataView(el.attribs['data-view'])?.p;
  if (keys.size === 0 && !(typeof p === 'string' && p.endsWith('g'))) return undefined;
  keys.add(key);
  return [...keys].sort(cmpOrder);
}

/** Album captions come double-wrapped (`div.tgme_widget_message_text > div.tgme_widget_message_text`). */
function unwrapText(el: Element | undefined): Element | undefined {
  let cur = el;
  while (cur) {
    const kids = cur.children.filter((c) => c.type !== 'text' || c.data.trim() !== '');
    const only = kids.length === 1 ? kids[0] : undefined;
    if (only && isElement(only) && (only.attribs.class ?? '').split(/\s+/).includes('tgme_widget_message_text')) cur = only;
    else return cur;
  }
  return cur;
}

function isInside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

const toIso = (s: string): string | undefined => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
};
