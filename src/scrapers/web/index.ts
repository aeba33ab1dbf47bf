// Listing pages of press releases (ministries, prosecutors, presidents' offices).
import { statementContent } from '../statement.js';
import type { FetchStep, PlatformScraper, TargetRef } from '../types.js';
import { classifyWeb } from './classify.js';
import { parseItemPage } from '../item-page.js';
import { matchWeb } from './match.js';
import { parseWeb, parseWebPost } from './parse.js';
import { WebSettings } from './settings.js';
import { listingUrl, splitTarget } from './target.js';

const listing = (t: TargetRef, s: WebSettings, purpose: FetchStep['purpose']): FetchStep => {
  const w = splitTarget(t.key) ?? { url: t.key };
  return { via: 'http', url: listingUrl(w, s.itemSelector), purpose };
};

const PLATFORM = 'web' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const webScraper: PlatformScraper<typeof PLATFORM, typeof WebSettings> = {
  platform: PLATFORM,
  displayName: 'Web',
  examples: ['web:https://www.gov.example/press/', 'web:https://www.gov.example/news/#sel=.news-item a'],
  settings: WebSettings,
  listingModel: 'feed',
  match: matchWeb,
  planListing: (t, s) => listing(t, s, 'listing'),
  // The key is a hash of the item URL: re-read the listing (parsePost), or use planItem.
  planPost: (t, s) => listing(t, s, 'post'),
  planLanding: (t, s) => listing(t, s, 'landing'),
  planItem: (_t, _s, post) => ({ via: 'http', url: post.url, purpose: 'post' }),
  classify: (p) => {
    const { state, reason } = classifyWeb(p);
    return reason === undefined ? { state } : { state, reason };
  },
  parse: parseWeb,
  parsePost: parseWebPost,
  parseItem: parseItemPage,
  stableContent: statementContent,
  captures: { kind: 'statement', wanted: (capture) => capture.statements === true },
  // A bare URL cannot say it is a listed statement: statements are cited by their target and title.
  cite: () => null,
  citeAs: 'webpage',
};

export { WebSettings } from './settings.js';
export { matchWeb } from './match.js';
export { classifyWeb } from './classify.js';
export { parseWeb, parseWebPost, itemToPost } from './parse.js';
export { parseListing, type WebItem, type WebListing } from './listing.js';
export { splitTarget, listingUrl, selectorOf, DEFAULT_SELECTOR, type WebTarget } from './target.js';
export { findDate } from './dates.js';
