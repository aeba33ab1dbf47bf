// What counts as a VK post's content for edit detection (its digest): the words, links, author,
// repost source and attachments; never counters, never signed CDN URLs (userapi.com rotates their
// `sign`/`c_uniq_tag` queries), never the date: VK prints it relative to the request ("3 hours
// ago"), so the instant computed from it moves between polls. Pure.
import type { PostRecord } from '../types.js';

// Query strings of userapi.com / vkuserphoto.ru / vk.me CDN URLs are signed per request.
const CDN_QUERY = /(https?:)?\/\/[a-z0-9.-]*(?:userapi\.com|vkuserphoto\.ru|vk\.me|vkuser\.net)\/[^"'\s?)]*\?[^"'\s)]*/gi;
// Per-request tokens in links VK renders (reaction/share hashes, `hash=` of away.php).
const HASH_PARAM = /([?&](?:amp;)?)(hash|h)=[0-9a-f]+/gi;
const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*')/gi;

export const stableVkHtml = (html: string): string =>
  html.replace(STYLE_ATTR, '').replace(CDN_QUERY, (u) => u.slice(0, u.indexOf('?'))).replace(HASH_PARAM, '$1$2=').replace(/\s+/g, ' ').trim();

export function vkContent(p: PostRecord): unknown {
  return [
    p.key,
    p.text,
    p.author ?? null,
    p.forwardedFrom?.name ?? null,
    p.links,
    p.media.map((m) => [m.type, m.duration ?? null, m.title ?? null]),
    stableVkHtml(p.html),
  ];
}
