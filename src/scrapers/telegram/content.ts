// What counts as a Telegram post's content for edit detection (its digest): the words, links,
// formatting and attachments; never view counts, and never the query of signed CDN URLs, which
// t.me rotates on every request. Pure.
import type { PostRecord } from '../types.js';

// Signed CDN URLs (cdn*.telesco.pe / cdn*.telegram-cdn.org) rotate their query; inline styles carry
// background-image URLs of the same kind. Neither is part of what was said.
const CDN_QUERY = /(https?:)?\/\/cdn\d*\.(?:telesco\.pe|telegram-cdn\.org|cdn-telegram\.org)\/[^"'\s?]*\?[^"'\s]*/g;
const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*')/gi;

/** The html of a post without volatile parts: a changed link target or formatting is an edit. */
export const stableHtml = (html: string): string =>
  html.replace(STYLE_ATTR, '').replace(CDN_QUERY, (u) => u.slice(0, u.indexOf('?'))).replace(/\s+/g, ' ').trim();

/**
 * The stable content of one post. Media URLs are left out (signed, rotating); so is `id`, which
 * embeds the username a rename changes without changing the post.
 */
export function telegramContent(p: PostRecord): unknown {
  return [
    p.key,
    p.text,
    p.edited,
    p.publishedAt ?? null,
    p.author ?? null,
    p.forwardedFrom?.name ?? null,
    p.replyTo?.key ?? p.replyTo?.url ?? null,
    p.links,
    p.media.map((m) => [m.type, m.duration ?? null, m.title ?? null]),
    p.groupedKeys ?? null,
    p.service ?? false,
    stableHtml(p.html),
  ];
}
