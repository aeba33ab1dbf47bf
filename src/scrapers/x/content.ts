// What counts as an X post's content for edit detection (its digest): the words, links, media kinds
// and files, the retweeted source and the reply target; never view counts, and never the query
// of media URLs. Pure.
import type { PostRecord } from '../types.js';

const noQuery = (u: string | undefined): string | null => (u === undefined ? null : u.replace(/[?#].*$/, ''));

/** `id` is left out: it embeds the handle, which a rename changes without changing the post. */
export function xContent(p: PostRecord): unknown {
  return [
    p.key,
    p.text,
    p.edited,
    p.publishedAt ?? null,
    p.forwardedFrom?.name ?? null,
    p.forwardedFrom?.url ?? null,
    p.replyTo?.key ?? p.replyTo?.url ?? null,
    p.links,
    p.media.map((m) => [m.type, noQuery(m.url ?? m.thumbUrl), m.duration ?? null]),
  ];
}
