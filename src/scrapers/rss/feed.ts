// A neutral model of a parsed feed (RSS 2.0, Atom, YouTube Atom, JSON Feed), and the
// sniffing that decides which parser applies. Pure.
import type { MediaRef } from '../types.js';
import { parseJsonFeed } from './json-feed.js';
import { parseXmlFeed } from './xml.js';

export type FeedKind = 'rss' | 'atom' | 'youtube' | 'json';

export interface FeedItem {
  /** guid / Atom id / JSON Feed id; the link when the feed gives none. */
  id: string;
  url: string;
  title: string;
  /** Summary or content as HTML (may be plain text in feeds that do not escape). */
  html: string;
  /** Plain-text summary when the feed gives one separately (YouTube media:description). */
  plain?: string;
  publishedAt?: string;
  updatedAt?: string;
  author?: string;
  views?: number;
  media: MediaRef[];
}

export interface FeedDoc {
  kind: FeedKind;
  title?: string;
  description?: string;
  link?: string;
  /** YouTube channel id (yt:channelId of the feed). */
  channelId?: string;
  image?: string;
  items: FeedItem[];
}

/** Parse bytes as a feed; null when they are not one (HTML page, captive portal, garbage). */
export function readFeed(body: Buffer, baseUrl: string): FeedDoc | null {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 1);
  if (head === '{') return parseJsonFeed(text, baseUrl);
  if (head === '<') return parseXmlFeed(text, baseUrl);
  return null;
}

/** RFC 822 (RSS) and ISO (Atom/JSON) dates → ISO 8601 UTC; undefined when unreadable. */
export function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s.trim());
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** Media kind from a MIME type or a media:content `medium`. */
export function mediaType(mime: string | undefined, medium?: string): MediaRef['type'] {
  const m = (medium ?? mime ?? '').toLowerCase();
  if (m.startsWith('image')) return 'photo';
  if (m.startsWith('video') || m.includes('shockwave')) return 'video';
  if (m.startsWith('audio')) return 'audio';
  return 'document';
}
