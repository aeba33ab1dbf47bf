// What counts as an Instagram post's content for edit detection: the caption, its links, when it
// was taken and what media it carries; never counts (views, likes) nor the signed, rotating CDN
// URLs of its images. Pure.
import type { PostRecord } from '../types.js';

export function instagramContent(p: PostRecord): unknown {
  return [p.key, p.text, p.publishedAt ?? null, p.links, p.media.map((m) => m.type)];
}
