// web: target keys and the `#sel=<css>` override. The selector travels in the URL fragment
// of the planned fetch (fragments are never sent to the server), so classify() and parse(),
// which only see the fetched page, know which selector applies. Pure.
import { normaliseUrl } from '../url.js';

export const DEFAULT_SELECTOR = 'a';
const SEL = '#sel=';

export interface WebTarget {
  /** The listing URL, normalised, without the fragment. */
  url: string;
  /** The per-target selector override, if any. */
  selector?: string;
}

/** `https://x/press/#sel=.news a` → {url, selector}. Accepts the selector raw or percent-encoded. */
export function splitTarget(input: string): WebTarget | null {
  const i = input.indexOf(SEL);
  const rawUrl = i >= 0 ? input.slice(0, i) : input;
  const url = normaliseUrl(rawUrl);
  if (!url) return null;
  if (i < 0) return { url };
  const selector = decode(input.slice(i + SEL.length)).trim();
  return selector === '' ? { url } : { url, selector };
}

export const targetKey = (w: WebTarget): string => (w.selector ? `${w.url}${SEL}${w.selector}` : w.url);

/** URL to fetch for a listing: the selector (override, else the configured one) rides in the fragment. */
export function listingUrl(w: WebTarget, configured: string): string {
  const sel = w.selector ?? configured;
  return sel === DEFAULT_SELECTOR ? w.url : `${w.url}${SEL}${encodeURIComponent(sel)}`;
}

/** The selector a fetched listing page was planned with. */
export const selectorOf = (pageUrl: string): string => splitTarget(pageUrl)?.selector ?? DEFAULT_SELECTOR;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
