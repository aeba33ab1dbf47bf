// Shared by the platforms whose posts are statements (feed items, press-release listings): their
// post key, publication order and digest content. Pure.
import type { PostRecord } from './types.js';
import { stableKey } from './stable-hash.js';

export { stableKey };

/**
 * Publication order of a statement: publication time in ms × 1000 plus the last three digits of
 * its key, so items of a date-only listing (same midnight) stay distinct and in a stable order.
 * An undated item has no publication order: its order is its key (a 48-bit hash), which sorts it
 * below every item dated after 1979. Never derived from the item's position, which shifts.
 */
export function statementOrder(key: string, publishedAt: string | undefined): string {
  const t = publishedAt ? Date.parse(publishedAt) : NaN;
  if (!Number.isFinite(t)) return key;
  return (BigInt(t) * 1000n + BigInt(Number(key.slice(-3)) || 0)).toString();
}

const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*')/gi;

/**
 * What counts as a statement's content for edit detection: title and text, links, attachments,
 * publication date, author and the summary's markup (without inline styles). Not its order (which
 * follows the date) nor view counts.
 */
export function statementContent(p: PostRecord): unknown {
  return [
    p.key,
    p.text,
    p.edited,
    p.publishedAt ?? null,
    p.author ?? null,
    p.links,
    p.media.map((m) => [m.type, m.duration ?? null, m.title ?? null]),
    p.service ?? false,
    p.html.replace(STYLE_ATTR, '').replace(/\s+/g, ' ').trim(),
  ];
}
