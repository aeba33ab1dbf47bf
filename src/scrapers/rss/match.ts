// Recognise an rss: target and normalise its URL.
import type { TargetRef } from '../types.js';
import { normaliseUrl } from '../url.js';

/**
 * Accepts `rss:<http(s) url>` and bare YouTube channel feed URLs
 * (`https://www.youtube.com/feeds/videos.xml?channel_id=…`). Other bare URLs are left to
 * other scrapers (a bare URL is ambiguous between a feed and a web page).
 */
export function matchRss(input: string): TargetRef | null {
  const s = input.trim();
  const spec = /^rss:(.*)$/i.exec(s);
  const candidate = spec ? spec[1] : isYouTubeFeed(s) ? s : null;
  if (candidate === null) return null;
  const key = normaliseUrl(candidate);
  return key ? { platform: 'rss', key, spec: `rss:${key}` } : null;
}

function isYouTubeFeed(s: string): boolean {
  try {
    const u = new URL(s);
    return /(^|\.)youtube\.com$/i.test(u.hostname) && u.pathname === '/feeds/videos.xml' && u.searchParams.has('channel_id');
  } catch {
    return false;
  }
}
