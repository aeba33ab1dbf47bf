// Content digests that ignore volatile counters (views, subscribers, signed CDN URLs), so an
// unchanged account yields the same digest poll after poll.
import { sha256Hex as h } from '../ids.js';
import type { Observation, PostRecord } from '../scrapers/types.js';

/** Bumped whenever postContent changes; older hot states are re-baselined silently (step.ts). */
export const DIGEST_VERSION = 2;

// Signed CDN URLs (Telegram's cdn*.telesco.pe / cdn*.telegram-cdn.org) rotate their query; inline
// styles carry background-image URLs of the same kind. Neither is part of what was said.
const CDN_QUERY = /(https?:)?\/\/cdn\d*\.(?:telesco\.pe|telegram-cdn\.org|cdn-telegram\.org)\/[^"'\s?]*\?[^"'\s]*/g;
const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*')/gi;

/** The html of a post without volatile parts: a changed link target or formatting is an edit. */
export const stableHtml = (html: string): string =>
  html.replace(STYLE_ATTR, '').replace(CDN_QUERY, (u) => u.slice(0, u.indexOf('?'))).replace(/\s+/g, ' ').trim();

/**
 * The stable content of one post. Media URLs are left out: Telegram CDN links are signed and rotate.
 * `id` is left out too: it embeds the username, which a rename changes without changing the post.
 */
export function postContent(p: PostRecord): unknown {
  return [
    p.num,
    p.text,
    p.edited,
    p.publishedAt ?? null,
    p.author ?? null,
    p.forwardedFrom?.name ?? null,
    p.replyTo?.num ?? p.replyTo?.url ?? null,
    p.links,
    p.media.map((m) => [m.type, m.duration ?? null, m.title ?? null]),
    p.groupedIds ?? null,
    p.service ?? false,
    stableHtml(p.html),
  ];
}

/** Short (16 char) digest of a post's content, kept in the hot state. Service messages start with 's'. */
export const postDigest = (p: PostRecord): string =>
  p.service ? 's' + h(JSON.stringify(postContent(p))).slice(0, 15) : h(JSON.stringify(postContent(p))).slice(0, 16);
export const isServiceDigest = (d: string): boolean => d.startsWith('s');

/** Full digest of what an observation says, excluding counters. */
export function contentDigest(o: Observation, postDigests?: string[]): string {
  const c = o.channel;
  const channel = c ? [c.username, c.title ?? null, c.description ?? null, c.verified ?? null, c.channelId ?? null] : null;
  const posts = postDigests ?? o.posts.map(postDigest);
  return h(JSON.stringify([o.state, o.stateReason ?? null, channel, posts, o.range ?? null, o.reachedStart]));
}
