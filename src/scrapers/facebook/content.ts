// What counts as a Facebook post's content for edit detection: its text, links (unwrapped from
// Facebook's l.php redirector), publication time and kinds of attachment; never like/comment counts
// nor the signed, rotating fbcdn URLs of its images. Pure.
import type { PostRecord } from '../types.js';

export function facebookContent(p: PostRecord): unknown {
  return [p.key, p.text, p.publishedAt ?? null, p.links, p.media.map((m) => m.type)];
}
