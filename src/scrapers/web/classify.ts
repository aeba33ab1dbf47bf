// What a fetched listing page says. A page where the selector finds nothing (and no feed is
// advertised) is "unknown": a redesign or a captive portal must never look like a takedown.
import type { FetchedPage, PageState } from '../types.js';
import { headerValue } from '../item-page.js';
import { parseListing, type WebListing } from './listing.js';
import { selectorOf } from './target.js';

export interface WebClassification {
  state: PageState;
  reason?: string;
  listing?: WebListing;
}

export function classifyWeb(p: FetchedPage): WebClassification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429' };
  if (p.status === 404 || p.status === 410) return { state: 'not_found', reason: `HTTP ${p.status}: listing removed` };
  if (p.status < 200 || p.status >= 300) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const type = headerValue(p.headers, 'content-type');
  if (type !== undefined && !/html/i.test(type)) return { state: 'unknown', reason: `not HTML (${type})` };
  const selector = selectorOf(p.url);
  const listing = parseListing(p.body.toString('utf8'), p.finalUrl || p.url, selector);
  if (listing.items.length > 0) return { state: 'ok', listing };
  if (listing.feedUrl) return { state: 'ok', reason: `no items for "${selector}", but the page advertises a feed`, listing };
  return { state: 'unknown', reason: `no items match "${selector}" and no feed is advertised` };
}
