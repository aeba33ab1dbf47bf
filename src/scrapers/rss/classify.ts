// What a fetched feed URL says. 404/410 mean the feed is gone; 429, 5xx and anything that
// does not parse as a feed are no-verdict (a captive portal is never a takedown).
import type { FetchedPage, PageState } from '../types.js';
import { readFeed, type FeedDoc } from './feed.js';

export interface FeedClassification {
  state: PageState;
  reason?: string;
  feed?: FeedDoc;
}

export function classifyFeed(p: FetchedPage): FeedClassification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429' };
  if (p.status === 404 || p.status === 410) return { state: 'not_found', reason: `HTTP ${p.status}: feed removed` };
  if (p.status < 200 || p.status >= 300) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const feed = readFeed(p.body, p.finalUrl || p.url);
  if (!feed) return { state: 'unknown', reason: 'not an RSS, Atom or JSON feed' };
  if (feed.items.length === 0) return { state: 'empty', reason: `${feed.kind} feed without items`, feed };
  return { state: 'ok', feed };
}
